"""Spark's feed ranking as a pure function: candidates in, ordered items with reasons out.

No database and no GraphQL here, so every rule is tested on hand-made candidates.

Score
-----
    score = (BASE + personal + engagement) / (hours + 2) ** GRAVITY

- `personal` = FOLLOW_WEIGHT when the viewer follows the author, plus INTEREST_WEIGHT per
  topic of the post that is one of the viewer's interests (at most MAX_INTEREST_TOPICS count,
  so tagging a post with ten topics does not buy reach). Zero in the trending feed.
- `engagement` = ENGAGEMENT_WEIGHT * log10(1 + smiles + COMMENT_WEIGHT * comments + votes):
  log-damped, so the 1,000th smile adds far less than the 10th and one viral post cannot bury
  everything else. Comments count double: they cost the member more than a tap.
- Recency: Lemmy's "hot rank" decay, (hours + 2) ** 1.8. We picked it over an exponential
  half-life because it never reaches zero (an old post with a strong personal signal can still
  surface when nothing new exists) while a post loses about half its rank between hour 0 and
  hour 1.5 and 90% by hour 12: a social feed's attention span. The +2 keeps a brand-new post
  from dividing by ~0 and dominating everything.
- BASE = 1 lets a post with no signal at all still be ordered by recency (the NEW items).

Nobody gets a hidden boost: the score reads only the signals above, never the author's role,
badges or programs (the Candidate has no such field on purpose).

Diversity
---------
No more than MAX_PER_AUTHOR posts by one author in any DIVERSITY_WINDOW consecutive items: a
re-ranking pass walks the score order and defers a post whose author already has
MAX_PER_AUTHOR posts among the previous DIVERSITY_WINDOW - 1 items; a deferred post comes back
at the first position where it fits, ahead of lower-scored posts. Only when every remaining
post is by a saturated author (a feed made of one or two authors) does the rule give way.

Ties are broken by post id, newest (highest) first, so the order is the same on every call.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

BASE = 1.0
FOLLOW_WEIGHT = 3.0
INTEREST_WEIGHT = 1.5
MAX_INTEREST_TOPICS = 2
ENGAGEMENT_WEIGHT = 1.0
COMMENT_WEIGHT = 2
GRAVITY = 1.8
HOURS_OFFSET = 2.0
# Engagement worth at least this much (log10 of ~10 interactions) makes a post TRENDING
# rather than NEW when no personal signal put it there.
TRENDING_MIN_ENGAGEMENT = 1.0
MAX_PER_AUTHOR = 2
DIVERSITY_WINDOW = 10


class Reason(StrEnum):
    """Why a post is in the feed: its strongest signal."""

    FOLLOWING = "FOLLOWING"
    INTEREST = "INTEREST"
    TRENDING = "TRENDING"
    NEW = "NEW"


@dataclass(frozen=True, slots=True)
class Candidate:
    post_id: int
    author_id: int
    created_at: datetime
    smile_count: int = 0
    comment_count: int = 0
    vote_count: int = 0
    # How many of the post's topics are among the viewer's interests.
    interest_overlap: int = 0
    author_followed: bool = False


@dataclass(frozen=True, slots=True)
class RankedItem:
    post_id: int
    author_id: int
    score: float
    reason: Reason


def engagement_of(candidate: Candidate) -> float:
    interactions = (
        max(candidate.smile_count, 0)
        + COMMENT_WEIGHT * max(candidate.comment_count, 0)
        + max(candidate.vote_count, 0)
    )
    return ENGAGEMENT_WEIGHT * math.log10(1 + interactions)


def decay_of(created_at: datetime, now: datetime) -> float:
    """The divisor for a post's age; a post from the future (clock skew) counts as new."""
    hours = max((now - created_at).total_seconds() / 3600.0, 0.0)
    return (hours + HOURS_OFFSET) ** GRAVITY


def score_of(candidate: Candidate, *, now: datetime, personal: bool = True) -> RankedItem:
    follow = FOLLOW_WEIGHT if personal and candidate.author_followed else 0.0
    interest = (
        INTEREST_WEIGHT * min(max(candidate.interest_overlap, 0), MAX_INTEREST_TOPICS)
        if personal
        else 0.0
    )
    engagement = engagement_of(candidate)
    score = (BASE + follow + interest + engagement) / decay_of(candidate.created_at, now)
    return RankedItem(
        post_id=candidate.post_id,
        author_id=candidate.author_id,
        score=score,
        reason=reason_of(follow=follow, interest=interest, engagement=engagement),
    )


def reason_of(*, follow: float, interest: float, engagement: float) -> Reason:
    """The signal that contributes most; on equal weight the more personal one wins."""
    signals = [
        (follow, Reason.FOLLOWING),
        (interest, Reason.INTEREST),
        (engagement if engagement >= TRENDING_MIN_ENGAGEMENT else 0.0, Reason.TRENDING),
    ]
    weight, reason = max(signals, key=lambda signal: signal[0])  # first of equals wins
    return reason if weight > 0 else Reason.NEW


def rank(
    candidates: Iterable[Candidate], *, now: datetime, personal: bool = True
) -> list[RankedItem]:
    """Score, sort (ties by newest id), then spread authors out."""
    scored = [score_of(candidate, now=now, personal=personal) for candidate in candidates]
    scored.sort(key=lambda item: (-item.score, -item.post_id))
    return diversify(scored)


def diversify(
    items: Sequence[RankedItem],
    *,
    max_per_author: int = MAX_PER_AUTHOR,
    window: int = DIVERSITY_WINDOW,
) -> list[RankedItem]:
    """Re-rank so that no author has more than `max_per_author` items in any `window`
    consecutive ones, keeping the given order otherwise (see the module docstring).

    At each position the best-ranked post that fits goes next (posts deferred earlier come
    first, they rank higher); only when no remaining post fits does the best one go anyway.
    This is greedy on purpose: it never demotes a top post to save room for the deep tail of
    the list, which nobody scrolls to, and it runs in linear time for usual feeds."""
    placed: list[RankedItem] = []
    recent: deque[int] = deque(maxlen=window - 1)  # authors of the last window-1 items
    in_recent: Counter[int] = Counter()
    # Skipped items per author, in rank order, with their rank. Only authors at the limit
    # have skipped items, and at most (window - 1) // max_per_author authors can be at the
    # limit at once: finding the best skipped item that fits looks at a handful of heads.
    deferred: dict[int, deque[tuple[int, RankedItem]]] = {}
    upcoming = enumerate(items)
    exhausted = False

    def fits(author_id: int) -> bool:
        return in_recent[author_id] < max_per_author

    def place(item: RankedItem) -> None:
        if len(recent) == recent.maxlen:
            in_recent[recent[0]] -= 1
        recent.append(item.author_id)
        in_recent[item.author_id] += 1
        placed.append(item)

    def take_deferred(author_id: int) -> None:
        queue = deferred[author_id]
        place(queue.popleft()[1])
        if not queue:
            del deferred[author_id]

    while deferred or not exhausted:
        heads = [(queue[0][0], author) for author, queue in deferred.items() if fits(author)]
        if heads:
            take_deferred(min(heads)[1])
            continue
        while not exhausted:
            entry = next(upcoming, None)
            if entry is None:
                exhausted = True
            elif fits(entry[1].author_id):
                place(entry[1])
                break
            else:
                deferred.setdefault(entry[1].author_id, deque()).append(entry)
        else:
            # Every remaining item is by an author at the limit: the rule gives way rather
            # than drop posts, and the best-ranked of them goes next.
            if deferred:
                take_deferred(min((queue[0][0], a) for a, queue in deferred.items())[1])
    return placed

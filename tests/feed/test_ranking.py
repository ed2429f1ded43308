"""The ranking rules on hand-made candidates: no database, no GraphQL."""

from __future__ import annotations

import math
from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from spark_graph.feed.ranking import (
    DIVERSITY_WINDOW,
    GRAVITY,
    MAX_PER_AUTHOR,
    Candidate,
    RankedItem,
    Reason,
    decay_of,
    diversify,
    rank,
    score_of,
)

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def post(
    post_id: int,
    *,
    author: int | None = None,
    hours_old: float = 1.0,
    smiles: int = 0,
    comments: int = 0,
    votes: int = 0,
    overlap: int = 0,
    followed: bool = False,
) -> Candidate:
    return Candidate(
        post_id=post_id,
        author_id=post_id if author is None else author,
        created_at=NOW - timedelta(hours=hours_old),
        smile_count=smiles,
        comment_count=comments,
        vote_count=votes,
        interest_overlap=overlap,
        author_followed=followed,
    )


def ids(items: list[RankedItem]) -> list[int]:
    return [item.post_id for item in items]


# --- ties -------------------------------------------------------------------------------


def test_equal_scores_are_ordered_by_newest_id_first():
    # given three posts identical in every signal
    candidates = [post(5), post(9), post(7)]
    # when
    ranked = rank(candidates, now=NOW)
    # then
    assert ids(ranked) == [9, 7, 5]


def test_ranking_does_not_depend_on_input_order():
    # given
    candidates = [post(i, smiles=i % 3, hours_old=i % 4) for i in range(1, 30)]
    # when
    forward = rank(candidates, now=NOW)
    backward = rank(list(reversed(candidates)), now=NOW)
    # then
    assert ids(forward) == ids(backward)


# --- decay ------------------------------------------------------------------------------


def test_newer_post_outranks_older_post_with_the_same_signals():
    # given
    candidates = [post(1, hours_old=30, smiles=20), post(2, hours_old=3, smiles=20)]
    # when
    ranked = rank(candidates, now=NOW)
    # then
    assert ids(ranked) == [2, 1]


def test_decay_follows_lemmy_hot_rank_gravity():
    # given a post 10 hours old
    created = NOW - timedelta(hours=10)
    # when
    divisor = decay_of(created, NOW)
    # then score / (hours + 2) ^ 1.8
    assert math.isclose(divisor, 12**GRAVITY)


def test_score_halves_within_the_first_hours_and_never_reaches_zero():
    # given the same post seen at different ages
    fresh = score_of(post(1, hours_old=0), now=NOW).score
    older = score_of(post(1, hours_old=1.5), now=NOW).score
    week_old = score_of(post(1, hours_old=24 * 7), now=NOW).score
    # then
    assert older < fresh / 1.5
    assert 0 < week_old < fresh / 1000


def test_post_from_the_future_counts_as_brand_new():
    # given a post stamped a minute after `now` (clock skew between servers)
    future = Candidate(post_id=1, author_id=1, created_at=NOW + timedelta(minutes=1))
    # then
    assert decay_of(future.created_at, NOW) == decay_of(NOW, NOW)


def test_strong_engagement_beats_a_slightly_newer_quiet_post():
    # given
    candidates = [post(1, hours_old=2, smiles=500, comments=50), post(2, hours_old=1.5)]
    # when
    ranked = rank(candidates, now=NOW)
    # then
    assert ids(ranked) == [1, 2]


def test_engagement_is_log_damped():
    # given
    ten = score_of(post(1, smiles=9), now=NOW).score
    hundred = score_of(post(1, smiles=99), now=NOW).score
    thousand = score_of(post(1, smiles=999), now=NOW).score
    # then each tenfold of smiles adds the same amount, not ten times more
    assert math.isclose(hundred - ten, thousand - hundred, rel_tol=0.01)


def test_comments_weigh_more_than_smiles_and_votes_count():
    # given
    smiled = score_of(post(1, smiles=10), now=NOW).score
    commented = score_of(post(1, comments=10), now=NOW).score
    voted = score_of(post(1, votes=10), now=NOW).score
    quiet = score_of(post(1), now=NOW).score
    # then
    assert commented > smiled == voted > quiet


# --- personal signals and reasons -------------------------------------------------------


def test_followed_author_and_interest_overlap_outrank_a_stranger():
    # given three posts of the same age, one followed, one in an interest
    candidates = [post(1), post(2, overlap=1), post(3, followed=True)]
    # when
    ranked = rank(candidates, now=NOW)
    # then
    assert ids(ranked) == [3, 2, 1]
    assert [item.reason for item in ranked] == [Reason.FOLLOWING, Reason.INTEREST, Reason.NEW]


def test_interest_overlap_counts_at_most_two_topics():
    # given
    two = score_of(post(1, overlap=2), now=NOW).score
    five = score_of(post(1, overlap=5), now=NOW).score
    one = score_of(post(1, overlap=1), now=NOW).score
    # then
    assert two == five > one


def test_reason_is_the_strongest_signal():
    # given an interest post with a huge crowd, and a followed post with a few smiles
    viral = score_of(post(1, overlap=1, smiles=5000, comments=900), now=NOW)
    followed = score_of(post(2, followed=True, overlap=2, smiles=50), now=NOW)
    # then
    assert viral.reason == Reason.TRENDING
    assert followed.reason == Reason.FOLLOWING


def test_a_few_smiles_are_not_trending():
    # given
    barely = score_of(post(1, smiles=3), now=NOW)
    busy = score_of(post(2, smiles=30), now=NOW)
    # then
    assert barely.reason == Reason.NEW
    assert busy.reason == Reason.TRENDING


def test_trending_feed_ignores_personal_signals():
    # given a followed, interesting, quiet post and a busy stranger's post of the same age
    candidates = [post(1, followed=True, overlap=2), post(2, smiles=40)]
    # when
    ranked = rank(candidates, now=NOW, personal=False)
    # then
    assert ids(ranked) == [2, 1]
    assert [item.reason for item in ranked] == [Reason.TRENDING, Reason.NEW]


def test_candidate_has_no_field_that_could_boost_influencers():
    # given the only inputs a score can read
    fields = set(Candidate.__dataclass_fields__)
    # then nothing about the author's programs, badges or role
    assert fields == {
        "post_id",
        "author_id",
        "created_at",
        "smile_count",
        "comment_count",
        "vote_count",
        "interest_overlap",
        "author_followed",
    }


# --- diversity --------------------------------------------------------------------------


def test_third_post_of_an_author_waits_until_the_window_allows_it():
    # given one prolific author with the five best posts and eight others below
    prolific = [post(100 + i, author=1, smiles=1000 - i) for i in range(5)]
    others = [post(i, author=10 + i) for i in range(1, 9)]
    # when
    ranked = rank(prolific + others, now=NOW)
    # then
    authors = [item.author_id for item in ranked]
    assert authors[:2] == [1, 1]
    assert 1 not in authors[2:10]
    assert authors[10:12] == [1, 1]
    assert authors[12] == 1  # nobody else is left: the rule gives way rather than drop posts


def test_deferred_post_comes_back_ahead_of_lower_scored_posts():
    # given author 1 holds the top three posts
    candidates = [post(1, author=1, smiles=900), post(2, author=1, smiles=800)]
    candidates += [post(3, author=1, smiles=700)]
    candidates += [post(10 + i, author=10 + i, smiles=100 - i) for i in range(12)]
    # when
    ranked = rank(candidates, now=NOW)
    # then post 3 is at position 11 (index 10), the first place it fits
    assert ids(ranked).index(3) == DIVERSITY_WINDOW


def window_violations(items: list[RankedItem]) -> list[int]:
    """Indexes i where item i makes its author exceed the limit among items i-9..i."""
    bad = []
    for i in range(len(items)):
        window = items[max(0, i - DIVERSITY_WINDOW + 1) : i + 1]
        if Counter(x.author_id for x in window)[items[i].author_id] > MAX_PER_AUTHOR:
            bad.append(i)
    return bad


signals = st.tuples(
    st.floats(min_value=0, max_value=72),  # hours old
    st.integers(min_value=0, max_value=2000),  # smiles
    st.integers(min_value=0, max_value=3),  # interest overlap
    st.booleans(),  # followed
)
candidate_sets = st.lists(st.tuples(st.integers(min_value=0, max_value=6), signals), max_size=40)


def candidates_from(specs) -> list[Candidate]:
    return [
        post(i + 1, author=a, hours_old=h, smiles=s, overlap=o, followed=f)
        for i, (a, (h, s, o, f)) in enumerate(specs)
    ]


@settings(max_examples=300, deadline=None)
@given(candidate_sets)
def test_every_window_of_ten_holds_at_most_two_per_author_when_possible(specs):
    # given any candidate set over a few authors
    candidates = candidates_from(specs)
    # when
    ranked = rank(candidates, now=NOW)
    # then nothing is lost or repeated
    assert sorted(ids(ranked)) == sorted(c.post_id for c in candidates)
    # and a window breaks the rule only where no remaining post could have fit: every post
    # not yet placed is by an author who already has two in the previous nine items
    for i in window_violations(ranked):
        before = Counter(x.author_id for x in ranked[max(0, i - DIVERSITY_WINDOW + 1) : i])
        assert all(before[x.author_id] >= MAX_PER_AUTHOR for x in ranked[i:])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=3), max_size=30),
    st.integers(min_value=0, max_value=10_000),
)
def test_prolific_authors_above_enough_others_never_break_the_rule(heavy, seed):
    # given a few prolific authors' posts in any order, and below them (older, quiet) four
    # one-post authors per prolific post: room to spread them out exists
    specs = [(a, (seed % 7, (seed * (i + 1)) % 997, 0, False)) for i, a in enumerate(heavy)]
    specs += [(100 + i, (80 + i % 5, 0, 0, False)) for i in range(len(heavy) * 4)]
    candidates = candidates_from(specs)
    # when
    ranked = rank(candidates, now=NOW)
    # then
    assert window_violations(ranked) == []


def test_diversify_keeps_the_order_when_authors_are_all_different():
    # given
    items = [RankedItem(post_id=i, author_id=i, score=1.0 / i, reason=Reason.NEW) for i in [1, 2]]
    items += [RankedItem(post_id=i, author_id=i, score=0.1, reason=Reason.NEW) for i in [3, 4]]
    # then
    assert diversify(items) == items

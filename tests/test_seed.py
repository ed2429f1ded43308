"""The demo world loads into an empty database, is big enough to explore, keeps the app's
rules, has exact counters, and its documented accounts can log in."""

from __future__ import annotations

from collections import defaultdict

from seed.loader import load_demo_world
from sqlalchemy import text

LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token user { id handle } errors { code } }
}
"""
VIEWER_QUERY = "query { viewer { handle isPrime } }"

# The accounts the README lists.
DEMO_ACCOUNTS = {
    "maya": ("spark-demo-2026", True),
    "sam": ("spark-demo-2026", False),
    "admin": ("spark-admin-2026", True),
}

MINIMUM_ROWS = {
    "user": 40,
    "topic": 12,
    "product": 150,
    "post": 300,
    "product_tag": 100,
    "poll": 20,
    "smile": 300,
    "comment": 100,
    "vote": 100,
    "idea_list": 20,
    "idea_list_item": 60,
    "follow": 40,
    "user_interest": 200,
}

# Each maintained counter and the rows it counts.
COUNTERS = {
    "post.smile_count": "SELECT count(*) FROM post p WHERE p.smile_count != "
    "(SELECT count(*) FROM smile s WHERE s.post_id = p.id)",
    "post.comment_count": "SELECT count(*) FROM post p WHERE p.comment_count != "
    "(SELECT count(*) FROM comment c WHERE c.post_id = p.id)",
    "post.vote_count": "SELECT count(*) FROM post p WHERE p.vote_count != "
    "(SELECT count(*) FROM vote v JOIN poll q ON q.id = v.poll_id WHERE q.post_id = p.id)",
    "poll.total_votes": "SELECT count(*) FROM poll q WHERE q.total_votes != "
    "(SELECT count(*) FROM vote v WHERE v.poll_id = q.id)",
    "poll_option.vote_count": "SELECT count(*) FROM poll_option o WHERE o.vote_count != "
    "(SELECT count(*) FROM vote v WHERE v.option_id = o.id)",
    "topic.follower_count": "SELECT count(*) FROM topic t WHERE t.follower_count != "
    "(SELECT count(*) FROM user_interest i WHERE i.topic_id = t.id)",
    "topic.post_count": "SELECT count(*) FROM topic t WHERE t.post_count != "
    "(SELECT count(*) FROM post_topic pt WHERE pt.topic_id = t.id)",
    "user.follower_count": 'SELECT count(*) FROM "user" u WHERE u.follower_count != '
    "(SELECT count(*) FROM follow f WHERE f.followee_id = u.id)",
    "user.following_count": 'SELECT count(*) FROM "user" u WHERE u.following_count != '
    "(SELECT count(*) FROM follow f WHERE f.follower_id = u.id)",
    "product.saved_count": "SELECT count(*) FROM product p WHERE p.saved_count != "
    "(SELECT count(*) FROM idea_list_item i WHERE i.product_id = p.id)",
    "idea_list.item_count": "SELECT count(*) FROM idea_list l WHERE l.item_count != "
    "(SELECT count(*) FROM idea_list_item i WHERE i.idea_list_id = l.id)",
}


async def scalar(sessions, sql):
    async with sessions() as session:
        return (await session.execute(text(sql))).scalar_one()


async def test_demo_world_loads_once_with_enough_of_everything(sessions, settings, clock):
    # when
    loaded = await load_demo_world(sessions, settings=settings, now=clock.now())
    again = await load_demo_world(sessions, settings=settings, now=clock.now())
    # then
    assert loaded is True
    assert again is False
    for table, minimum in MINIMUM_ROWS.items():
        count = await scalar(sessions, f'SELECT count(*) FROM "{table}"')
        assert count >= minimum, (table, count)
    assert await scalar(sessions, "SELECT count(DISTINCT category) FROM product") >= 15
    assert await scalar(sessions, "SELECT count(*) FROM vote WHERE reason IS NOT NULL") > 0
    assert await scalar(sessions, "SELECT count(*) FROM idea_list WHERE is_public") > 0
    assert await scalar(sessions, "SELECT count(*) FROM idea_list WHERE NOT is_public") > 0
    assert await scalar(sessions, "SELECT count(*) FROM topic_alias") > 12
    assert await scalar(sessions, 'SELECT count(*) FROM "user" WHERE is_prime') > 0
    assert await scalar(sessions, 'SELECT count(*) FROM "user" WHERE NOT is_prime') > 0
    assert await scalar(sessions, "SELECT max(created_at) FROM post") is not None


async def test_every_counter_equals_the_rows_it_counts(sessions, settings, clock):
    # given
    await load_demo_world(sessions, settings=settings, now=clock.now())
    for counter, sql in COUNTERS.items():
        # when
        wrong = await scalar(sessions, sql)
        # then
        assert wrong == 0, counter
    assert await scalar(sessions, "SELECT sum(smile_count) FROM post") == await scalar(
        sessions, "SELECT count(*) FROM smile"
    )


async def test_hashtags_route_posts_into_topics_by_alias(sessions, settings, clock):
    # given
    await load_demo_world(sessions, settings=settings, now=clock.now())
    async with sessions() as session:
        aliases = defaultdict(set)
        for alias, topic_id in (
            await session.execute(text("SELECT alias, topic_id FROM topic_alias"))
        ).all():
            aliases[alias].add(topic_id)
        slugs = dict((await session.execute(text("SELECT id, slug FROM topic"))).all())
        posts = (await session.execute(text("SELECT id, body FROM post"))).all()
        routed = defaultdict(set)
        for post_id, topic_id in (
            await session.execute(text("SELECT post_id, topic_id FROM post_topic"))
        ).all():
            routed[post_id].add(topic_id)
    # then: the slug without hyphens is always an alias
    for topic_id, slug in slugs.items():
        assert topic_id in aliases[slug.replace("-", "")], slug
    # and each post is in exactly the topics one of its hashtags names
    for post_id, body in posts:
        tags = {word[1:].lower().rstrip(".,!?") for word in body.split() if word.startswith("#")}
        expected = set().union(*(aliases.get(tag, set()) for tag in tags))
        assert routed[post_id] == expected, body
    assert sum(1 for post_id, _ in posts if routed[post_id]) == len(posts)


async def test_demo_accounts_log_in_through_http(gql, sessions, settings, clock):
    # given
    await load_demo_world(sessions, settings=settings, now=clock.now())
    for handle, (password, is_prime) in DEMO_ACCOUNTS.items():
        # when
        variables = {"input": {"handle": handle, "password": password}}
        logged_in = (await gql.data(LOG_IN_MUTATION, variables))["logIn"]
        viewer = (await gql.data(VIEWER_QUERY, token=logged_in["token"]))["viewer"]
        # then
        assert logged_in["errors"] == [], handle
        assert viewer == {"handle": handle, "isPrime": is_prime}

"""The operations the social tests send, as module-level constants."""

from __future__ import annotations

POST_CARD = """
fragment PostCard on Post {
  id
  body
  createdAt
  author { id handle displayName avatarUrl }
  media { url width height }
  hashtags
  topics { slug name }
  badges
  smileCount
  viewerHasSmiled
  commentCount
  productTags { x y product { id title savedCount } }
  poll {
    id
    totalVotes
    isClosed
    viewerVote { id }
    options { id label voteCount percentage }
  }
}
"""

CREATE_POST_MUTATION = (
    """
mutation CreatePost($input: CreatePostInput!) {
  createPost(input: $input) {
    post { ...PostCard }
    errors { field message code }
  }
}
"""
    + POST_CARD
)

DELETE_POST_MUTATION = """
mutation DeletePost($input: DeletePostInput!) {
  deletePost(input: $input) { deletedPostId errors { field message code } }
}
"""

SMILE_MUTATION = """
mutation Smile($input: SmileInput!) {
  smile(input: $input) {
    post { id smileCount viewerHasSmiled }
    errors { field message code }
  }
}
"""

UNSMILE_MUTATION = """
mutation Unsmile($input: SmileInput!) {
  unsmile(input: $input) {
    post { id smileCount viewerHasSmiled }
    errors { field message code }
  }
}
"""

ADD_COMMENT_MUTATION = """
mutation AddComment($input: AddCommentInput!) {
  addComment(input: $input) {
    comment { id body createdAt author { handle } }
    errors { field message code }
  }
}
"""

VOTE_MUTATION = """
mutation Vote($input: VoteInput!) {
  vote(input: $input) {
    poll { id totalVotes isClosed viewerVote { id } options { id label voteCount percentage } }
    errors { field message code }
  }
}
"""

FOLLOW_MUTATION = """
mutation Follow($input: FollowInput!) {
  follow(input: $input) {
    user { id followerCount followingCount viewerIsFollowing }
    errors { field message code }
  }
}
"""

UNFOLLOW_MUTATION = """
mutation Unfollow($input: FollowInput!) {
  unfollow(input: $input) {
    user { id followerCount followingCount viewerIsFollowing }
    errors { field message code }
  }
}
"""

CHOOSE_INTERESTS_MUTATION = """
mutation ChooseInterests($input: ChooseInterestsInput!) {
  chooseInterests(input: $input) {
    user { id interests { slug } }
    errors { field message code }
  }
}
"""

VIEWER_QUERY = """
query Viewer {
  viewer { id handle interests { id slug name } followingCount followerCount }
}
"""

TOPICS_QUERY = """
query Topics($first: Int, $after: String) {
  topics(first: $first, after: $after) {
    edges { cursor node { id slug name followerCount postCount aliases } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

TOPIC_QUERY = """
query TopicFeed($slug: String!, $first: Int, $after: String) {
  topic(slug: $slug) {
    id
    slug
    name
    followerCount
    postCount
    aliases
    posts(first: $first, after: $after) {
      edges { node { id body } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""

FEED_QUERY = (
    """
query Feed($first: Int, $after: String) {
  feed(first: $first, after: $after) {
    edges { cursor reason node { ...PostCard } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + POST_CARD
)

POST_QUERY = (
    """
query PostDetail($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on Post {
      ...PostCard
      comments(first: $first, after: $after) {
        edges { cursor node { id body createdAt author { handle } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""
    + POST_CARD
)

USER_QUERY = """
query UserNode($id: ID!) {
  node(id: $id) { ... on User { id followerCount followingCount viewerIsFollowing } }
}
"""

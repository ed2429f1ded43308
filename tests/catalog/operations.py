"""The catalog operations the tests send, as module-level constants."""

CREATE_IDEA_LIST = """
mutation CreateIdeaList($input: CreateIdeaListInput!) {
  createIdeaList(input: $input) {
    ideaList { id title description isPublic itemCount owner { handle } }
    errors { field message code }
  }
}
"""

SAVE_TO_IDEA_LIST = """
mutation SaveToIdeaList($input: SaveToIdeaListInput!) {
  saveToIdeaList(input: $input) {
    ideaList { id itemCount }
    product { id savedCount }
    errors { field message code }
  }
}
"""

REMOVE_FROM_IDEA_LIST = """
mutation RemoveFromIdeaList($input: RemoveFromIdeaListInput!) {
  removeFromIdeaList(input: $input) {
    ideaList { id itemCount }
    product { id savedCount }
    errors { field message code }
  }
}
"""

UPDATE_IDEA_LIST = """
mutation UpdateIdeaList($input: UpdateIdeaListInput!) {
  updateIdeaList(input: $input) {
    ideaList { id title description isPublic }
    errors { field message code }
  }
}
"""

DELETE_IDEA_LIST = """
mutation DeleteIdeaList($input: DeleteIdeaListInput!) {
  deleteIdeaList(input: $input) {
    deletedIdeaListId
    errors { field message code }
  }
}
"""

IDEA_LIST_NODE = """
query IdeaListNode($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on IdeaList {
      id
      title
      isPublic
      itemCount
      owner { handle }
      items(first: $first, after: $after) {
        edges { cursor node { note addedAt product { id title savedCount } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

MY_IDEA_LISTS = """
query MyIdeaLists {
  viewer {
    ideaLists(first: 20) {
      edges {
        node {
          id
          title
          isPublic
          itemCount
          items(first: 10) { edges { node { note addedAt product { id title savedCount } } } }
        }
      }
    }
  }
}
"""

USER_IDEA_LISTS = """
query UserIdeaLists($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on User {
      ideaLists(first: $first, after: $after) {
        edges { node { id title isPublic } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

PRODUCT = """
query Product($id: ID!, $first: Int, $after: String, $similar: Int) {
  node(id: $id) {
    ... on Product {
      id
      title
      brand
      category
      price { amount currency }
      savedCount
      savedIn(first: $first, after: $after) {
        edges { node { id title isPublic owner { handle } } }
        pageInfo { hasNextPage endCursor }
      }
      similar(first: $similar) { id title savedCount }
    }
  }
}
"""

SEARCH_PRODUCTS = """
query SearchProducts($query: String!, $first: Int, $after: String) {
  products(query: $query, first: $first, after: $after) {
    edges { cursor node { id title brand } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

"""Automatic persisted queries (Apollo's APQ protocol), so mobile clients send a hash instead
of the query text.

A request carries `extensions.persistedQuery = {version: 1, sha256Hash}`:
- hash alone, known: the stored query runs;
- hash alone, unknown: error `PersistedQueryNotFound` (code PERSISTED_QUERY_NOT_FOUND); the
  client retries with hash + query;
- hash + query: the hash is checked against the query's SHA-256, stored, and the query runs.

The store is a bounded in-process LRU: a cache, not a registry. Losing it (a restart, another
worker, eviction) only costs the client one retry with the full query."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
DEFAULT_CAPACITY = 2048


def query_hash(query: str) -> str:
    """The hash clients send: hex SHA-256 of the exact query text (UTF-8)."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


class PersistedQueryStore:
    """A bounded least-recently-used map from hash to query text, shared by the requests of
    one process (a lock, because sync resolvers may run in threads)."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self.capacity = capacity
        self._queries: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sha256_hash: str) -> str | None:
        with self._lock:
            query = self._queries.get(sha256_hash)
            if query is not None:
                self._queries.move_to_end(sha256_hash)
            return query

    def put(self, sha256_hash: str, query: str) -> None:
        with self._lock:
            self._queries[sha256_hash] = query
            self._queries.move_to_end(sha256_hash)
            while len(self._queries) > self.capacity:
                self._queries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._queries)


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class AutomaticPersistedQueries(SchemaExtension):
    """Resolves `extensions.persistedQuery` before the operation is parsed. Listed first
    among the schema's extensions, so that nothing has started when it refuses."""

    def __init__(self, store: PersistedQueryStore) -> None:
        super().__init__()
        self.store = store

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        persisted = (context.operation_extensions or {}).get("persistedQuery")
        if persisted is not None:
            self._resolve(context, persisted)
        yield

    def _resolve(self, context: Any, persisted: Any) -> None:
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            raise _error("PersistedQueryNotSupported", PERSISTED_QUERY_NOT_SUPPORTED)
        sha256_hash = persisted.get("sha256Hash")
        if not isinstance(sha256_hash, str) or not sha256_hash:
            raise _error("PersistedQueryNotSupported", PERSISTED_QUERY_NOT_SUPPORTED)
        sha256_hash = sha256_hash.lower()
        if context.query:
            if query_hash(context.query) != sha256_hash:
                raise _error("provided sha does not match query", PERSISTED_QUERY_HASH_MISMATCH)
            self.store.put(sha256_hash, context.query)
            return
        stored = self.store.get(sha256_hash)
        if stored is None:
            raise _error("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
        context.query = stored

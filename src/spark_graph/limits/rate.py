"""Rate limiting by cost: one token bucket of points per client, refilled every second.

The buckets live in this process's memory: a cache that a restart empties (every client
starts full again), and with N worker processes a client may get up to N times the rate.
That is the accepted trade for needing no shared store; put a shared limiter in front
(the proxy, or a Redis-backed bucket) when that matters."""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class Bucket:
    points: float
    updated_at: float  # seconds, from the app's clock


@dataclass(frozen=True)
class Charge:
    """The outcome of asking a bucket for points."""

    allowed: bool
    remaining: int
    retry_after_seconds: int


class CostBuckets:
    """Buckets by client key; least recently used buckets are forgotten past `max_clients`
    (a forgotten bucket comes back full, which only ever favours the client)."""

    def __init__(self, *, capacity: int, refill_per_second: int, max_clients: int) -> None:
        self.capacity = capacity
        self.refill_per_second = refill_per_second
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def charge(self, client: str, points: int, *, now: float) -> Charge:
        bucket = self._refilled(client, now)
        if points <= bucket.points:
            bucket.points -= points
            return Charge(allowed=True, remaining=int(bucket.points), retry_after_seconds=0)
        missing = points - bucket.points
        wait = math.ceil(missing / self.refill_per_second) if self.refill_per_second else 3600
        return Charge(allowed=False, remaining=int(bucket.points), retry_after_seconds=wait)

    def _refilled(self, client: str, now: float) -> Bucket:
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = Bucket(points=float(self.capacity), updated_at=now)
            self._buckets[client] = bucket
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(client)
            elapsed = max(now - bucket.updated_at, 0.0)
            bucket.points = min(
                float(self.capacity), bucket.points + elapsed * self.refill_per_second
            )
            bucket.updated_at = now
        return bucket


def client_key(*, user_id: int | None, api_key: str | None, address: str | None) -> str:
    """Who pays: the member, else the API key (hashed: secrets stay out of memory dumps),
    else the client address (behind a proxy, run uvicorn with --forwarded-allow-ips so that
    this is the real client and not the proxy)."""
    if user_id is not None:
        return f"user:{user_id}"
    if api_key:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()[:32]
    return f"addr:{address or 'unknown'}"

"""The token-bucket limiter behind the public operations."""

from __future__ import annotations

from register.web.serving.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_client_gets_its_burst_then_waits_for_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=2.0, burst=3, clock=clock)

    allowed = [limiter.retry_after("10.0.0.1") for _ in range(3)]
    refused = limiter.retry_after("10.0.0.1")

    assert allowed == [None, None, None]
    assert refused == 0.5
    clock.now = 0.5
    assert limiter.retry_after("10.0.0.1") is None


def test_clients_are_limited_separately() -> None:
    limiter = RateLimiter(rate=1.0, burst=1, clock=Clock())

    assert limiter.retry_after("a") is None
    assert limiter.retry_after("b") is None
    assert limiter.retry_after("a") == 1.0


def test_idle_clients_are_forgotten_when_the_table_is_full() -> None:
    clock = Clock()
    limiter = RateLimiter(rate=1.0, burst=1, clock=clock)
    limiter.MAX_KEYS = 2
    limiter.retry_after("a")
    limiter.retry_after("b")
    clock.now = 5.0

    assert limiter.retry_after("c") is None
    assert set(limiter._buckets) == {"c"}

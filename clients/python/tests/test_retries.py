"""Unit tests of the retry policy, with httpx's MockTransport standing in for the network."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from retort import ApiError, ConnectionFailed, RateLimited, Retort, ServiceUnavailable

ME = {
    "id": "00000000-0000-4000-8000-000000000001",
    "username": "alice",
    "email": None,
    "firstName": None,
    "lastName": None,
    "displayName": None,
    "isActive": True,
    "lastLogin": None,
    "createdAt": "2026-01-01T00:00:00Z",
    "updatedAt": "2026-01-01T00:00:00Z",
    "roles": ["user"],
    "authenticatedWith": "api-key",
}
TOOL = {
    "id": "00000000-0000-4000-8000-000000000002",
    "name": "ci",
    "displayName": "ci",
    "description": "",
    "tags": [],
    "authorId": "00000000-0000-4000-8000-000000000001",
    "isActive": True,
    "createdAt": "2026-01-01T00:00:00Z",
    "updatedAt": "2026-01-01T00:00:00Z",
}
PROBLEM = {"type": "about:blank", "title": "Too Many Requests", "status": 429, "detail": "slow down"}


def client_with(handler: Callable[[httpx.Request], httpx.Response], sleeps: list[float]) -> Retort:
    return Retort(
        "http://retort.test",
        api_key="rtk_test",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        max_retry_wait=30,
    )


def problem(status: int, headers: dict[str, str] | None = None, **extra: object) -> httpx.Response:
    body = {**PROBLEM, "status": status, **extra}
    return httpx.Response(status, json=body, headers={"Content-Type": "application/problem+json", **(headers or {})})


def test_429_waits_for_retry_after_then_succeeds() -> None:
    answers = [problem(429, {"Retry-After": "7"}), httpx.Response(200, json=ME)]
    sleeps: list[float] = []
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answers.pop(0)

    me = client_with(handler, sleeps).me()
    assert me.username == "alice"
    assert sleeps == [7.0]
    assert len(seen) == 2
    assert seen[0].headers["X-API-Key"] == "rtk_test"


def test_429_beyond_the_longest_wait_is_raised_with_retry_after() -> None:
    sleeps: list[float] = []
    with pytest.raises(RateLimited) as caught:
        client_with(lambda request: problem(429, {"Retry-After": "3600"}), sleeps).me()
    assert caught.value.retry_after == 3600
    assert caught.value.detail == "slow down"
    assert sleeps == []


def test_429_gives_up_after_max_retries() -> None:
    sleeps: list[float] = []
    with pytest.raises(RateLimited):
        client_with(lambda request: problem(429, {"Retry-After": "1"}), sleeps).me()
    assert sleeps == [1.0] * 5


def test_503_is_retried_for_a_get_with_backoff() -> None:
    answers = [problem(503), problem(503), httpx.Response(200, json=ME)]
    sleeps: list[float] = []
    assert client_with(lambda request: answers.pop(0), sleeps).me().username == "alice"
    assert len(sleeps) == 2 and 0 < sleeps[0] < sleeps[1]


def test_503_is_not_retried_for_a_post_without_idempotency_key() -> None:
    sleeps: list[float] = []
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return problem(503, {"Retry-After": "1"})

    client = client_with(handler, sleeps)
    with pytest.raises(ServiceUnavailable):
        client._http.json("POST", "/calculations/x/cancel")
    assert len(calls) == 1 and sleeps == []


def test_503_is_retried_for_a_post_with_idempotency_key_reusing_the_key() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return problem(503, {"Retry-After": "2"})
        return httpx.Response(201, json=TOOL)

    sleeps: list[float] = []
    client_with(handler, sleeps).tools.create("ci")
    assert len(calls) == 2 and sleeps == [2.0]
    assert calls[0].headers["Idempotency-Key"] == calls[1].headers["Idempotency-Key"]


def test_a_submission_left_queued_is_never_resent() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return problem(503, {"Retry-After": "1"}, outcome="left-queued", calculationId="abc")

    with pytest.raises(ServiceUnavailable) as caught:
        client_with(handler, []).calculations.submit(code="def run(p): pass")
    assert len(calls) == 1
    assert caught.value.extensions["outcome"] == "left-queued"


def test_connection_errors_are_retried_for_idempotent_calls_only() -> None:
    attempts: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if len(attempts) < 3:
            raise httpx.ReadError("connection reset", request=request)
        return httpx.Response(200, json=ME)

    sleeps: list[float] = []
    assert client_with(flaky, sleeps).me().username == "alice"
    assert attempts == ["GET"] * 3 and len(sleeps) == 2

    def broken(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        raise httpx.ReadError("connection reset", request=request)

    attempts.clear()
    with pytest.raises(ConnectionFailed):
        client_with(broken, []).calculations.get("x")
    assert attempts == ["GET"] * 6  # the first try and five retries

    attempts.clear()
    with pytest.raises(ConnectionFailed):
        client_with(broken, [])._http.json("POST", "/calculations/x/cancel")
    assert attempts == ["POST"]  # it may have been done: not sent again


def test_a_connect_error_is_retried_even_for_a_post_since_nothing_was_sent() -> None:
    attempts: list[str] = []

    def refused(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if len(attempts) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(202, json={})

    assert client_with(refused, [])._http.json("POST", "/calculations/x/cancel") == {}
    assert attempts == ["POST", "POST"]


def test_a_non_problem_error_body_still_gives_an_api_error() -> None:
    with pytest.raises(ApiError) as caught:
        client_with(lambda request: httpx.Response(502, text="<html>bad gateway</html>"), []).me()
    assert caught.value.status == 502
    assert "bad gateway" in (caught.value.detail or "")


def test_creating_an_api_key_is_not_retried_since_it_cannot_be_replayed() -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return problem(503, {"Retry-After": "1"})

    with pytest.raises(ServiceUnavailable):
        client_with(handler, []).create_api_key("ci")
    assert len(calls) == 1 and "Idempotency-Key" not in calls[0].headers

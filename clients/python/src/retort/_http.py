"""One httpx client with the API's conventions: credentials, problem+json errors, and retries.

Retry policy:
- 429 (the request was not processed): any request, after `Retry-After` seconds;
- 503 and connection errors: only requests that are safe to repeat: GET/HEAD/PUT/DELETE, and POSTs
  that carry an `Idempotency-Key` (the API replays the first answer instead of doing the work twice);
- 409 `idempotency-key-in-use` (the first attempt is still running): after `Retry-After`.
A wait longer than `max_retry_wait` is not slept through: the error is raised instead.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import ValidationError

from . import __version__
from .errors import ApiError, ConnectionFailed, api_error
from .models import Problem

API_PREFIX = "/api/v1"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
IDEMPOTENCY_HEADER = "Idempotency-Key"

BodyFactory = Callable[[], dict[str, Any]]
"""Builds the body arguments of one attempt (content=..., or data=/files=): a retry needs a fresh stream."""


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        # An HTTP date: rare from this API; treat as "soon".
        return 1.0


def problem_of(response: httpx.Response) -> Problem:
    try:
        body = response.json()
        if isinstance(body, dict):
            body.setdefault("status", response.status_code)
            body.setdefault("title", response.reason_phrase)
            return Problem.model_validate(body)
    except (ValueError, ValidationError):
        pass
    return Problem(
        type="about:blank",
        title=response.reason_phrase or "HTTP error",
        status=response.status_code,
        detail=response.text[:500] or None,
    )


class Http:
    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        max_retries: int = 5,
        max_retry_wait: float = 60.0,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = url.rstrip("/")
        headers = {"User-Agent": f"retort-client/{__version__}", "Accept": "application/json"}
        if api_key:
            headers["X-API-Key"] = api_key
        elif token:
            headers["Authorization"] = f"Bearer {token}"
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.backoff = backoff
        self.sleep = sleep
        self.client = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://", "/health", "/docs")) else API_PREFIX + path

    def _delay(self, attempt: int) -> float:
        return float(min(self.max_retry_wait, self.backoff * 2**attempt * (1 + random.random() / 2)))

    @contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        body: BodyFactory | None = None,
        headers: dict[str, str] | None = None,
        idempotent: bool | None = None,
        timeout: httpx.Timeout | None = None,
        auth: bool = True,
    ) -> Iterator[httpx.Response]:
        """Sends a request (retrying as the policy allows) and yields the open, successful response."""
        method = method.upper()
        headers = dict(headers or {})
        if idempotent is None:
            idempotent = method in SAFE_METHODS or IDEMPOTENCY_HEADER in headers
        attempt = 0
        while True:
            request = self.client.build_request(
                method,
                self.url(path),
                # None rather than {}: httpx replaces a URL's query (a presigned URL's signature) with params.
                params={k: v for k, v in params.items() if v is not None} if params else None,
                json=json,
                **(body() if body is not None else {}),
                headers=headers,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
            if not auth:
                request.headers.pop("X-API-Key", None)
                request.headers.pop("Authorization", None)
            try:
                response = self.client.send(request, stream=True)
            except (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError,
                    httpx.ConnectTimeout, httpx.ReadTimeout, httpx.PoolTimeout) as error:
                # A connect error means nothing was sent: safe for any request.
                safe = idempotent or isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout))
                if safe and attempt < self.max_retries:
                    self.sleep(self._delay(attempt))
                    attempt += 1
                    continue
                raise ConnectionFailed(f"{method} {request.url}: {type(error).__name__}: {error}") from error
            if response.status_code < 400:
                try:
                    yield response
                finally:
                    response.close()
                return
            response.read()
            response.close()
            error_ = api_error(problem_of(response), retry_after_seconds(response))
            wait = self._retry_wait(response, error_, idempotent, attempt)
            if wait is None:
                raise error_
            self.sleep(wait)
            attempt += 1

    def _retry_wait(self, response: httpx.Response, error: ApiError, idempotent: bool, attempt: int) -> float | None:
        if attempt >= self.max_retries:
            return None
        status = response.status_code
        retryable = (
            status == 429
            or (status == 503 and idempotent and "outcome" not in error.extensions)
            or (status == 409 and error.slug == "idempotency-key-in-use")
        )
        if not retryable:
            return None
        wait = error.retry_after if error.retry_after is not None else self._delay(attempt)
        return wait if wait <= self.max_retry_wait else None

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        with self.stream(method, path, **kwargs) as response:
            response.read()
            return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        return response.json() if response.content else None

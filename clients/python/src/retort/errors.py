"""Exceptions: API errors carry the problem+json fields; calculation errors carry the calculation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .models import FieldError, Problem

if TYPE_CHECKING:
    from .calculations import Calculation


class RetortError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(RetortError):
    """No URL or credentials: pass them, set RETORT_URL / RETORT_API_KEY, or run `retort login`."""


class ConnectionFailed(RetortError):
    """The API could not be reached (after the retries allowed for this request)."""


class ApiError(RetortError):
    """The API answered with an error status; the RFC 9457 problem's fields are attributes."""

    def __init__(self, problem: Problem, *, retry_after: float | None = None) -> None:
        self.problem = problem
        self.status: int = problem.status
        self.type: str = problem.type
        self.title: str = problem.title
        self.detail: str | None = problem.detail
        self.instance: str | None = problem.instance
        self.request_id: str | None = problem.request_id
        self.errors: list[FieldError] = list(problem.errors)
        self.retry_after = retry_after
        super().__init__(self._message())

    @property
    def slug(self) -> str:
        """`validation-error` for `urn:retort:problem:validation-error`; the type itself otherwise."""
        prefix = "urn:retort:problem:"
        return self.type[len(prefix) :] if self.type.startswith(prefix) else self.type

    @property
    def extensions(self) -> dict[str, Any]:
        """Members beyond RFC 9457's, e.g. `outcome` of a submission the queue did not take."""
        return dict(self.problem.model_extra or {})

    def _message(self) -> str:
        text = f"HTTP {self.status} {self.title}"
        if self.detail:
            text += f": {self.detail}"
        for error in self.errors:
            text += f"\n  {error.path}: {error.message}"
        return text


class BadRequest(ApiError):
    """400 or 422: the request is not valid (see `errors`)."""


class Unauthorized(ApiError):
    """401: missing, invalid or expired credentials."""


class Forbidden(ApiError):
    """403: authenticated, but not allowed."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409: e.g. a tool or version that already exists."""


class RateLimited(ApiError):
    """429: this API key has used its allowance; `retry_after` says for how long."""


class ServiceUnavailable(ApiError):
    """503: a dependency of the API is down; retry later."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: BadRequest,
    429: RateLimited,
    503: ServiceUnavailable,
}


def api_error(problem: Problem, retry_after: float | None = None) -> ApiError:
    return _BY_STATUS.get(problem.status, ApiError)(problem, retry_after=retry_after)


class CalculationError(RetortError):
    """A calculation ended without completing; `calculation` holds its final state."""

    def __init__(self, calculation: Calculation, message: str) -> None:
        self.calculation = calculation
        super().__init__(message)


class CalculationFailed(CalculationError):
    """The calculation's code raised, exited non-zero, or exceeded a limit."""


class CalculationTimedOut(CalculationError):
    """The calculation ran past its wall-clock limit."""


class CalculationCancelled(CalculationError):
    """The calculation was cancelled."""


class WaitTimeout(CalculationError):
    """`wait(timeout=...)` gave up; the calculation itself goes on."""

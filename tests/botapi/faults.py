"""Faults a test asks for: the next calls of a method refused with an HTTP error, or answered late."""

from __future__ import annotations

from http import HTTPStatus
from typing import Final

from .errors import InjectedError

DEFAULT_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class FaultPlan:
    """Queues of injected errors and delays per method (names lower-cased), used up in call order."""

    def __init__(self) -> None:
        self._failures: dict[str, list[InjectedError]] = {}
        self._delays: dict[str, list[float]] = {}

    def fail(self, method: str, code: int, count: int, retry_after: int | None, description: str | None) -> None:
        """Queue ``count`` errors for ``method``; a 429 gets retry_after 1 unless told."""
        if code < 400:
            raise ValueError(f"an injected error needs an HTTP error code, not {code}")
        if code == 429 and retry_after is None:
            retry_after = 1
        error = InjectedError(code, description or _description(code, retry_after), retry_after=retry_after)
        self._failures.setdefault(method.lower(), []).extend([error] * count)

    def delay(self, method: str, seconds: float, count: int) -> None:
        """Queue ``count`` late answers for ``method``."""
        self._delays.setdefault(method.lower(), []).extend([seconds] * count)

    def next_failure(self, method: str) -> InjectedError | None:
        """The error the next call of ``method`` must get, if any (it is used up)."""
        pending = self._failures.get(method.lower())
        return pending.pop(0) if pending else None

    def next_delay(self, method: str) -> float | None:
        """How late the next call of ``method`` must be answered, if at all (it is used up)."""
        pending = self._delays.get(method.lower())
        return pending.pop(0) if pending else None


def _description(code: int, retry_after: int | None) -> str:
    if code == 429:
        return f"Too Many Requests: retry after {retry_after}"
    if code in DEFAULT_DESCRIPTIONS:
        return DEFAULT_DESCRIPTIONS[code]
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return f"Error {code}"

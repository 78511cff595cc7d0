"""The error the stand-in answers with, shaped like the Bot API's own errors."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API error: HTTP status, Telegram's description and optional response parameters."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class InjectedError(ApiError):
    """An error a test asked for with fail_next(), not one of Telegram's rules."""


def bad_request(message: str) -> ApiError:
    """A 400 error with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {message}")


class Answer:
    """A successful result, with the optional description Telegram adds (e.g. "Webhook was set")."""

    def __init__(self, result: Any, description: str | None = None) -> None:
        self.result = result
        self.description = description

"""A plain HTTP client for the stand-in, to test its rules without PTB in between."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiohttp

from .standin import BotAPIStandIn


@dataclass
class Reply:
    """An HTTP answer of the stand-in: status and decoded JSON body."""

    status: int
    body: dict[str, Any]

    @property
    def result(self) -> Any:
        """The result of a successful call (fails the test on an error)."""
        assert self.body.get("ok") is True, self.body
        return self.body["result"]

    @property
    def description(self) -> str:
        """The error description of a refused call (fails the test on success)."""
        assert self.body.get("ok") is False, self.body
        assert self.body["error_code"] == self.status, self.body
        return str(self.body["description"])


class RawClient:
    """Calls Bot API methods over HTTP: form-encoded like PTB, or as JSON, multipart or GET."""

    def __init__(self, api: BotAPIStandIn, session: aiohttp.ClientSession) -> None:
        self.api = api
        self.session = session

    def url(self, method: str, token: str | None = None) -> str:
        """The URL of a method."""
        return f"{self.api.base_url}{token or self.api.token}/{method}"

    async def call(self, method: str, *, token: str | None = None, **params: Any) -> Reply:
        """POST form-encoded parameters, each non-string JSON-encoded as PTB does."""
        form = {key: value if isinstance(value, str) else json.dumps(value) for key, value in params.items()}
        async with self.session.post(self.url(method, token), data=form) as response:
            return Reply(response.status, await response.json())

    async def call_json(self, method: str, **params: Any) -> Reply:
        """POST a JSON body with nested objects."""
        async with self.session.post(self.url(method), json=params) as response:
            return Reply(response.status, await response.json())

    async def call_get(self, method: str, **params: str) -> Reply:
        """GET with a query string."""
        async with self.session.get(self.url(method), params=params) as response:
            return Reply(response.status, await response.json())

    async def call_multipart(self, method: str, files: dict[str, bytes] | None = None, **params: str) -> Reply:
        """POST multipart/form-data, with optional file parts."""
        form = aiohttp.FormData()
        for key, value in params.items():
            form.add_field(key, value)
        for key, content in (files or {}).items():
            form.add_field(key, content, filename=f"{key}.bin")
        async with self.session.post(self.url(method), data=form) as response:
            return Reply(response.status, await response.json())

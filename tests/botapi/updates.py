"""Getting updates to the bot: long polling with getUpdates, or webhooks the stand-in POSTs to."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import time
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import aiohttp

from .errors import Answer, ApiError, bad_request
from .limits import RateLimiter
from .messages import Params
from .settings import BotSettings
from .wire import UploadedFile
from .world import JSON, update_type

USE_REGISTERED_SECRET: Final = "<use the registered one>"
LOOPBACK_HOSTS: Final = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class Webhook:
    """The webhook registered with setWebhook."""

    url: str
    secret_token: str
    max_connections: int
    ip_address: str | None
    has_custom_certificate: bool
    last_error_date: int | None = None
    last_error_message: str | None = None


class UpdateDelivery(BotSettings):
    """getUpdates, setWebhook, deleteWebhook and getWebhookInfo, and delivering updates to a webhook."""

    def __init__(self, token: str, bot_username: str, *, limiter: RateLimiter, strict_html_ampersand: bool) -> None:
        super().__init__(token, bot_username, limiter=limiter, strict_html_ampersand=strict_html_ampersand)
        self._webhook: Webhook | None = None
        self._poll_generation = 0
        self._closing = False
        self._redelivered: set[int] = set()  # update_ids getUpdates returns once more despite the offset

    @property
    def webhook_url(self) -> str | None:
        """The URL the bot registered with setWebhook, if any."""
        return self._webhook.url if self._webhook else None

    async def deliver_webhook(self, update: JSON, *, secret: str | None = USE_REGISTERED_SECRET) -> int:
        """POST an update to the registered webhook as Telegram does; returns the HTTP status.

        ``secret`` is sent in X-Telegram-Bot-Api-Secret-Token (None sends no header). An update
        without update_id is queued first. A 2xx answer removes it from the pending updates.
        """
        hook = self._webhook
        if hook is None:
            raise AssertionError("no webhook is set: the bot did not call setWebhook, or deleted it")
        if urlsplit(hook.url).hostname not in LOOPBACK_HOSTS:
            raise AssertionError(f"refusing to POST to {hook.url}: the stand-in never leaves 127.0.0.1")
        if "update_id" not in update:
            update = self.queue_update(update)
        kind = update_type(update)
        if kind not in self._allowed():
            raise AssertionError(f"Telegram would not deliver a {kind!r} update; allowed: {list(self._allowed())}")
        header = hook.secret_token if secret == USE_REGISTERED_SECRET else secret
        headers = {"Content-Type": "application/json"}
        if header:
            headers["X-Telegram-Bot-Api-Secret-Token"] = header
        timeout = aiohttp.ClientTimeout(total=30)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.post(hook.url, data=json.dumps(update), headers=headers) as response,
            ):
                await response.read()
                status, reason = response.status, response.reason
        except aiohttp.ClientError as error:
            hook.last_error_date, hook.last_error_message = int(time.time()), f"Connection failed: {error}"
            raise AssertionError(f"the webhook at {hook.url} did not answer: {error}") from error
        if 200 <= status < 300:
            self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
        else:
            hook.last_error_date = int(time.time())
            hook.last_error_message = f"Wrong response from the webhook: {status} {reason}"
        return status

    async def deliver_pending(self) -> list[int]:
        """Deliver every pending update to the webhook, in order; returns the HTTP statuses."""
        return [await self.deliver_webhook(update) for update in self.pending_updates()]

    def redeliver(self, update: JSON) -> JSON:
        """Telegram delivers an update again, same update_id, as when its answer to the bot was lost.

        The next getUpdates returns it even if the bot's offset already confirmed it; a webhook bot
        gets it again from deliver_webhook(update).
        """
        update_id = update.get("update_id")
        if not isinstance(update_id, int) or update_id > self._last_update_id:
            raise ValueError("redeliver() takes an update the stand-in queued before (with its update_id)")
        self._redelivered.add(update_id)
        if all(u["update_id"] != update_id for u in self._updates):  # still pending: it stays, exempt
            self._updates.append(copy.deepcopy(update))
        self._notify_updates()
        return copy.deepcopy(update)

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [
                u for u in self._updates if u["update_id"] >= offset or u["update_id"] in self._redelivered
            ]
        elif offset < 0:
            self._updates = self._updates[offset:]

    def _deliverable(self, limit: int) -> list[JSON]:
        allowed = self._allowed()
        self._updates = [u for u in self._updates if update_type(u) in allowed]  # Telegram drops the rest
        batch = self._updates[:limit]
        self._redelivered -= {u["update_id"] for u in batch}  # the next offset confirms them for good
        return copy.deepcopy(batch)

    async def _get_updates(self, params: Params) -> list[JSON]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit, timeout = params.get("offset", 0), params.get("limit", 100), params.get("timeout", 0)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (offset, limit, timeout)):
            raise bad_request("wrong parameter offset, limit or timeout: numbers expected")
        self._set_allowed(params)
        self._confirm(int(offset))
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify_updates()  # an earlier long poll ends with 409
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(0.0, float(timeout))
        while True:
            if self._closing:
                return []
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
            if self._webhook is not None:
                raise ApiError(409, "Conflict: terminated by setWebhook request")
            batch = self._deliverable(min(100, max(1, int(limit))))
            remaining = deadline - loop.time()
            if batch or remaining <= 0:
                return batch
            event = self._updates_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _set_allowed(self, params: Params) -> None:
        """allowed_updates persists until changed; an empty list means the default set."""
        allowed = params.get("allowed_updates")
        if allowed is not None:
            if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
                raise bad_request("can't parse allowed updates JSON object")
            self._allowed_updates = list(allowed) or None

    def _set_allowed_and_drop(self, params: Params) -> None:
        self._set_allowed(params)
        if params.get("drop_pending_updates") is True:
            self._updates.clear()

    async def _set_webhook(self, params: Params) -> Answer:
        url = params.get("url", "")
        if not isinstance(url, str):
            raise bad_request("invalid webhook URL specified")
        if url == "":
            return await self._delete_webhook(params)
        _check_webhook_url(url)
        secret = params.get("secret_token", "")
        if not isinstance(secret, str):
            raise bad_request("secret token contains unallowed characters")
        if len(secret) > 256:
            raise bad_request("secret token is too long")
        if not re.fullmatch(r"[A-Za-z0-9_-]*", secret):
            raise bad_request("secret token contains unallowed characters")
        max_connections = params.get("max_connections", 40)
        if isinstance(max_connections, bool) or not isinstance(max_connections, int):
            raise bad_request("wrong parameter max_connections")
        ip_address = params.get("ip_address")
        self._set_allowed_and_drop(params)
        unchanged = self._webhook is not None and self._webhook.url == url
        self._webhook = Webhook(
            url=url,
            secret_token=secret,
            max_connections=min(100, max(1, max_connections)),
            ip_address=ip_address if isinstance(ip_address, str) else None,
            has_custom_certificate=isinstance(params.get("certificate"), UploadedFile),
        )
        self._notify_updates()  # a pending getUpdates ends with 409
        return Answer(True, "Webhook is already set" if unchanged else "Webhook was set")

    async def _delete_webhook(self, params: Params) -> Answer:
        self._set_allowed_and_drop({"drop_pending_updates": params.get("drop_pending_updates")})
        had_webhook = self._webhook is not None
        self._webhook = None
        return Answer(True, "Webhook was deleted" if had_webhook else "Webhook is already deleted")

    async def _get_webhook_info(self, params: Params) -> JSON:
        hook = self._webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": bool(hook and hook.has_custom_certificate),
            "pending_update_count": len(self._updates),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            if hook.ip_address:
                info["ip_address"] = hook.ip_address
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        if self._allowed_updates is not None:
            info["allowed_updates"] = list(self._allowed_updates)
        return info


def _check_webhook_url(url: str) -> None:
    """Telegram's webhook URL rules, plus the stand-in's allowance for http://127.0.0.1 URLs."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise bad_request("bad webhook: Wrong port number specified in the URL") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if parts.hostname in LOOPBACK_HOSTS:
        return
    if parts.scheme != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if port not in (None, 80, 88, 443, 8443):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")

"""A local Telegram Bot API for end-to-end tests: a real HTTP server on 127.0.0.1 that PTB talks to.

It records every call and enforces Telegram's rules with Telegram's error shapes, so a bot bug
fails a test instead of failing in production::

    async with BotAPIStandIn() as api:
        app = (Application.builder().token(api.token)
               .base_url(api.base_url).base_file_url(api.base_file_url).build())
        api.private_message(1001, "/start")
        ...
        messages = await api.wait_for_messages(1001, 1)

Tests can also inject faults (``api.fail_next("sendMessage", code=429, retry_after=5)``,
``api.delay_next("copyMessage", 2.0)``); injected refusals are kept apart from the bot's own
mistakes (``injected_errors()`` versus ``errors()``).

It never reaches the internet: webhooks are only delivered to loopback addresses.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

from .errors import Answer, ApiError, InjectedError
from .faults import FaultPlan
from .limits import RateLimiter
from .messages import Params
from .updates import USE_REGISTERED_SECRET, UpdateDelivery
from .wire import read_params
from .world import JSON

__all__ = ["USE_REGISTERED_SECRET", "BotAPIStandIn", "Call"]

_log = logging.getLogger(__name__)
_CONTENT_KEYS = ("text", "venue", "location", "photo", "document", "voice", "sticker")

Handler = Callable[[Params], Awaitable[Any]]


@dataclass
class Call:
    """One request the bot made: method, decoded parameters, and how the stand-in answered."""

    method: str
    params: Params
    ok: bool
    error: str | None = None
    error_code: int | None = None
    result: Any = None
    time: float = field(default_factory=time.time)
    injected: bool = False  # refused by fail_next(), not by Telegram's rules


class BotAPIStandIn(UpdateDelivery):
    """The stand-in Bot API server, with builders to drive the bot and records to inspect it.

    The layers below hold the rules: world.py (chats, messages), builders.py (updates from users),
    messages.py (sending and editing), media.py (files, copyMessage), settings.py (commands,
    descriptions), updates.py (polling, webhooks); faults.py holds the injected faults.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_username: str = "buurtwijzer_test_bot",
        chat_burst: int = 5,
        chat_per_second: float = 1.0,
        global_per_second: float = 30.0,
        strict_html_ampersand: bool = True,
    ) -> None:
        limiter = RateLimiter(chat_burst, chat_per_second, global_per_second)
        super().__init__(token, bot_username, limiter=limiter, strict_html_ampersand=strict_html_ampersand)
        self.calls: list[Call] = []
        self._calls_changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._faults = FaultPlan()
        self._handlers: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendVoice": self._send_voice,
                "copyMessage": self._copy_message,
                "editMessageText": self._edit_message_text,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "answerCallbackQuery": self._answer_callback_query,
                "sendVenue": self._send_venue,
                "sendLocation": self._send_location,
                "sendChatAction": self._send_chat_action,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setMyDescription": self._set_my_description,
                "getMyDescription": self._get_my_description,
                "setMyShortDescription": self._set_my_short_description,
                "getMyShortDescription": self._get_my_short_description,
                "setChatMenuButton": self._set_chat_menu_button,
                "getChatMenuButton": self._get_chat_menu_button,
                "close": self._close,
                "logOut": self._log_out,
            }.items()
        }

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on 127.0.0.1 with a port the OS picks."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._closing = False

    async def stop(self) -> None:
        """End pending long polls and stop listening."""
        self._closing = True
        self._notify_updates()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotAPIStandIn:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The port the stand-in listens on."""
        if self._port is None:
            raise RuntimeError("the stand-in is not started; use `async with BotAPIStandIn() as api:`")
        return self._port

    @property
    def base_url(self) -> str:
        """The Bot API base URL for PTB's base_url (PTB appends the token and the method)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """The file download base URL for PTB's base_file_url."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- inspecting ----------------------------------------------------------------------------

    def errors(self) -> list[Call]:
        """The calls Telegram would have refused (not those refused by fail_next)."""
        return [call for call in self.calls if not call.ok and not call.injected]

    def injected_errors(self) -> list[Call]:
        """The calls refused by fail_next()."""
        return [call for call in self.calls if call.injected]

    def calls_to(self, method: str) -> list[Call]:
        """The calls of one method (name matched case-insensitively)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def assert_no_errors(self) -> None:
        """Fail the test if the bot made any call Telegram would have refused."""
        errors = self.errors()
        if errors:
            lines = "\n".join(f"  {c.method} {c.params!r} -> {c.error_code} {c.error}" for c in errors)
            raise AssertionError(f"the bot made {len(errors)} refused call(s):\n{lines}")

    def set_limits(
        self,
        *,
        chat_burst: float | None = None,
        chat_per_second: float | None = None,
        global_per_second: float | None = None,
    ) -> None:
        """Change the flood limits (math.inf switches one off); all buckets start full again."""
        self._limiter.configure(
            chat_burst=chat_burst, chat_per_second=chat_per_second, global_per_second=global_per_second
        )

    # -- fault injection -----------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        *,
        code: int,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Refuse the next ``count`` calls of ``method`` with an HTTP error in Telegram's shape, without effect.

        429 carries parameters.retry_after (default 1); the description defaults to Telegram's text
        for the code ("Too Many Requests: retry after N", "Bad Gateway", "Internal Server Error", ...).
        """
        self._faults.fail(self._method_name(method), code, count, retry_after, description)

    def delay_next(self, method: str, seconds: float, *, count: int = 1) -> None:
        """Answer the next ``count`` calls of ``method`` ``seconds`` late; each call takes effect at once.

        This is Telegram delivering a message while the bot's request times out: a retry then sends twice.
        """
        self._faults.delay(self._method_name(method), seconds, count)

    def _method_name(self, method: str) -> str:
        entry = self._handlers.get(method.lower())
        if entry is None:
            raise ValueError(f"the stand-in has no method {method!r}")
        return entry[0]

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[JSON]:
        """Wait until the bot has sent at least ``count`` messages to a chat; returns them all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            sent = self.sent_to(chat_id)
            if len(sent) >= count:
                return sent
            remaining = deadline - loop.time()
            if remaining <= 0:
                texts = [m.get("text", "<" + ",".join(k for k in m if k in _CONTENT_KEYS) + ">") for m in sent]
                refused = [f"{c.method}: {c.error}" for c in self.errors() if _same_chat(c.params, chat_id)]
                raise AssertionError(
                    f"expected at least {count} message(s) to chat {chat_id} within {timeout}s, "
                    f"got {len(sent)}: {texts}; refused calls for this chat: {refused}"
                )
            event = self._sent_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def wait_for_call(self, method: str, *, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until the bot made at least ``count`` calls of ``method``; returns them all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            remaining = deadline - loop.time()
            if remaining <= 0:
                made = sorted({c.method for c in self.calls})
                raise AssertionError(
                    f"expected {count} {method} call(s) within {timeout}s, got {len(calls)}; methods called: {made}"
                )
            event = self._calls_changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # -- HTTP ----------------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        started = time.time()
        match = re.fullmatch(r"/bot([^/]+)/([^/]*)", request.path)
        method = match.group(2) if match else request.path
        params: Params = {}
        delay: float | None = None
        try:
            if match is None:
                raise ApiError(404, "Not Found")
            token, name = match.groups()
            params = await read_params(request)
            entry = self._handlers.get(name.lower())
            if token != self.token:
                valid_shape = re.fullmatch(r"\d+:[\w-]+", token)
                raise ApiError(401, "Unauthorized") if valid_shape else ApiError(404, "Not Found")
            if entry is None and name.lower() in _bot_api_methods():
                raise ApiError(501, f"Not Implemented: the stand-in has no {name} yet; add it in tests/botapi")
            if entry is None:
                raise ApiError(404, "Not Found")
            method, handler = entry
            delay = self._faults.next_delay(method)
            failure = self._faults.next_failure(method)
            if failure is not None:
                raise failure
            answer = await handler(params)
        except ApiError as error:
            injected = isinstance(error, InjectedError)
            self._record(Call(method, params, False, error.description, error.code, time=started, injected=injected))
            return await self._answer(error.payload(), error.code, delay)
        except Exception as error:  # a bug in the stand-in: make it loud
            _log.exception("stand-in failed on %s", method)
            description = f"Internal Server Error: stand-in bug: {error!r}"
            self._record(Call(method, params, False, description, 500, time=started))
            return web.json_response({"ok": False, "error_code": 500, "description": description}, status=500)
        if not isinstance(answer, Answer):
            answer = Answer(answer)
        self._record(Call(method, params, True, result=copy.deepcopy(answer.result), time=started))
        body: JSON = {"ok": True, "result": answer.result}
        if answer.description:
            body["description"] = answer.description
        return await self._answer(body, 200, delay)

    @staticmethod
    async def _answer(body: JSON, status: int, delay: float | None) -> web.Response:
        if delay:
            await asyncio.sleep(delay)
        return web.json_response(body, status=status)

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._calls_changed.set()
        self._calls_changed = asyncio.Event()


@functools.cache
def _bot_api_methods() -> frozenset[str]:
    """Lower-cased names of the Bot API methods PTB knows, to tell "not implemented" from "not found"."""
    try:
        import telegram
    except ImportError:  # the stand-in itself does not need PTB
        return frozenset()
    names = (name for name in dir(telegram.Bot) if name[:1].islower() and "_" not in name)
    return frozenset(name.lower() for name in names if name != name.lower())


def _same_chat(params: Params, chat_id: int) -> bool:
    return params.get("chat_id") in (chat_id, str(chat_id))

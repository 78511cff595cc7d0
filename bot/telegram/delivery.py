"""One sender for the outbox, and the timer runner: asyncio loops beside python-telegram-bot.

Rows are leased in one short transaction, sent, then marked in another, so several workers never send
the same row and a kill -9 only delays a message (at most the one in flight is sent again).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.cases.followup import FollowUp
from bot.cases.states import OutboxKind
from bot.chat.replies import Button, Outcome, Reply
from bot.store.case_tables import OutboxMessage
from bot.store.uow import UnitOfWorkFactory
from bot.telegram.render import caption_text, send

log = logging.getLogger(__name__)
LINKED = frozenset({OutboxKind.RELAY.value, OutboxKind.CASE_CARD.value})
BATCH = 5  # small batches, so a batch never outlasts its lease even when Telegram makes the sender wait


@dataclass(frozen=True)
class Sent:
    """What became of one outbox row."""

    msg_id: int
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None
    final: bool = False  # never try again (blocked, or a request Telegram will always refuse)


class Sender:
    """Delivers the outbox and runs timers until stopped."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        followup: FollowUp,
        run_timers: Callable[[], int],
        *,
        interval: float = 2.0,
        timer_interval: float = 5.0,
        lease: dt.timedelta = dt.timedelta(seconds=60),
    ) -> None:
        self.units = units
        self.followup = followup
        self.run_timers = run_timers
        self.interval = interval
        self.timer_interval = timer_interval
        self.lease = lease
        self.wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def kick(self) -> None:
        """Deliver now (something was queued)."""
        self.wake.set()

    def start(self, bot: Bot) -> None:
        """Start the delivery and timer loops."""
        self._tasks = [asyncio.create_task(self._deliver_loop(bot)), asyncio.create_task(self._timer_loop())]

    async def stop(self) -> None:
        """Stop both loops."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []

    async def _deliver_loop(self, bot: Bot) -> None:
        while True:
            try:
                while await self.deliver(bot):
                    pass
            except Exception:  # a database hiccup must not stop delivery for good
                log.exception("outbox delivery failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.interval)
            self.wake.clear()

    async def _timer_loop(self) -> None:
        while True:
            try:
                if await asyncio.to_thread(self.run_timers):
                    self.kick()
            except Exception:
                log.exception("timers failed; retrying")
            await asyncio.sleep(self.timer_interval)

    async def deliver(self, bot: Bot) -> int:
        """Send one batch of due messages; returns how many were tried."""
        with self.units() as uow:
            batch = [_Row.of(m) for m in uow.outbox.lease(limit=BATCH, hold=self.lease)]
        results = [await self._send(bot, row) for row in batch]
        blocked: set[int] = set()
        with self.units() as uow:
            for row, result in zip(batch, results, strict=True):
                msg = uow.outbox.get(row.id)
                if msg is None or msg.lease_until != row.lease_until:
                    continue  # forgotten meanwhile, or its lease ran out and another worker took it
                if result.error is None:
                    uow.outbox.sent(msg, result.message_id)
                    if row.kind in LINKED and row.case_id is not None and result.message_id is not None:
                        uow.cases.link(row.chat_id, result.message_id, row.case_id)
                else:
                    uow.outbox.failed(msg, result.error, result.retry_after, result.final)
                    if result.error == "blocked":
                        blocked.add(row.chat_id)
        for chat_id in blocked:
            with self.units() as uow:
                self.followup.unreachable(uow, chat_id)
        return len(batch)

    async def _send(self, bot: Bot, row: _Row) -> Sent:
        try:
            if row.copy_chat_id is not None and row.copy_message_id is not None:
                copied = await bot.copy_message(
                    row.chat_id,
                    row.copy_chat_id,
                    row.copy_message_id,
                    caption=caption_text(row.text) or None,
                    parse_mode="HTML",
                )
                return Sent(row.id, copied.message_id)
            buttons = tuple(tuple(Button(label, action) for label, action in r) for r in row.buttons)
            sent = await send(bot, row.chat_id, Outcome().add(Reply(row.text, buttons)), "")
            return Sent(row.id, sent[-1] if sent else None)
        except RetryAfter as exc:
            retry = exc.retry_after
            seconds = retry.total_seconds() if isinstance(retry, dt.timedelta) else float(retry)
            return Sent(row.id, error="flood control", retry_after=seconds)
        except Forbidden:
            return Sent(row.id, error="blocked", final=True)
        except BadRequest as exc:
            final = "not found" in exc.message.lower() or "chat not found" in exc.message.lower()
            return Sent(row.id, error=f"bad request: {exc.message}"[:300], final=final)
        except TelegramError as exc:
            return Sent(row.id, error=type(exc).__name__)


@dataclass(frozen=True)
class _Row:
    id: int
    chat_id: int
    text: str
    buttons: list[list[list[str]]]
    kind: str
    case_id: int | None
    copy_chat_id: int | None
    copy_message_id: int | None
    lease_until: dt.datetime | None

    @classmethod
    def of(cls, m: OutboxMessage) -> _Row:
        assert m.id is not None
        return cls(
            m.id, m.chat_id, m.text, m.buttons, m.kind, m.case_id, m.copy_chat_id, m.copy_message_id, m.lease_until
        )

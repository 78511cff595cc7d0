"""The Telegram world the bot lives in: chats, users, messages, and the queue of updates.

The update builders a test drives the bot with are in builders.py.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
from dataclasses import dataclass
from typing import Any

from .html_rules import bot_command_entities

JSON = dict[str, Any]

DEFAULT_ALLOWED_UPDATES = (
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
    "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
    "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
)  # fmt: skip  # every update type except chat_member, message_reaction and message_reaction_count
DEFAULT_GROUP_USER = 4242
FILE_KINDS = ("photo", "document", "voice", "audio", "video", "video_note", "animation", "sticker")


@dataclass
class StoredMessage:
    """A message in a chat, as Telegram keeps it (edits applied)."""

    message: JSON
    from_bot: bool
    deleted: bool = False


def update_type(update: JSON) -> str:
    """The kind of an update: its one field besides update_id ("message", "callback_query", ...)."""
    return next((key for key in update if key != "update_id"), "")


def unix_now() -> int:
    """The current time as Telegram dates it: whole seconds since the epoch."""
    return int(time.time())


class ChatWorld:
    """Chats, users, messages and pending updates; the part of the stand-in that has no HTTP."""

    def __init__(self, token: str, bot_username: str) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        self.bot_id = int(prefix) if prefix.isdigit() else 1
        self.bot_user: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Buurtwijzer (test)",
            "username": bot_username,
        }
        self._chats: dict[int, JSON] = {}
        self._group_users: set[int] = set()
        self._blocked: set[int] = set()
        self._last_message_id: dict[int, int] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._sent_order: dict[int, list[int]] = {}
        self._updates: list[JSON] = []
        self._last_update_id = 0
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._callback_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._allowed_updates: list[str] | None = None
        self._updates_changed = asyncio.Event()
        self._sent_changed = asyncio.Event()

    # -- notifications -------------------------------------------------------------------------

    def _notify_updates(self) -> None:
        self._updates_changed.set()
        self._updates_changed = asyncio.Event()

    def _notify_sent(self) -> None:
        self._sent_changed.set()
        self._sent_changed = asyncio.Event()

    # -- chats and users -----------------------------------------------------------------------

    @staticmethod
    def _user(user_id: int, first_name: str, username: str | None, language_code: str | None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        return user

    def register_chat(
        self,
        chat_id: int,
        *,
        title: str | None = None,
        first_name: str = "Test",
        username: str | None = None,
    ) -> JSON:
        """Make a chat known without an update (e.g. the coordinators' group the bot is in)."""
        if chat_id > 0:
            chat: JSON = {"id": chat_id, "type": "private", "first_name": first_name}
            if username:
                chat["username"] = username
        else:
            kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
            chat = {"id": chat_id, "type": kind, "title": title or "Buurtwijzer test group"}
        known = self._chats.get(chat_id)
        if known is None or chat_id > 0 or title is not None:
            self._chats[chat_id] = chat
        return copy.deepcopy(self._chats[chat_id])

    def _chat_for(self, chat_id: int, first_name: str, username: str | None) -> JSON:
        if chat_id > 0:
            return self.register_chat(chat_id, first_name=first_name, username=username)
        return self.register_chat(chat_id)

    def _sender(
        self, chat_id: int, user_id: int | None, first_name: str, username: str | None, language_code: str
    ) -> tuple[JSON, JSON]:
        chat = self._chat_for(chat_id, first_name, username)
        if chat_id > 0:
            if user_id not in (None, chat_id):
                raise ValueError("in a private chat the sender's id is the chat id")
            return chat, self._user(chat_id, first_name, username, language_code)
        sender = DEFAULT_GROUP_USER if user_id is None else user_id
        self._group_users.add(sender)
        return chat, self._user(sender, first_name, username, language_code)

    def block(self, chat_id: int) -> None:
        """Make sends to a chat fail with 403, as when the user blocked the bot (or kicked it)."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        """Undo block()."""
        self._blocked.discard(chat_id)

    # -- messages ------------------------------------------------------------------------------

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _store(self, chat_id: int, message: JSON, *, from_bot: bool) -> JSON:
        self._messages.setdefault(chat_id, {})[message["message_id"]] = StoredMessage(message, from_bot)
        if from_bot:
            self._sent_order.setdefault(chat_id, []).append(message["message_id"])
            self._notify_sent()
        return copy.deepcopy(message)

    def _incoming(self, chat: JSON, user: JSON, content: JSON, reply_to: int | None = None) -> JSON:
        replied = None if reply_to is None else self._replied(chat["id"], reply_to)
        message: JSON = {
            "message_id": self._new_message_id(chat["id"]),
            "from": user,
            "chat": chat,
            "date": unix_now(),
        }
        if replied is not None:
            message["reply_to_message"] = replied
        message.update(content)
        if isinstance(content.get("text"), str) and "entities" not in content:
            entities = bot_command_entities(content["text"])
            if entities:
                message["entities"] = entities
        return self._store(chat["id"], message, from_bot=False)

    def _replied(self, chat_id: int, message_id: int) -> JSON:
        """The message a user replies to, as Telegram nests it (without its own reply_to_message)."""
        stored = self._stored(chat_id, message_id)
        if stored is None:
            raise AssertionError(f"chat {chat_id} has no message {message_id} to reply to")
        replied = copy.deepcopy(stored.message)
        replied.pop("reply_to_message", None)
        return replied

    def _stored(self, chat_id: int, message_id: Any) -> StoredMessage | None:
        if isinstance(message_id, bool) or not isinstance(message_id, int):
            return None
        stored = self._messages.get(chat_id, {}).get(message_id)
        return None if stored is None or stored.deleted else stored

    def sent_to(self, chat_id: int) -> list[JSON]:
        """Every message the bot sent to a chat, in order, as it is now (edits applied, deleted ones too)."""
        chat = self._messages.get(chat_id, {})
        return [copy.deepcopy(chat[mid].message) for mid in self._sent_order.get(chat_id, [])]

    def chat_view(self, chat_id: int) -> list[JSON]:
        """What the user sees in a chat now: every message of either side that was not deleted."""
        chat = self._messages.get(chat_id, {})
        return [copy.deepcopy(s.message) for _, s in sorted(chat.items()) if not s.deleted]

    def deleted_in(self, chat_id: int) -> list[int]:
        """Ids of the messages deleted in a chat."""
        return sorted(mid for mid, s in self._messages.get(chat_id, {}).items() if s.deleted)

    # -- update queue --------------------------------------------------------------------------

    def queue_update(self, update: JSON) -> JSON:
        """Queue any update for getUpdates (assigning the next update_id) and return it."""
        body = {key: copy.deepcopy(value) for key, value in update.items() if key != "update_id"}
        update_id = update.get("update_id", self._last_update_id + 1)
        if not isinstance(update_id, int) or update_id <= self._last_update_id:
            raise ValueError(f"update_id {update_id!r} must be greater than {self._last_update_id}")
        self._last_update_id = update_id
        queued: JSON = {"update_id": update_id, **body}
        self._learn_chats(queued)
        self._updates.append(queued)
        self._notify_updates()
        return copy.deepcopy(queued)

    def _learn_chats(self, update: JSON) -> None:
        for value in update.values():
            if not isinstance(value, dict):
                continue
            inner = value.get("message")
            message: JSON = inner if isinstance(inner, dict) else value
            chat = message.get("chat")
            if isinstance(chat, dict) and isinstance(chat.get("id"), int):
                self._chats.setdefault(chat["id"], copy.deepcopy(chat))
                sender = value.get("from")
                if chat["id"] < 0 and isinstance(sender, dict) and isinstance(sender.get("id"), int):
                    self._group_users.add(sender["id"])

    def pending_updates(self) -> list[JSON]:
        """The updates queued and not yet confirmed by the bot."""
        return copy.deepcopy(self._updates)

    def _allowed(self) -> tuple[str, ...]:
        return tuple(self._allowed_updates) if self._allowed_updates else DEFAULT_ALLOWED_UPDATES

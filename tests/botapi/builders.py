"""Update builders that drive the bot the way residents and staff do.

A resident writes, replies, sends a photo, presses a button, edits a message or blocks the bot;
each builder returns the realistic update dict it queued.
"""

from __future__ import annotations

import copy
from typing import Any

from .html_rules import bot_command_entities
from .world import DEFAULT_GROUP_USER, FILE_KINDS, JSON, ChatWorld, unix_now


class UpdateBuilders(ChatWorld):
    """Builders for the updates of residents and staff, on top of the chats and messages of ChatWorld."""

    def private_message(
        self,
        chat_id: int,
        text: str,
        *,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        reply_to: int | None = None,
    ) -> JSON:
        """A resident writes to the bot in a private chat (a "/command" gets its bot_command entity).

        ``reply_to`` makes it a reply to that message of the chat (reply_to_message is the stored message).
        """
        if chat_id <= 0:
            raise ValueError("a private chat id is the (positive) user id")
        chat, user = self._sender(chat_id, None, first_name, username, language_code)
        return self.queue_update({"message": self._incoming(chat, user, {"text": text}, reply_to)})

    def group_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int = DEFAULT_GROUP_USER,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        title: str | None = None,
        reply_to: int | None = None,
    ) -> JSON:
        """Someone writes in a group (negative chat id; <= -10**12 makes it a supergroup), maybe as a reply."""
        if chat_id >= 0:
            raise ValueError("a group chat id is negative")
        if title is not None:
            self.register_chat(chat_id, title=title)
        chat, user = self._sender(chat_id, user_id, first_name, username, language_code)
        return self.queue_update({"message": self._incoming(chat, user, {"text": text}, reply_to)})

    def location_message(
        self,
        chat_id: int,
        latitude: float,
        longitude: float,
        *,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        user_id: int | None = None,
    ) -> JSON:
        """A resident shares a location (e.g. through a request_location button)."""
        chat, user = self._sender(chat_id, user_id, first_name, username, language_code)
        content = {"location": {"latitude": latitude, "longitude": longitude}}
        return self.queue_update({"message": self._incoming(chat, user, content)})

    def message_with(
        self,
        chat_id: int,
        *,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        user_id: int | None = None,
        reply_to: int | None = None,
        **fields: Any,
    ) -> JSON:
        """Any other message kind: message_with(1, voice=True) fills in a realistic voice note.

        True gives a default for voice, audio, photo, sticker, document, video, video_note,
        animation, contact, location, venue and dice; a string for a file kind is that default with
        this file_id (photo="id": its largest size); any other value is used as given.
        ``reply_to`` makes it a reply to that message of the chat. Its files become known to
        Telegram, so the bot may send them on by file_id.
        """
        chat, user = self._sender(chat_id, user_id, first_name, username, language_code)
        content = {key: self._field(key, value, user) for key, value in fields.items()}
        return self.queue_update({"message": self._incoming(chat, user, content, reply_to)})

    def _file(self, kind: str, file_id: str | None = None) -> JSON:
        number = next(self._file_ids)
        return {"file_id": file_id or f"{kind}-file-{number}", "file_unique_id": f"{kind}-{number}"}

    def _field(self, key: str, value: Any, user: JSON) -> Any:
        if value is True:
            return self._default_field(key, user)
        if isinstance(value, str) and key in FILE_KINDS:
            return self._default_field(key, user, file_id=value)
        return value

    def _default_field(self, key: str, user: JSON, file_id: str | None = None) -> Any:
        defaults: dict[str, Any] = {
            "voice": {"duration": 4, "mime_type": "audio/ogg", "file_size": 9120},
            "audio": {"duration": 95, "mime_type": "audio/mpeg", "file_size": 1_520_000, "title": "Opname"},
            "document": {"file_name": "brief.pdf", "mime_type": "application/pdf", "file_size": 48_213},
            "video": {"width": 640, "height": 360, "duration": 7, "mime_type": "video/mp4", "file_size": 812_000},
            "video_note": {"length": 240, "duration": 5, "file_size": 210_000},
            "animation": {"width": 320, "height": 240, "duration": 2, "file_name": "anim.mp4"},
            "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False,
                        "emoji": "👍", "set_name": "TestStickers"},
        }  # fmt: skip
        if key in defaults:
            return {**self._file(key, file_id), **defaults[key]}
        if key == "photo":
            return [
                {**self._file("photo", file_id if side == 800 else None), "width": side, "height": side,
                 "file_size": side * 40}
                for side in (90, 320, 800)
            ]  # fmt: skip
        if key == "contact":
            return {"phone_number": "+31612345678", "first_name": user["first_name"], "user_id": user["id"]}
        if key == "location":
            return {"latitude": 52.3702, "longitude": 5.2141}
        if key == "venue":
            location = {"latitude": 52.3702, "longitude": 5.2141}
            return {"location": location, "title": "Stadhuis Almere", "address": "Stadhuisplein 1, Almere"}
        if key == "dice":
            return {"emoji": "🎲", "value": 4}
        raise ValueError(f"no default for message field {key!r}; pass its value instead of True")

    def edited_message(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        user_id: int | None = None,
    ) -> JSON:
        """A resident edits a text message they sent earlier."""
        stored = self._stored(chat_id, message_id)
        if stored is None or stored.from_bot or "text" not in stored.message:
            raise AssertionError(f"chat {chat_id} has no text message {message_id} from a user to edit")
        _, user = self._sender(chat_id, user_id, first_name, username, language_code)
        stored.message.update(text=text, edit_date=unix_now(), **{"from": user})
        stored.message.pop("entities", None)
        entities = bot_command_entities(text)
        if entities:
            stored.message["entities"] = entities
        return self.queue_update({"edited_message": copy.deepcopy(stored.message)})

    def callback_query(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        language_code: str = "nl",
        first_name: str = "Test",
        username: str | None = None,
        user_id: int | None = None,
        check_button: bool = True,
    ) -> JSON:
        """A resident presses an inline button with callback_data ``data`` under a message the bot sent.

        With ``check_button`` the message must currently carry such a button, as in a real client.
        The query id is accepted by answerCallbackQuery exactly once.
        """
        stored = self._stored(chat_id, message_id)
        if stored is None or not stored.from_bot:
            raise AssertionError(
                f"the bot has no message {message_id} in chat {chat_id} (sent: {self.sent_to(chat_id)})"
            )
        if check_button:
            rows = stored.message.get("reply_markup", {}).get("inline_keyboard", [])
            datas = [button.get("callback_data") for row in rows for button in row]
            if data not in datas:
                raise AssertionError(f"message {message_id} in chat {chat_id} has no button with {data!r}: {datas}")
        _, user = self._sender(chat_id, user_id, first_name, username, language_code)
        query_id = f"{self.bot_id}{next(self._callback_ids):010d}"
        self._callback_queries[query_id] = False
        query = {
            "id": query_id,
            "from": user,
            "message": copy.deepcopy(stored.message),
            "chat_instance": f"-{abs(chat_id) * 7919 + self.bot_id}",
            "data": data,
        }
        return self.queue_update({"callback_query": query})

    def my_chat_member_blocked(self, chat_id: int, *, first_name: str = "Test") -> JSON:
        """The user blocks the bot: queue Telegram's my_chat_member update and make sends fail with 403."""
        if chat_id <= 0:
            raise ValueError("only a private chat (positive id) can block the bot")
        chat, user = self._sender(chat_id, None, first_name, None, "")
        self.block(chat_id)
        change = {
            "chat": chat,
            "from": user,
            "date": unix_now(),
            "old_chat_member": {"user": copy.deepcopy(self.bot_user), "status": "member"},
            "new_chat_member": {"user": copy.deepcopy(self.bot_user), "status": "kicked", "until_date": 0},
        }
        return self.queue_update({"my_chat_member": change})

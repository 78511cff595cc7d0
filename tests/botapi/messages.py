"""Sending, editing and deleting messages and answering callback queries, with Telegram's checks."""

from __future__ import annotations

import copy
import json
import math
import re
import time
from typing import Any, Final

from .builders import UpdateBuilders
from .errors import ApiError, bad_request
from .html_rules import EntityParseError, parse_text, trim_formatted, utf16_len
from .limits import RateLimiter
from .markup import check_reply_markup
from .world import JSON, StoredMessage

Params = dict[str, Any]

MAX_TEXT_LENGTH: Final = 4096
MAX_CALLBACK_ANSWER_LENGTH: Final = 200
CHAT_ACTIONS: Final = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    }
)  # fmt: skip
NOT_MODIFIED: Final = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_INVALID: Final = "query is too old and response timeout expired or query ID is invalid"


class MessagingRules(UpdateBuilders):
    """The Bot API methods that put messages in chats, and the checks they share."""

    def __init__(self, token: str, bot_username: str, *, limiter: RateLimiter, strict_html_ampersand: bool) -> None:
        super().__init__(token, bot_username)
        self.strict_html_ampersand = strict_html_ampersand
        self._limiter = limiter

    # -- shared checks -------------------------------------------------------------------------

    def _chat(self, value: Any) -> JSON:
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        if isinstance(value, str) and value.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == value[1:].lower():
                    return chat
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            if value in self._chats:
                return self._chats[value]
            if value in self._group_users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        raise bad_request("chat not found")

    def _check_blocked(self, chat: JSON) -> None:
        if chat["id"] in self._blocked:
            if chat["type"] == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")

    def _check_rate(self, chat: JSON) -> None:
        retry_after = self._limiter.acquire(chat["id"])
        if retry_after is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)

    def _formatted(self, raw: str, entities: Any, parse_mode: Any) -> tuple[str, list[JSON]]:
        """Parse a text or caption by its explicit entities or parse_mode, then trim it like Telegram."""
        if entities is not None:
            text, parsed = raw, _explicit_entities(entities, raw)
        else:
            try:
                text, parsed = parse_text(raw, str(parse_mode or ""), strict_ampersand=self.strict_html_ampersand)
            except EntityParseError as error:
                raise bad_request(f"can't parse entities: {error}") from error
            except ValueError as error:
                raise bad_request("unsupported parse_mode") from error
        return trim_formatted(text, parsed)

    def _formatted_text(self, params: Params) -> tuple[str, list[JSON]]:
        raw = params.get("text")
        if raw is None or raw == "":
            raise bad_request("message text is empty")
        raw = raw if isinstance(raw, str) else json.dumps(raw)
        text, entities = self._formatted(raw, params.get("entities"), params.get("parse_mode"))
        if not text:
            raise bad_request("message must be non-empty")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise bad_request("message is too long")
        return text, entities

    def _reply_to(self, params: Params, chat: JSON) -> JSON | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"]}
            reply["allow_sending_without_reply"] = params.get("allow_sending_without_reply", False)
        if reply is None:
            return None
        if not isinstance(reply, dict):
            raise bad_request("can't parse reply parameters JSON object")
        stored = self._stored(chat["id"], reply.get("message_id"))
        if stored is None:
            if reply.get("allow_sending_without_reply"):
                return None
            raise bad_request("message to be replied not found")
        replied = copy.deepcopy(stored.message)
        replied.pop("reply_to_message", None)
        return replied

    def _send(self, params: Params, chat: JSON, content: JSON) -> JSON:
        """The last steps every sending method shares: markup, reply, block and flood checks."""
        inline = check_reply_markup(params.get("reply_markup"), private=chat["type"] == "private")
        replied = self._reply_to(params, chat)
        self._check_blocked(chat)
        self._check_rate(chat)
        message: JSON = {
            "message_id": self._new_message_id(chat["id"]),
            "from": copy.deepcopy(self.bot_user),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
        }
        if replied is not None:
            message["reply_to_message"] = replied
        message.update(content)
        if inline is not None:
            message["reply_markup"] = inline
        if params.get("protect_content") is True:
            message["has_protected_content"] = True
        return self._store(chat["id"], message, from_bot=True)

    def _bot_message(self, params: Params, chat: JSON, *, missing: str) -> StoredMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # the stand-in keeps no inline messages
        if params.get("message_id") is None:
            raise bad_request("message identifier is not specified")
        stored = self._stored(chat["id"], params.get("message_id"))
        if stored is None:
            raise bad_request(missing)
        if not stored.from_bot:
            raise bad_request("message can't be edited" if "edit" in missing else "message can't be deleted")
        return stored

    @staticmethod
    def _language_code(params: Params) -> str:
        code = params.get("language_code", "")
        if not isinstance(code, str) or (code and not re.fullmatch(r"[a-z]{2}", code)):
            raise bad_request("invalid language code specified")
        return code

    def _coordinates(self, params: Params, *, wrong: str) -> tuple[float, float]:
        values = []
        for key in ("latitude", "longitude"):
            value = params.get(key)
            if value is None or value == "":
                raise bad_request(f"{key} is empty")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise bad_request(wrong)
            values.append(float(value))
        latitude, longitude = values
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            raise bad_request(wrong)
        if abs(latitude) > 90 or abs(longitude) > 180:
            raise bad_request(wrong)
        return latitude, longitude

    # -- methods: messages ---------------------------------------------------------------------

    async def _send_message(self, params: Params) -> JSON:
        chat = self._chat(params.get("chat_id"))
        text, entities = self._formatted_text(params)
        content: JSON = {"text": text}
        if entities:
            content["entities"] = entities
        return self._send(params, chat, content)

    async def _send_venue(self, params: Params) -> JSON:
        chat = self._chat(params.get("chat_id"))
        latitude, longitude = self._coordinates(params, wrong="wrong venue location specified")
        venue: JSON = {"location": {"latitude": latitude, "longitude": longitude}}
        for key in ("title", "address"):
            value = params.get(key)
            if not isinstance(value, str) or not value.strip():
                raise bad_request(f"venue {key} is empty")
            venue[key] = value
        for key in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if isinstance(params.get(key), str) and params[key]:
                venue[key] = params[key]
        return self._send(params, chat, {"location": copy.deepcopy(venue["location"]), "venue": venue})

    async def _send_location(self, params: Params) -> JSON:
        chat = self._chat(params.get("chat_id"))
        latitude, longitude = self._coordinates(params, wrong="wrong location specified")
        location: JSON = {"latitude": latitude, "longitude": longitude}
        accuracy = params.get("horizontal_accuracy")
        if accuracy is not None:
            if not isinstance(accuracy, int | float) or not 0 <= accuracy <= 1500:
                raise bad_request("wrong horizontal accuracy specified")
            location["horizontal_accuracy"] = accuracy
        period = params.get("live_period")
        if period is not None:
            if not isinstance(period, int) or not (60 <= period <= 86400 or period == 0x7FFFFFFF):
                raise bad_request("wrong live location period specified")
            location["live_period"] = period
        return self._send(params, chat, {"location": location})

    async def _send_chat_action(self, params: Params) -> bool:
        chat = self._chat(params.get("chat_id"))
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._check_blocked(chat)
        return True

    async def _edit_message_text(self, params: Params) -> JSON:
        chat = self._chat(params.get("chat_id"))
        stored = self._bot_message(params, chat, missing="message to edit not found")
        message = stored.message
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._formatted_text(params)
        inline = check_reply_markup(params.get("reply_markup"), private=chat["type"] == "private", inline_only=True)
        if (text, entities, inline) == (message["text"], message.get("entities", []), message.get("reply_markup")):
            raise bad_request(NOT_MODIFIED)
        self._check_blocked(chat)
        message["text"] = text
        _set_or_drop(message, "entities", entities or None)
        _set_or_drop(message, "reply_markup", inline)  # no reply_markup removes the keyboard
        message["edit_date"] = int(time.time())
        self._notify_sent()
        return copy.deepcopy(message)

    async def _edit_message_reply_markup(self, params: Params) -> JSON:
        chat = self._chat(params.get("chat_id"))
        stored = self._bot_message(params, chat, missing="message to edit not found")
        message = stored.message
        inline = check_reply_markup(params.get("reply_markup"), private=chat["type"] == "private", inline_only=True)
        if inline == message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED)
        self._check_blocked(chat)
        _set_or_drop(message, "reply_markup", inline)
        message["edit_date"] = int(time.time())
        self._notify_sent()
        return copy.deepcopy(message)

    async def _delete_message(self, params: Params) -> bool:
        chat = self._chat(params.get("chat_id"))
        if params.get("message_id") is None:
            raise bad_request("message identifier is not specified")
        stored = self._stored(chat["id"], params.get("message_id"))
        if stored is None:
            raise bad_request("message to delete not found")
        if not stored.from_bot and chat["type"] != "private":
            raise bad_request("message can't be deleted")
        stored.deleted = True
        self._notify_sent()
        return True

    async def _answer_callback_query(self, params: Params) -> bool:
        query_id = params.get("callback_query_id")
        if not isinstance(query_id, str) or self._callback_queries.get(query_id) is not False:
            raise bad_request(QUERY_INVALID)
        text = params.get("text", "")
        if not isinstance(text, str) or len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        return True


def _set_or_drop(message: JSON, key: str, value: Any) -> None:
    if value is None:
        message.pop(key, None)
    else:
        message[key] = value


def _explicit_entities(value: Any, text: str) -> list[JSON]:
    """Check an explicit ``entities`` list (parse_mode is then ignored, as by Telegram)."""
    if not isinstance(value, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    for entity in value:
        if not isinstance(entity, dict) or not isinstance(entity.get("type"), str):
            raise bad_request('can\'t parse MessageEntity: field "type" must be of type String')
        offset, length = entity.get("offset"), entity.get("length")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length <= 0:
            raise bad_request("can't parse MessageEntity: wrong offset or length")
        if offset + length > total:
            raise bad_request(f"entity beginning at UTF-16 offset {offset} ends after the end of the text")
    return copy.deepcopy(value)

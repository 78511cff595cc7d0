"""Sending files (sendPhoto, sendDocument, sendVoice) and copying messages (copyMessage), with Telegram's checks.

Files are sent by a file_id Telegram knows (one that appeared in any stored message, e.g. a
resident's photo), by an HTTP URL (never fetched) or as a multipart upload.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from .errors import bad_request
from .html_rules import utf16_len
from .messages import MessagingRules, Params
from .wire import UploadedFile
from .world import FILE_KINDS, JSON

MAX_CAPTION_LENGTH: Final = 1024
CAPTIONED_KINDS: Final = ("photo", "document", "voice", "audio", "video", "animation")
CAPTION_KEYS: Final = ("caption", "caption_entities", "show_caption_above_media")
COPIED_KEYS: Final = frozenset(
    {"text", "entities", "link_preview_options", *FILE_KINDS, *CAPTION_KEYS, "location", "venue", "contact", "dice"}
)
# TDLib's names for file types, as they appear in "can't use file of type Voice as Photo".
FILE_TYPE_NAMES: Final = {
    "photo": "Photo", "document": "Document", "voice": "VoiceNote", "audio": "Audio", "video": "Video",
    "video_note": "VideoNote", "animation": "Animation", "sticker": "Sticker",
}  # fmt: skip


class MediaRules(MessagingRules):
    """sendPhoto, sendDocument, sendVoice and copyMessage."""

    # -- files ---------------------------------------------------------------------------------

    def _known_file(self, file_id: str) -> tuple[str, Any] | None:
        """The kind and media object of a file Telegram has seen in any chat (a photo: all its sizes)."""
        for chat in self._messages.values():
            for stored in chat.values():
                for kind in FILE_KINDS:
                    media = stored.message.get(kind)
                    sizes = media if isinstance(media, list) else [media]
                    if any(isinstance(size, dict) and size.get("file_id") == file_id for size in sizes):
                        return kind, copy.deepcopy(media)
        return None

    def _input_file(self, params: Params, kind: str) -> Any:
        value = params.get(kind)
        if value is None or value == "":
            raise bad_request(f"there is no {kind} in the request")
        if isinstance(value, UploadedFile):
            media = self._default_field(kind, self.bot_user)
            if isinstance(media, dict) and kind == "document":
                media.update(file_name=value.filename, mime_type=value.content_type, file_size=value.size)
            return media
        if not isinstance(value, str):
            raise bad_request("wrong file identifier/HTTP URL specified")
        if value.startswith(("http://", "https://")):
            return self._default_field(kind, self.bot_user)
        known = self._known_file(value)
        if known is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        known_kind, media = known
        if known_kind != kind:
            raise bad_request(f"can't use file of type {FILE_TYPE_NAMES[known_kind]} as {FILE_TYPE_NAMES[kind]}")
        return media

    def _caption(self, params: Params) -> JSON:
        """The caption fields of a message: 0-1024 UTF-16 units after entity parsing and trimming."""
        raw = params.get("caption")
        if raw is None:
            return {}
        text, entities = self._formatted(str(raw), params.get("caption_entities"), params.get("parse_mode"))
        if utf16_len(text) > MAX_CAPTION_LENGTH:
            raise bad_request("message caption is too long")
        fields: JSON = {}
        if text:
            fields["caption"] = text
        if entities:
            fields["caption_entities"] = entities
        if text and params.get("show_caption_above_media") is True:
            fields["show_caption_above_media"] = True
        return fields

    async def _send_file(self, params: Params, kind: str) -> JSON:
        chat = self._chat(params.get("chat_id"))
        content: JSON = {kind: self._input_file(params, kind), **self._caption(params)}
        return self._send(params, chat, content)

    # -- methods -------------------------------------------------------------------------------

    async def _send_photo(self, params: Params) -> JSON:
        return await self._send_file(params, "photo")

    async def _send_document(self, params: Params) -> JSON:
        return await self._send_file(params, "document")

    async def _send_voice(self, params: Params) -> JSON:
        return await self._send_file(params, "voice")

    async def _copy_message(self, params: Params) -> JSON:
        """Copy a message without a link to the original; the answer is a MessageId, not a Message."""
        chat = self._chat(params.get("chat_id"))
        source = self._chat(params.get("from_chat_id"))
        stored = self._stored(source["id"], params.get("message_id"))
        if stored is None:
            raise bad_request("message to copy not found")
        content = {key: copy.deepcopy(value) for key, value in stored.message.items() if key in COPIED_KEYS}
        if not content:
            raise bad_request("message can't be copied")
        if "caption" in params and any(kind in content for kind in CAPTIONED_KINDS):
            for key in CAPTION_KEYS:
                content.pop(key, None)
            content.update(self._caption(params))
        message = self._send(params, chat, content)
        return {"message_id": message["message_id"]}

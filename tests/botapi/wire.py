"""Reading Bot API requests the way Telegram does: query string, form, multipart or JSON body.

Telegram treats every parameter as a string and parses it by the type it expects, so a client
may send ``reply_markup`` as a JSON-encoded form field (as PTB does: strings as they are, every
other value ``json.dumps``-ed, see telegram/request/_requestparameter.py) or as a nested object
in a JSON body. Both become the same Python values here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .errors import bad_request

# Parameters whose value is a string even when it looks like JSON ("123", "true", "null").
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "caption_parse_mode", "title", "address", "url", "secret_token",
        "ip_address", "callback_query_id", "inline_message_id", "language_code", "description",
        "short_description", "action", "foursquare_id", "foursquare_type", "google_place_id",
        "google_place_type", "business_connection_id", "message_effect_id", "emoji", "name",
        "phone_number", "first_name", "last_name", "vcard", "question", "photo", "document", "voice", "audio",
        "video", "animation", "sticker", "video_note",
    }
)  # fmt: skip


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    size: int


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a request, decoded to Python values; None-valued ones are left out."""
    raw: dict[str, str | UploadedFile] = dict(request.query)
    if request.body_exists:
        if request.content_type == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    data = json.loads(body)
                except ValueError as error:
                    raise bad_request("can't parse JSON encoded request") from error
                if not isinstance(data, dict):
                    raise bad_request("JSON object expected as request body")
                for key, value in data.items():
                    if value is not None:
                        raw[str(key)] = value if isinstance(value, str) else json.dumps(value)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    content = value.file.read()
                    raw[key] = UploadedFile(value.filename, value.content_type, len(content))
                else:
                    raw[key] = value if isinstance(value, str) else value.decode("utf-8", "replace")
    decoded = {key: decode_value(key, value) for key, value in raw.items()}
    return {key: value for key, value in decoded.items() if value is not None}


def decode_value(key: str, value: str | UploadedFile) -> Any:
    """Decode one raw parameter: strings stay strings, anything else is parsed as JSON when it is JSON."""
    if isinstance(value, UploadedFile) or key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value

"""Validation of reply_markup: inline keyboards, reply keyboards, keyboard removal and force reply."""

from __future__ import annotations

import copy
import re
from typing import Any

from .errors import bad_request

INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_ROW_BUTTONS = 8
MAX_BUTTONS = 100
MAX_CALLBACK_DATA_BYTES = 64
_PRIVATE_ONLY = {
    "request_contact": "phone number can be requested in private chats only",
    "request_location": "location can be requested in private chats only",
    "request_poll": "poll can be requested in private chats only",
    "request_users": "users can be requested in private chats only",
    "request_chat": "chats can be requested in private chats only",
    "web_app": "Web App buttons can be used in private chats only",
}
_HTTP_URL = re.compile(r"(?i)https?://[^\s/?#@:]+(:\d{1,5})?([/?#]\S*)?")


def check_reply_markup(markup: Any, *, private: bool, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate a reply_markup; returns the inline keyboard a Message echoes, or None."""
    if markup is None:
        return None
    if isinstance(markup, str):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("object expected as reply markup")
    if "inline_keyboard" in markup:
        return _check_inline_keyboard(markup)
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"], private=private)
        return None
    if "remove_keyboard" in markup or "force_reply" in markup:
        return None
    raise bad_request("can't parse reply keyboard markup JSON object")


def _check_inline_keyboard(markup: dict[str, Any]) -> dict[str, Any] | None:
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    total = 0
    for row in rows:
        if not isinstance(row, list):
            raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
        if len(row) > MAX_ROW_BUTTONS:
            raise bad_request(f"reply markup is too long (a row has {len(row)} buttons, at most 8 allowed)")
        for button in row:
            _check_inline_button(button)
        total += len(row)
    if total > MAX_BUTTONS:
        raise bad_request(f"reply markup is too long ({total} buttons, at most 100 allowed)")
    if total == 0:
        return None  # Telegram treats an empty keyboard as no keyboard
    return {"inline_keyboard": copy.deepcopy(rows)}


def _button_error(message: str) -> Exception:
    return bad_request(f"can't parse inline keyboard button: {message}")


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise _button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _button_error('Field "text" must be of type String')
    if not text:
        raise bad_request("inline keyboard button text must be non-empty")
    # an empty callback_data or url counts as missing (Telegram then reports a text button);
    # an empty switch_inline_query is a valid "just @mention the bot" button
    actions = [
        key
        for key in INLINE_ACTIONS
        if button.get(key) is not None and not (key in ("callback_data", "url") and button[key] == "")
    ]
    if not actions:
        raise _button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _button_error(f"exactly one of the optional fields must be used, found {', '.join(actions)}")
    action = actions[0]
    value = button[action]
    if action == "callback_data":
        if not isinstance(value, str):
            raise _button_error('Field "callback_data" must be of type String')
        if len(value.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url":
        if not isinstance(value, str):
            raise _button_error('Field "url" must be of type String')
        check_button_url(value)
    elif action in ("web_app", "login_url"):
        url = value.get("url") if isinstance(value, dict) else None
        if not isinstance(url, str):
            raise _button_error(f'Field "{action}" must be an Object with a String field "url"')
        if not url.lower().startswith("https://") or not _HTTP_URL.fullmatch(url):
            raise bad_request(f"inline keyboard button Web App URL '{url}' is invalid: Only HTTPS links are allowed")
    elif action == "pay" and value is not True:
        raise _button_error('Field "pay" must be of type Boolean')
    elif action == "copy_text":
        copied = value.get("text") if isinstance(value, dict) else None
        if not isinstance(copied, str) or not 1 <= len(copied) <= 256:
            raise bad_request("BUTTON_COPY_TEXT_INVALID")


def check_button_url(url: str) -> None:
    """Accept only the http(s) and tg links Telegram opens from a URL button."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "tg":
        if re.fullmatch(r"(?i)tg://[a-z0-9_]+(\?\S*)?", url):
            return
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong tg:// URL")
    if scheme not in ("http", "https"):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol")
    if not _HTTP_URL.fullmatch(url):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def _check_reply_keyboard(rows: Any, *, private: bool) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array of Arrays')
    for row in rows:
        for button in row:
            if isinstance(button, str):
                text = button
            elif isinstance(button, dict) and isinstance(button.get("text"), str):
                text = button["text"]
                for field, message in _PRIVATE_ONLY.items():
                    if button.get(field) not in (None, False) and not private:
                        raise bad_request(message)
            else:
                raise bad_request("can't parse keyboard button: KeyboardButton must be a String or an Object")
            if not text:
                raise bad_request("keyboard button text must be non-empty")

"""The bot's own settings: getMe, commands, descriptions, the chat menu button, close and logOut."""

from __future__ import annotations

import copy
import json
import re
from typing import Final

from .errors import bad_request
from .limits import RateLimiter
from .media import MediaRules
from .messages import Params
from .world import JSON

SCOPE_TYPES: Final = frozenset(
    {
        "default", "all_private_chats", "all_group_chats", "all_chat_administrators", "chat",
        "chat_administrators", "chat_member",
    }
)  # fmt: skip


class BotSettings(MediaRules):
    """getMe and the settings a bot stores at Telegram, with Telegram's limits."""

    def __init__(self, token: str, bot_username: str, *, limiter: RateLimiter, strict_html_ampersand: bool) -> None:
        super().__init__(token, bot_username, limiter=limiter, strict_html_ampersand=strict_html_ampersand)
        self._commands: dict[str, list[JSON]] = {}
        self._descriptions: dict[str, str] = {}
        self._short_descriptions: dict[str, str] = {}
        self._menu_buttons: dict[int | None, JSON] = {}

    async def _get_me(self, params: Params) -> JSON:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _commands_key(self, params: Params) -> str:
        scope = params.get("scope", {"type": "default"})
        if not isinstance(scope, dict):
            raise bad_request("can't parse BotCommandScope JSON object")
        kind = scope.get("type")
        if kind not in SCOPE_TYPES:
            raise bad_request(f"unsupported bot command scope type {kind!r}")
        normalized: JSON = {"type": kind}
        if kind in ("chat", "chat_administrators", "chat_member"):
            normalized["chat_id"] = self._chat(scope.get("chat_id"))["id"]
        if kind == "chat_member":
            if not isinstance(scope.get("user_id"), int):
                raise bad_request("user_id is empty")
            normalized["user_id"] = scope["user_id"]
        return json.dumps(normalized, sort_keys=True) + "|" + self._language_code(params)

    async def _set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        cleaned: list[JSON] = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand: BotCommand must be an Object")
            command, description = item.get("command"), item.get("description")
            if not isinstance(command, str) or not isinstance(description, str):
                raise bad_request('can\'t parse BotCommand: fields "command" and "description" must be Strings')
            command = command.strip().removeprefix("/")
            description = description.strip()
            if not command:
                raise bad_request("command must be non-empty")
            if len(command) > 32:
                raise bad_request("command length must not exceed 32")
            if not re.fullmatch(r"[a-z0-9_]+", command):
                raise bad_request("BOT_COMMAND_INVALID")
            if not description:
                raise bad_request("command description must be non-empty")
            if len(description) > 256:
                raise bad_request("command description length must not exceed 256")
            cleaned.append({"command": command, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self._commands[key] = cleaned
        else:
            self._commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: Params) -> list[JSON]:
        return copy.deepcopy(self._commands.get(self._commands_key(params), []))

    async def _delete_my_commands(self, params: Params) -> bool:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _set_text_setting(self, params: Params, key: str, store: dict[str, str], limit: int) -> bool:
        value = params.get(key, "")
        if not isinstance(value, str):
            raise bad_request(f"wrong parameter {key}")
        if len(value) > limit:
            raise bad_request(f"bot {key.replace('_', ' ')} is too long (at most {limit} characters)")
        language = self._language_code(params)
        if value:
            store[language] = value
        else:
            store.pop(language, None)
        return True

    async def _set_my_description(self, params: Params) -> bool:
        return self._set_text_setting(params, "description", self._descriptions, 512)

    async def _get_my_description(self, params: Params) -> JSON:
        return {"description": self._descriptions.get(self._language_code(params), "")}

    async def _set_my_short_description(self, params: Params) -> bool:
        return self._set_text_setting(params, "short_description", self._short_descriptions, 120)

    async def _get_my_short_description(self, params: Params) -> JSON:
        return {"short_description": self._short_descriptions.get(self._language_code(params), "")}

    async def _set_chat_menu_button(self, params: Params) -> bool:
        chat_id = None
        if params.get("chat_id") is not None:
            chat = self._chat(params["chat_id"])
            if chat["type"] != "private":
                raise bad_request("menu button can be set only in private chats")
            chat_id = chat["id"]
        button = params.get("menu_button", {"type": "default"})
        if not isinstance(button, dict) or button.get("type") not in ("commands", "default", "web_app"):
            raise bad_request("can't parse menu button JSON object")
        if button["type"] == "web_app":
            web_app = button.get("web_app")
            url = web_app.get("url") if isinstance(web_app, dict) else None
            if not isinstance(button.get("text"), str) or not button["text"]:
                raise bad_request("menu button text must be non-empty")
            if not isinstance(url, str) or not url.lower().startswith("https://"):
                raise bad_request("menu button Web App URL must use HTTPS")
        self._menu_buttons[chat_id] = copy.deepcopy(button)
        return True

    async def _get_chat_menu_button(self, params: Params) -> JSON:
        chat_id = self._chat(params["chat_id"])["id"] if params.get("chat_id") is not None else None
        button = self._menu_buttons.get(chat_id) or self._menu_buttons.get(None) or {"type": "default"}
        return copy.deepcopy(button)

    async def _close(self, params: Params) -> bool:
        return True

    async def _log_out(self, params: Params) -> bool:
        return True

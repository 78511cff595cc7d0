"""Turn channel-neutral replies into Telegram messages: escaped HTML, split within limits, keyboards."""

from __future__ import annotations

import html
import logging

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import Forbidden

from bot.chat.replies import Outcome, Reply

log = logging.getLogger(__name__)
SAFE_CHUNK = 4000  # a little below the limit, counted in UTF-16 units of the unescaped text
MAX_CALLBACK_BYTES = 64
MAX_CAPTION = 1000  # a little below Telegram's 1024


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = SAFE_CHUNK) -> list[str]:
    """Split at paragraph, then line, then word boundaries so every part fits Telegram's limit."""
    text = text.strip() or "…"
    parts: list[str] = []
    while utf16_len(text) > limit:
        window = text[:limit]
        while utf16_len(window) > limit:
            window = window[: len(window) - (utf16_len(window) - limit)]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut <= 0:
            cut = len(window)
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    parts.append(text)
    return [p for p in parts if p]


def inline_keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard (callback data checked against Telegram's 64 bytes)."""
    rows = []
    for row in reply.buttons:
        cells = []
        for button in row:
            if len(button.action.encode()) > MAX_CALLBACK_BYTES:
                raise ValueError(f"callback data too long: {button.action!r}")
            cells.append(InlineKeyboardButton(button.label[:64], callback_data=button.action))
        rows.append(cells)
    return InlineKeyboardMarkup(rows) if rows else None


def caption_text(text: str) -> str:
    """A caption for a copied photo or document: escaped, within Telegram's 1024 characters."""
    text = text.strip()
    while utf16_len(text) > MAX_CAPTION:
        text = text[: len(text) - (utf16_len(text) - MAX_CAPTION) - 1] + "…"
    return html.escape(text, quote=False)


async def send(bot: Bot, chat_id: int, outcome: Outcome, location_label: str) -> list[int]:
    """Send every reply of an outcome, in order; returns the ids of the messages sent."""
    ids: list[int] = []
    for reply in outcome.replies:
        if reply.venue is not None:
            v = reply.venue
            venue = await bot.send_venue(
                chat_id,
                latitude=v.lat,
                longitude=v.lon,
                title=v.title[:128] or "Almere",
                address=v.address[:256] or "Almere",
            )
            ids.append(venue.message_id)
            continue
        chunks = split_text(reply.text)
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            markup: InlineKeyboardMarkup | ReplyKeyboardRemove | None = None
            if last:
                markup = inline_keyboard(reply)
                if markup is None and reply.remove_keyboard:
                    markup = ReplyKeyboardRemove()
            message = await bot.send_message(
                chat_id,
                html.escape(chunk, quote=False),
                parse_mode="HTML",
                reply_markup=markup,
                disable_web_page_preview=True,
            )
            ids.append(message.message_id)
        if reply.ask_location:
            keyboard = ReplyKeyboardMarkup(
                [[KeyboardButton("📍 " + location_label, request_location=True)]],
                resize_keyboard=True,
                one_time_keyboard=True,
            )
            await bot.send_message(
                chat_id, "📍 " + html.escape(location_label, quote=False), parse_mode="HTML", reply_markup=keyboard
            )
    return ids


async def send_safely(bot: Bot, chat_id: int, outcome: Outcome, location_label: str) -> bool:
    """Send, returning False when the resident blocked the bot (nothing else to do then)."""
    try:
        await send(bot, chat_id, outcome, location_label)
    except Forbidden:
        log.info("chat blocked the bot; replies dropped")
        return False
    return True

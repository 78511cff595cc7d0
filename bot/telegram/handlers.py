"""Thin python-telegram-bot handlers: parse the update, call the chat service, render the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.chat.flows import ChatService
from bot.chat.replies import Outcome, Reply
from bot.telegram.render import send_safely

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PRIVATE = filters.ChatType.PRIVATE


class Handlers:
    """Every kind of update a resident can send, routed to the chat service."""

    def __init__(self, service: ChatService) -> None:
        self.service = service

    def location_label(self, lang: str | None) -> str:
        """Label of the 'share my location' keyboard button."""
        return self.service.t(lang or "nl", "Share my location")

    async def _reply(self, update: Update, context: Context, outcome: Outcome) -> None:
        chat = update.effective_chat
        if chat is None or not outcome.replies:
            return
        user = update.effective_user
        lang = user.language_code if user else None
        delivered = await send_safely(
            context.bot, chat.id, outcome, self.location_label(self.service.reply_language(chat.id, lang))
        )
        if not delivered:
            self.service.mark_blocked(chat.id)

    @staticmethod
    def _ids(update: Update) -> tuple[int, str | None, int]:
        chat = update.effective_chat
        user = update.effective_user
        assert chat is not None  # the filters only let updates with a chat through
        return chat.id, (user.language_code if user else None), update.update_id

    def _command(
        self, call: Callable[[ChatService, int, str | None, int, list[str]], Outcome]
    ) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
        async def handler(update: Update, context: Context) -> None:
            chat_id, hint, update_id = self._ids(update)
            await self._reply(update, context, call(self.service, chat_id, hint, update_id, list(context.args or [])))

        return handler

    async def text(self, update: Update, context: Context) -> None:
        """A question in free text."""
        chat_id, hint, update_id = self._ids(update)
        message = update.effective_message
        text = message.text if message and message.text else ""
        await self._reply(update, context, self.service.text(chat_id, text, hint, update_id))

    async def location(self, update: Update, context: Context) -> None:
        """A shared location."""
        chat_id, hint, update_id = self._ids(update)
        message = update.effective_message
        if message is None or message.location is None:
            return
        loc = message.location
        await self._reply(update, context, self.service.location(chat_id, loc.latitude, loc.longitude, hint, update_id))

    async def voice(self, update: Update, context: Context) -> None:
        """Voice notes, audio and round videos: offer a person who speaks the language."""
        chat_id, hint, update_id = self._ids(update)
        await self._reply(update, context, self.service.unreadable(chat_id, "voice", hint, update_id))

    async def other(self, update: Update, context: Context) -> None:
        """Photos, stickers, documents, contacts and the rest: ask for words or a topic."""
        chat_id, hint, update_id = self._ids(update)
        await self._reply(update, context, self.service.unreadable(chat_id, "other", hint, update_id))

    async def group(self, update: Update, context: Context) -> None:
        """In a group the bot only says, when addressed, that it works in a private chat."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or chat.id == self.service.settings.coordinator_chat_id:
            return
        text = message.text or ""
        me = context.bot.username or ""
        if text.startswith("/") or (me and f"@{me}".lower() in text.lower()):
            user = update.effective_user
            lang = self.service.reply_language(chat.id, user.language_code if user else None)
            note = self.service.t(
                lang,
                "Please talk to me in a private chat, so that your question stays private: {link}",
                link=f"https://t.me/{me}",
            )
            await self._reply(update, context, Outcome().add(Reply(note)))

    async def button(self, update: Update, context: Context) -> None:
        """An inline button: answer the callback at once, then do its action."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
            return
        chat_id, hint, update_id = self._ids(update)
        outcome = self.service.press(chat_id, query.data or "", hint, update_id)
        await self._reply(update, context, outcome)

    async def membership(self, update: Update, context: Context) -> None:
        """The resident blocked or unblocked the bot: remember it, say nothing."""
        member = update.my_chat_member
        if member is None or member.chat.type != ChatType.PRIVATE:
            return
        blocked = member.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
        self.service.mark_blocked(member.chat.id, blocked)

    async def ignore(self, update: Update, context: Context) -> None:
        """Edited messages, channel posts, polls and other updates: quietly ignored."""
        log.debug("ignored update %s", update.update_id)

    async def error(self, update: object, context: Context) -> None:
        """Log the error without personal data and tell the resident plainly something went wrong."""
        log.error("error while handling an update: %s", type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            user = update.effective_user
            lang = self.service.reply_language(update.effective_chat.id, user.language_code if user else None)
            text = self.service.t(
                lang, "Sorry, something went wrong on our side. Please try again in a moment. In danger? Call 112."
            )
            await send_safely(context.bot, update.effective_chat.id, Outcome().add(Reply(text)), "")

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        """Attach every handler to the application."""
        s = ChatService
        commands: dict[str, Callable[[ChatService, int, str | None, int, list[str]], Outcome]] = {
            "start": lambda sv, c, h, u, a: s.start(sv, c, h, a[0] if a else None, u),
            "help": lambda sv, c, h, u, a: s.info(sv, c, "help", h, u),
            "about": lambda sv, c, h, u, a: s.info(sv, c, "about", h, u),
            "language": lambda sv, c, h, u, a: s.language_menu(sv, c, h, u),
            "place": lambda sv, c, h, u, a: s.places(sv, c, h, u),
            "forgetme": lambda sv, c, h, u, a: s.forget_menu(sv, c, h, u),
            "person": lambda sv, c, h, u, a: s.person(sv, c, h, u),
        }
        for name, call in commands.items():
            app.add_handler(CommandHandler(name, self._command(call), filters=PRIVATE))
        app.add_handler(
            MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, self.text)
        )
        app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & filters.LOCATION, self.location))
        app.add_handler(
            MessageHandler(
                PRIVATE & filters.UpdateType.MESSAGE & (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE), self.voice
            )
        )
        app.add_handler(
            MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND, self._command(commands["help"]))
        )
        app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, self.other))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, self.group))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(ChatMemberHandler(self.membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(TypeHandler(Update, self.ignore), group=1)
        app.add_error_handler(self.error)

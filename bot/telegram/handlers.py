"""Thin python-telegram-bot handlers: parse the update, pick the service by the sender's role, render the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, Update
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

from bot.callbacks import STAFF_CALLBACKS, Callback, parse
from bot.chat.replies import Outcome, Reply
from bot.commands import COMMANDS
from bot.roles import Role, may
from bot.runtime import Runtime
from bot.staff.members import INVITE_PREFIX
from bot.telegram.commands import CommandCall, command_table, help_text, publish_staff_menu
from bot.telegram.delivery import Sender
from bot.telegram.render import send_safely

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
PRIVATE = filters.ChatType.PRIVATE
MEDIA = filters.PHOTO | filters.Document.ALL | filters.VOICE | filters.AUDIO | filters.VIDEO | filters.VIDEO_NOTE


def media_kind(message: Message) -> str | None:
    """What kind of media a message carries, for the transcript ('photo', 'voice', ...)."""
    for kind in ("photo", "document", "voice", "audio", "video", "video_note"):
        if getattr(message, kind, None):
            return kind
    return None


class Handlers:
    """Every kind of update, routed to the resident conversation or the staff desk by role."""

    def __init__(self, runtime: Runtime, sender: Sender) -> None:
        self.rt = runtime
        self.chat = runtime.chat
        self.desk = runtime.desk
        self.sender = sender

    def location_label(self, lang: str | None) -> str:
        """Label of the 'share my location' keyboard button."""
        return self.chat.t(lang or "nl", "Share my location")

    async def reply(self, update: Update, context: Context, outcome: Outcome) -> None:
        """Render an outcome in the update's chat, and deliver what it queued for others."""
        self.sender.kick()
        chat = update.effective_chat
        if chat is None or not outcome.replies:
            return
        user = update.effective_user
        lang = user.language_code if user else None
        label = self.location_label(self.chat.reply_language(chat.id, lang))
        if not await send_safely(context.bot, chat.id, outcome, label):
            self.chat.mark_blocked(chat.id)

    @staticmethod
    def ids(update: Update) -> tuple[int, str | None, int]:
        """Chat id, the client's language and the update id."""
        chat = update.effective_chat
        user = update.effective_user
        assert chat is not None  # the filters only let updates with a chat through
        return chat.id, (user.language_code if user else None), update.update_id

    def _command(self, call: CommandCall) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
        async def handler(update: Update, context: Context) -> None:
            chat_id, hint, update_id = self.ids(update)
            user = update.effective_user
            args = list(context.args or [])
            outcome = call(self, chat_id, hint, update_id, args, user.first_name if user else "", context.bot.username)
            await self.reply(update, context, outcome)
            if args and args[0].startswith(INVITE_PREFIX):  # just joined: the menu of their role
                await publish_staff_menu(context.bot, self.rt, chat_id)

        return handler

    def start(
        self, chat_id: int, hint: str | None, update_id: int, args: list[str], first_name: str, bot_name: str
    ) -> Outcome:
        """/start: an invitation link joins staff; staff get their help; residents the welcome."""
        payload = args[0] if args else None
        if payload and payload.startswith(INVITE_PREFIX):
            return self.desk.join(chat_id, payload.removeprefix(INVITE_PREFIX), first_name, hint, update_id)
        role = self.desk.role(chat_id)
        if role is not Role.RESIDENT and role is not Role.CURATOR:
            return Outcome().add(Reply(help_text(self.rt, role, self.desk.language(chat_id))))
        return self.chat.start(chat_id, hint, payload, update_id)

    def help(self, chat_id: int, hint: str | None, update_id: int) -> Outcome:
        """/help: residents get theirs; staff get every command their role may use."""
        role = self.desk.role(chat_id)
        if role is Role.RESIDENT:
            return self.chat.info(chat_id, "help", hint, update_id)
        return Outcome().add(Reply(help_text(self.rt, role, self.desk.language(chat_id))))

    async def text(self, update: Update, context: Context) -> None:
        """A text message: to the staff desk for key figures, else the resident conversation."""
        chat_id, hint, update_id = self.ids(update)
        message = update.effective_message
        if message is None:
            return
        text = message.text or ""
        role = self.desk.role(chat_id)
        if may(role, Role.CURATOR) and self.rt.curation.pending_edit(chat_id):
            outcome = self.rt.curation.submit(chat_id, text, update_id)
        elif may(role, Role.KEY_FIGURE):
            reply_to = message.reply_to_message.message_id if message.reply_to_message else None
            outcome = self.desk.message(chat_id, message.message_id, text, reply_to, None, update_id)
        else:
            outcome = self.chat.text(chat_id, text, hint, update_id, message.message_id)
        await self.reply(update, context, outcome)

    async def media(self, update: Update, context: Context) -> None:
        """Photos, voice notes, documents: relayed within a case (copied), else a plain request for words."""
        chat_id, hint, update_id = self.ids(update)
        message = update.effective_message
        if message is None:
            return
        kind = media_kind(message) or "media"
        if may(self.desk.role(chat_id), Role.KEY_FIGURE):
            reply_to = message.reply_to_message.message_id if message.reply_to_message else None
            outcome = self.desk.message(chat_id, message.message_id, message.caption, reply_to, kind, update_id)
        else:
            outcome = self.chat.media(chat_id, message.message_id, kind, message.caption, hint, update_id)
        await self.reply(update, context, outcome)

    async def location(self, update: Update, context: Context) -> None:
        """A shared location."""
        chat_id, hint, update_id = self.ids(update)
        message = update.effective_message
        if message is None or message.location is None:
            return
        loc = message.location
        await self.reply(update, context, self.chat.location(chat_id, loc.latitude, loc.longitude, hint, update_id))

    async def other(self, update: Update, context: Context) -> None:
        """Stickers, contacts, polls and the rest: ask for words or a topic."""
        chat_id, hint, update_id = self.ids(update)
        await self.reply(update, context, self.chat.unreadable(chat_id, "other", hint, update_id))

    async def group(self, update: Update, context: Context) -> None:
        """In a group the bot only says, when addressed, that it works in a private chat."""
        message = update.effective_message
        chat = update.effective_chat
        if message is None or chat is None or chat.id == self.rt.settings.coordinator_chat_id:
            return
        text = message.text or ""
        me = context.bot.username or ""
        if text.startswith("/") or (me and f"@{me}".lower() in text.lower()):
            user = update.effective_user
            lang = self.chat.reply_language(chat.id, user.language_code if user else None)
            note = self.chat.t(
                lang,
                "Please talk to me in a private chat, so that your question stays private: {link}",
                link=f"https://t.me/{me}",
            )
            await self.reply(update, context, Outcome().add(Reply(note)))

    async def button(self, update: Update, context: Context) -> None:
        """An inline button: answer the callback at once, then do its action (staff buttons check the role)."""
        query = update.callback_query
        if query is None:
            return
        await query.answer()
        chat = update.effective_chat
        user = update.effective_user
        if chat is None or user is None:
            return
        kind, args = parse(query.data or "")
        if kind is Callback.CURATE and chat.type == ChatType.PRIVATE:
            await self.reply(update, context, self.rt.curation.press(user.id, args, update.update_id))
            return
        if kind in STAFF_CALLBACKS:
            in_group = chat.id == self.rt.settings.coordinator_chat_id
            if chat.type != ChatType.PRIVATE and not in_group:
                return
            await self.reply(update, context, self.desk.press(user.id, query.data or "", update.update_id))
            return
        if chat.type != ChatType.PRIVATE:
            return
        chat_id, hint, update_id = self.ids(update)
        await self.reply(update, context, self.chat.press(chat_id, query.data or "", hint, update_id))

    async def membership(self, update: Update, context: Context) -> None:
        """Someone blocked or unblocked the bot: remember it, tell the other side of their cases."""
        member = update.my_chat_member
        if member is None or member.chat.type != ChatType.PRIVATE:
            return
        blocked = member.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
        self.chat.mark_blocked(member.chat.id, blocked)
        self.sender.kick()

    async def ignore(self, update: Update, context: Context) -> None:
        """Edited messages, channel posts, polls and other updates: quietly ignored."""
        log.debug("ignored update %s", update.update_id)

    async def error(self, update: object, context: Context) -> None:
        """Log the error without personal data and tell the person plainly something went wrong."""
        log.error("error while handling an update: %s", type(context.error).__name__, exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            user = update.effective_user
            lang = self.chat.reply_language(update.effective_chat.id, user.language_code if user else None)
            text = self.chat.t(
                lang, "Sorry, something went wrong on our side. Please try again in a moment. In danger? Call 112."
            )
            await send_safely(context.bot, update.effective_chat.id, Outcome().add(Reply(text)), "")

    def register(self, app: Application) -> None:  # type: ignore[type-arg]
        """Attach every handler to the application: one command handler per row of the command table."""
        table = command_table()
        for command in COMMANDS:
            app.add_handler(CommandHandler(command.name, self._command(table[command.name]), filters=PRIVATE))
        message = PRIVATE & filters.UpdateType.MESSAGE
        app.add_handler(MessageHandler(message & filters.TEXT & ~filters.COMMAND, self.text))
        app.add_handler(MessageHandler(message & filters.LOCATION, self.location))
        app.add_handler(MessageHandler(message & MEDIA, self.media))
        app.add_handler(MessageHandler(message & filters.COMMAND, self._command(table["help"])))
        app.add_handler(MessageHandler(message & ~filters.StatusUpdate.ALL, self.other))
        app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, self.group))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(ChatMemberHandler(self.membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(TypeHandler(Update, self.ignore), group=1)
        app.add_error_handler(self.error)

"""The Telegram application: polling (worker) or webhook (web), rate-limited, with the outbox job."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import BotCommand, Update
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.cases.repository import MAX_ATTEMPTS, Outbox
from bot.cases.retention import purge
from bot.chat.flows import ChatService
from bot.config import Config
from bot.runtime import build_chat_service
from bot.store.database import session_scope
from bot.telegram.handlers import Handlers

log = logging.getLogger(__name__)
COMMANDS = ("start", "language", "place", "person", "help", "about", "forgetme")
OUTBOX_INTERVAL = 5.0


def command_menu(service: ChatService, lang: str) -> list[BotCommand]:
    """The command menu in a language."""
    t = service.t
    descriptions = {
        "start": t(lang, "Start and choose a topic"),
        "language": t(lang, "Choose your language"),
        "place": t(lang, "Set or forget your area"),
        "person": t(lang, "Talk to a person"),
        "help": t(lang, "How this works"),
        "about": t(lang, "Who we are and what we store"),
        "forgetme": t(lang, "Delete everything about me"),
    }
    return [BotCommand(name, descriptions[name][:256]) for name in COMMANDS]


async def publish_profile(application: Application, service: ChatService) -> None:  # type: ignore[type-arg]
    """Set the command menu and descriptions in every interface language Telegram accepts (2-letter codes)."""
    bot = application.bot
    t = service.t
    for lang in sorted(service.engine.catalogs.languages):
        code = "" if lang == "en" else lang
        if len(code) not in (0, 2):
            continue
        await bot.set_my_commands(command_menu(service, lang), language_code=code or None)
        description = t(
            lang,
            "Where can I find help near me? Ask in your own language. Free, anonymous, "
            "not the municipality. Run by {operator}.",
            operator=service.settings.operator_name,
        )
        await bot.set_my_description(description[:512], language_code=code or None)
        await bot.set_my_short_description(
            t(lang, "Free help near you in Almere, in your language.")[:120], language_code=code or None
        )


async def deliver_outbox(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send queued notifications; failed ones are retried later, with Telegram's retry_after when given."""
    service: ChatService = context.bot_data["service"]
    with session_scope(service.db) as session:
        outbox = Outbox(session)
        for msg in outbox.due():
            try:
                await context.bot.send_message(msg.chat_id, msg.text)
                outbox.sent(msg)
            except RetryAfter as exc:
                retry = exc.retry_after
                outbox.failed(
                    msg, "flood control", retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry)
                )
            except Forbidden as exc:
                msg.attempts = MAX_ATTEMPTS
                outbox.failed(msg, f"forbidden: {exc.message}")
            except TelegramError as exc:
                outbox.failed(msg, type(exc).__name__)


async def purge_old_data(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily: delete closed case transcripts past the retention period and old update ids."""
    service: ChatService = context.bot_data["service"]
    purged = purge(service.db, service.settings.retention_days, dt.datetime.now(dt.UTC))
    log.info("purged %d transcript messages, %d update ids", purged.transcript_messages, purged.update_ids)


def build_application(config: Config, service: ChatService) -> Application:  # type: ignore[type-arg]
    """A python-telegram-bot application wired to the chat service."""
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(config.telegram_token)
        .base_url(config.telegram_api_base_url)
        .base_file_url(config.telegram_api_file_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
    )

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        application.bot_data["service"] = service
        try:
            await publish_profile(application, service)
        except TelegramError as exc:
            log.warning("could not publish the command menu: %s", exc)
        if application.job_queue is not None:
            application.job_queue.run_repeating(deliver_outbox, interval=OUTBOX_INTERVAL, first=1.0)
            application.job_queue.run_repeating(purge_old_data, interval=24 * 3600, first=60.0)

    application = builder.post_init(post_init).build()
    Handlers(service).register(application)
    return application


def main(config: Config) -> int:
    """Run the bot: webhook when WEBHOOK_URL is set, else long polling."""
    service = build_chat_service(config)
    application = build_application(config, service)
    if config.webhook_url:
        application.run_webhook(
            listen=config.webhook_listen,
            port=config.port,
            url_path="telegram",
            webhook_url=config.webhook_url.rstrip("/") + "/telegram",
            secret_token=config.webhook_secret or None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0

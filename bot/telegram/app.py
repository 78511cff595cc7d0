"""The Telegram application: polling (worker) or webhook (web), rate-limited, with the outbox sender and timers."""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes

from bot.cases.retention import purge
from bot.config import Config
from bot.roles import Role
from bot.runtime import Runtime, build_runtime
from bot.telegram.commands import command_menu, publish_staff_menu
from bot.telegram.delivery import Sender
from bot.telegram.handlers import Handlers

log = logging.getLogger(__name__)


async def publish_profile(application: Application, runtime: Runtime) -> None:  # type: ignore[type-arg]
    """Set the resident menu and descriptions in every language Telegram accepts, and each staff member's menu."""
    bot = application.bot
    t = runtime.chat.t
    for lang in sorted(runtime.chat.engine.catalogs.languages):
        code = "" if lang == "en" else lang
        if len(code) not in (0, 2):
            continue
        await bot.set_my_commands(command_menu(runtime, Role.RESIDENT, lang), language_code=code or None)
        description = t(
            lang,
            "Where can I find help near me? Ask in your own language. Free, anonymous, "
            "not the municipality. Run by {operator}.",
            operator=runtime.settings.operator_name,
        )
        await bot.set_my_description(description[:512], language_code=code or None)
        await bot.set_my_short_description(
            t(lang, "Free help near you in Almere, in your language.")[:120], language_code=code or None
        )
    for member in runtime.members.all():
        if not member.blocked and not await publish_staff_menu(bot, runtime, member.user_id):
            log.info("no staff menu for one member (never opened the chat)")


async def purge_old_data(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Daily: delete closed case transcripts past the retention period, old update ids and sent messages."""
    runtime: Runtime = context.bot_data["runtime"]
    purged = purge(runtime.units, runtime.settings.retention_days, dt.datetime.now(dt.UTC))
    log.info("purged %d transcript messages, %d update ids", purged.transcript_messages, purged.update_ids)


def build_application(
    config: Config, runtime: Runtime, *, interval: float = 2.0, timer_interval: float = 5.0
) -> Application:  # type: ignore[type-arg]
    """A python-telegram-bot application wired to the services, with the outbox sender and the timers."""
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(config.telegram_token)
        .base_url(config.telegram_api_base_url)
        .base_file_url(config.telegram_api_file_url)
        .rate_limiter(AIORateLimiter(max_retries=3))
    )
    sender = Sender(
        runtime.units,
        runtime.chat.followup,
        runtime.tick,
        interval=interval,
        timer_interval=timer_interval,
        lease=dt.timedelta(seconds=config.outbox_lease_seconds),
    )

    async def post_init(application: Application) -> None:  # type: ignore[type-arg]
        application.bot_data["runtime"] = runtime
        try:
            await publish_profile(application, runtime)
        except TelegramError as exc:
            log.warning("could not publish the command menu: %s", exc)
        sender.start(application.bot)
        if application.job_queue is not None:
            application.job_queue.run_repeating(purge_old_data, interval=24 * 3600, first=60.0)

    async def post_stop(application: Application) -> None:  # type: ignore[type-arg]
        await sender.stop()

    application = builder.post_init(post_init).post_stop(post_stop).build()
    Handlers(runtime, sender).register(application)
    return application


def main(config: Config) -> int:
    """Run the bot: webhook when WEBHOOK_URL is set, else long polling."""
    runtime = build_runtime(config)
    application = build_application(config, runtime)
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

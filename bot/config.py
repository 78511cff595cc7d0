"""The one reader of the environment: every setting of Buurtwijzer, documented in the README."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default and meaning."""

    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("TELEGRAM_BOT_TOKEN", "", "Bot token from @BotFather; empty = console chat instead of Telegram"),
    Setting("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot", "Bot API base URL (self-hosted server, tests)"),
    Setting("TELEGRAM_API_FILE_URL", "https://api.telegram.org/file/bot", "Bot API file base URL"),
    Setting("DATABASE_URL", "", "SQLAlchemy URL; empty = SQLite file in BUURTWIJZER_DATA_DIR"),
    Setting("BUURTWIJZER_DATA_DIR", "var", "Folder for the embedded SQLite database and caches"),
    Setting("BUURTWIJZER_KNOWLEDGE_DIR", "knowledge", "Folder with the knowledge-base YAML files"),
    Setting("BUURTWIJZER_LOCALES_DIR", "locales", "Folder with the gettext catalogues"),
    Setting("BUURTWIJZER_EMBEDDINGS", "on", "'on' uses the bundled multilingual sentence model, 'off' only phrases"),
    Setting("WEBHOOK_URL", "", "Public HTTPS URL Telegram posts updates to; set = webhook mode"),
    Setting("WEBHOOK_SECRET", "", "Secret token Telegram sends in X-Telegram-Bot-Api-Secret-Token"),
    Setting("WEBHOOK_LISTEN", "0.0.0.0", "Address the webhook server listens on"),
    Setting("PORT", "8080", "Port the webhook server listens on (set by most hosts)"),
    Setting("OFFICE_HOURS", "mo-fr 09:00-17:00", "When key figures answer, e.g. 'mo-fr 09:00-17:00; sa 10:00-12:00'"),
    Setting("TIMEZONE", "Europe/Amsterdam", "Time zone for opening hours and office hours"),
    Setting("RETENTION_DAYS", "90", "Days after which closed case transcripts are purged"),
    Setting("OPERATOR_NAME", "Buurtwijzer Almere", "Who runs the service, as shown to residents"),
    Setting("COORDINATOR_CHAT_ID", "", "Telegram chat id of the coordinators' group (escalations go there)"),
    Setting("COORDINATOR_IDS", "", "Telegram user ids of the coordinators, comma-separated (they invite the others)"),
    Setting("OFFER_TIMEOUT_MINUTES", "15", "Minutes an offer waits for a claim before it goes to the next key figures"),
    Setting("FIRST_REPLY_MINUTES", "120", "Office-hour minutes a claimed case may wait for a first reply (reminder)"),
    Setting("CHECKBACK_DAYS", "7", "Days after closing when the resident is asked whether she got help"),
    Setting(
        "OUTBOX_LEASE_SECONDS",
        "60",
        "Seconds a worker holds a message it is sending (after a crash it waits this long)",
    ),
    Setting("LOG_LEVEL", "INFO", "Python logging level"),
)


@dataclass(frozen=True)
class Config:
    """All settings, parsed and typed."""

    telegram_token: str
    telegram_api_base_url: str
    telegram_api_file_url: str
    database_url: str
    data_dir: Path
    knowledge_dir: Path
    locales_dir: Path
    embeddings: bool
    webhook_url: str
    webhook_secret: str
    webhook_listen: str
    port: int
    office_hours: str
    timezone: str
    retention_days: int
    operator_name: str
    coordinator_chat_id: int | None
    coordinator_ids: tuple[int, ...]
    offer_timeout_minutes: float
    first_reply_minutes: float
    checkback_days: float
    outbox_lease_seconds: float
    log_level: str


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Read every setting from the environment (or the mapping given), with defaults."""
    env = os.environ if environ is None else environ
    raw = {s.env: env.get(s.env, s.default).strip() for s in SETTINGS}
    data_dir = _path(raw["BUURTWIJZER_DATA_DIR"])
    database_url = raw["DATABASE_URL"] or f"sqlite:///{data_dir / 'buurtwijzer.db'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    coordinator = raw["COORDINATOR_CHAT_ID"]
    return Config(
        telegram_token=raw["TELEGRAM_BOT_TOKEN"],
        telegram_api_base_url=raw["TELEGRAM_API_BASE_URL"],
        telegram_api_file_url=raw["TELEGRAM_API_FILE_URL"],
        database_url=database_url,
        data_dir=data_dir,
        knowledge_dir=_path(raw["BUURTWIJZER_KNOWLEDGE_DIR"]),
        locales_dir=_path(raw["BUURTWIJZER_LOCALES_DIR"]),
        embeddings=raw["BUURTWIJZER_EMBEDDINGS"].lower() not in {"off", "0", "false", "no"},
        webhook_url=raw["WEBHOOK_URL"],
        webhook_secret=raw["WEBHOOK_SECRET"],
        webhook_listen=raw["WEBHOOK_LISTEN"],
        port=int(raw["PORT"] or "8080"),
        office_hours=raw["OFFICE_HOURS"],
        timezone=raw["TIMEZONE"],
        retention_days=int(raw["RETENTION_DAYS"] or "90"),
        operator_name=raw["OPERATOR_NAME"],
        coordinator_chat_id=int(coordinator) if coordinator else None,
        coordinator_ids=tuple(int(x) for x in raw["COORDINATOR_IDS"].replace(" ", "").split(",") if x),
        offer_timeout_minutes=float(raw["OFFER_TIMEOUT_MINUTES"] or "15"),
        first_reply_minutes=float(raw["FIRST_REPLY_MINUTES"] or "120"),
        checkback_days=float(raw["CHECKBACK_DAYS"] or "7"),
        outbox_lease_seconds=float(raw["OUTBOX_LEASE_SECONDS"] or "60"),
        log_level=raw["LOG_LEVEL"].upper(),
    )

"""The one configuration module: defaults, parsing, and every setting documented in the README."""

from __future__ import annotations

from bot.config import PROJECT_ROOT, SETTINGS, load_config


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert missing == []


def test_defaults_give_sqlite_in_the_data_dir(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = load_config({"BUURTWIJZER_DATA_DIR": str(tmp_path)})
    assert config.database_url == f"sqlite:///{tmp_path / 'buurtwijzer.db'}"
    assert config.telegram_token == ""
    assert config.embeddings is True
    assert config.coordinator_chat_id is None


def test_postgres_urls_use_psycopg3_and_values_are_typed() -> None:
    config = load_config(
        {
            "DATABASE_URL": "postgres://u@h/db",
            "PORT": "9000",
            "RETENTION_DAYS": "30",
            "COORDINATOR_CHAT_ID": "-100123",
            "BUURTWIJZER_EMBEDDINGS": "off",
        }
    )
    assert config.database_url == "postgresql+psycopg://u@h/db"
    assert (config.port, config.retention_days, config.coordinator_chat_id) == (9000, 30, -100123)
    assert config.embeddings is False


def test_relative_folders_are_resolved_from_the_project() -> None:
    config = load_config({})
    assert config.knowledge_dir == PROJECT_ROOT / "knowledge"
    assert config.locales_dir == PROJECT_ROOT / "locales"

"""The one table of commands: every row has a Telegram handler, the console runs every resident command,
/help and the menus list exactly what each role may use."""

from __future__ import annotations

from bot.commands import COMMANDS, commands_for, resident_commands
from bot.console import console_commands
from bot.languages import BY_CODE, ENGINE_LANGUAGES, INTERFACE_LANGUAGES, LANGUAGE_NAMES
from bot.locales import LANGUAGES
from bot.roles import Role
from bot.telegram.commands import command_table


def test_every_command_has_a_telegram_handler_and_residents_have_theirs_in_the_console() -> None:
    assert set(command_table()) == {c.name for c in COMMANDS}
    console = console_commands(service=None, chat=1, hint=None)  # type: ignore[arg-type]
    assert set(console) == {c.name for c in resident_commands()}
    assert "person" in console  # it had drifted out of the console once


def test_each_role_sees_its_own_commands() -> None:
    resident = {c.name for c in commands_for(Role.RESIDENT)}
    key_figure = {c.name for c in commands_for(Role.KEY_FIGURE)}
    coordinator = {c.name for c in commands_for(Role.COORDINATOR)}
    assert "claim" not in resident and "invite" not in key_figure
    assert resident < key_figure < coordinator
    assert {"claim", "cases", "case", "resolve", "handback", "pause", "resume"} <= key_figure
    assert {"queue", "staff", "invite"} <= coordinator


def test_one_table_of_languages() -> None:
    assert LANGUAGES == INTERFACE_LANGUAGES and len(INTERFACE_LANGUAGES) == 14
    assert set(LANGUAGE_NAMES) == set(INTERFACE_LANGUAGES)
    assert set(INTERFACE_LANGUAGES) | {"srn"} == ENGINE_LANGUAGES
    assert BY_CODE["ti"].name == "ትግርኛ"

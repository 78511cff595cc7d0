"""What each row of the command table does in Telegram, the menus per role, and the staff /help."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.chat.replies import Outcome
from bot.commands import COMMANDS, Command, commands_for
from bot.roles import Role
from bot.runtime import Runtime

if TYPE_CHECKING:
    from bot.telegram.handlers import Handlers

# (handlers, chat id, client language, update id, arguments, first name, bot username) -> outcome
CommandCall = Callable[["Handlers", int, str | None, int, list[str], str, str], Outcome]


def _arg(args: list[str]) -> str:
    return args[0] if args else ""


def command_table() -> dict[str, CommandCall]:
    """Every command of bot.commands.COMMANDS, bound to the service call it makes."""
    table: dict[str, CommandCall] = {
        "start": lambda h, c, hint, u, a, name, bot: h.start(c, hint, u, a, name, bot),
        "help": lambda h, c, hint, u, a, name, bot: h.help(c, hint, u),
        "about": lambda h, c, hint, u, a, name, bot: h.chat.info(c, "about", hint, u),
        "language": lambda h, c, hint, u, a, name, bot: h.chat.language_menu(c, hint, u),
        "place": lambda h, c, hint, u, a, name, bot: h.chat.places(c, hint, u),
        "forgetme": lambda h, c, hint, u, a, name, bot: h.chat.forget_menu(c, hint, u),
        "person": lambda h, c, hint, u, a, name, bot: h.chat.person(c, hint, u),
        "cases": lambda h, c, hint, u, a, name, bot: h.desk.my_cases(c, u),
        "case": lambda h, c, hint, u, a, name, bot: h.desk.activate(c, _arg(a), u),
        "claim": lambda h, c, hint, u, a, name, bot: h.desk.claim(c, _arg(a), u),
        "resolve": lambda h, c, hint, u, a, name, bot: h.desk.resolve_menu(c, _arg(a), u),
        "handback": lambda h, c, hint, u, a, name, bot: h.desk.hand_back(c, _arg(a), u),
        "pause": lambda h, c, hint, u, a, name, bot: h.desk.pause(c, True, u),
        "resume": lambda h, c, hint, u, a, name, bot: h.desk.pause(c, False, u),
        "find": lambda h, c, hint, u, a, name, bot: h.rt.curation.find(c, " ".join(a), u),
        "drafts": lambda h, c, hint, u, a, name, bot: h.rt.curation.drafts(c, u),
        "propose": lambda h, c, hint, u, a, name, bot: h.rt.curation.propose(c, u),
        "tasks": lambda h, c, hint, u, a, name, bot: h.rt.curation.tasks(c, u),
        "queue": lambda h, c, hint, u, a, name, bot: h.desk.queue(c, u),
        "staff": lambda h, c, hint, u, a, name, bot: h.desk.staff_list(c, u),
        "invite": lambda h, c, hint, u, a, name, bot: h.desk.invite(c, _arg(a), bot, u),
    }
    missing = {c.name for c in COMMANDS} - set(table)
    assert not missing, f"commands without a handler: {missing}"
    return table


def _text(runtime: Runtime, command: Command, lang: str, field: str) -> str:
    msgid = getattr(command, field)
    if command.role is Role.RESIDENT:
        return runtime.chat.t(lang, msgid)
    return runtime.cases.cards.st(lang, msgid)


def command_menu(runtime: Runtime, role: Role, lang: str) -> list[BotCommand]:
    """The command menu of a role in a language."""
    return [BotCommand(c.name, _text(runtime, c, lang, "menu")[:256]) for c in commands_for(role)]


def help_text(runtime: Runtime, role: Role, lang: str) -> str:
    """/help for staff: every command their role may use, from the one table."""
    lines = [runtime.cases.cards.st(lang, "What you can do:")]
    for command in commands_for(role):
        args = f" {command.args}" if command.args else ""
        lines.append(f"/{command.name}{args}: {_text(runtime, command, lang, 'help')}")
    return "\n".join(lines)


async def publish_staff_menu(bot: Bot, runtime: Runtime, user_id: int) -> bool:
    """Give one staff member the menu of their role in their chat; False when Telegram refused."""
    role = runtime.desk.role(user_id)
    if role is Role.RESIDENT:
        return False
    try:
        menu = command_menu(runtime, role, runtime.desk.language(user_id))
        await bot.set_my_commands(menu, scope=BotCommandScopeChat(user_id))
    except TelegramError:
        return False
    return True

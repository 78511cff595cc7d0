"""The one table of commands: name, who may use it, its menu text and its help line.

The Telegram menu (per role), /help and the console all read this table. Texts are gettext msgids:
resident commands are in every interface language, staff commands in the staff catalogue (nl, en).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.msgids import _, _s
from bot.roles import Role, may


@dataclass(frozen=True)
class Command:
    """A slash command: `args` is shown in the help line, e.g. 'N' for /claim N."""

    name: str
    role: Role
    menu: str
    help: str
    args: str = ""


COMMANDS: tuple[Command, ...] = (
    Command("start", Role.RESIDENT, _("Start and choose a topic"), _("start again and choose a topic")),
    Command("language", Role.RESIDENT, _("Choose your language"), _("choose your language")),
    Command("place", Role.RESIDENT, _("Set or forget your area"), _("set or forget your neighbourhood")),
    Command("person", Role.RESIDENT, _("Talk to a person"), _("talk to a person who speaks your language")),
    Command("help", Role.RESIDENT, _("How this works"), _("how this works")),
    Command("about", Role.RESIDENT, _("Who we are and what we store"), _("who we are and what we store")),
    Command("forgetme", Role.RESIDENT, _("Delete everything about me"), _("delete everything we stored about you")),
    Command("cases", Role.KEY_FIGURE, _s("My cases"), _s("list your open cases")),
    Command("case", Role.KEY_FIGURE, _s("Make a case active"), _s("make case N the one your messages go to"), "N"),
    Command("claim", Role.KEY_FIGURE, _s("Take a case"), _s("take case N"), "N"),
    Command("resolve", Role.KEY_FIGURE, _s("Close a case"), _s("close case N with an outcome"), "N"),
    Command("handback", Role.KEY_FIGURE, _s("Give a case back"), _s("give case N back to the queue"), "N"),
    Command("pause", Role.KEY_FIGURE, _s("Pause new cases"), _s("receive no new cases for now")),
    Command("resume", Role.KEY_FIGURE, _s("Receive cases again"), _s("receive new cases again")),
    Command("find", Role.CURATOR, _s("Find a listing"), _s("find a listing to check or edit"), "WORDS"),
    Command("propose", Role.CURATOR, _s("Propose a new initiative"), _s("propose a new listing with a short form")),
    Command(
        "tasks",
        Role.CURATOR,
        _s("Questions the bot missed"),
        _s("questions the bot could not answer, most asked first"),
    ),
    Command("drafts", Role.CURATOR, _s("Drafts to approve"), _s("approve or reject other curators' edits")),
    Command("queue", Role.COORDINATOR, _s("Open cases"), _s("all open cases, with who has them")),
    Command("staff", Role.COORDINATOR, _s("Staff list"), _s("the key figures, curators and coordinators")),
    Command("invite", Role.COORDINATOR, _s("Invite staff"), _s("one-time invite link for a role"), "ROLE"),
)
BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}


def commands_for(role: Role) -> tuple[Command, ...]:
    """The commands someone with this role may use, in menu order."""
    return tuple(c for c in COMMANDS if may(role, c.role))


def resident_commands() -> tuple[Command, ...]:
    """The commands of residents (the default menu)."""
    return tuple(c for c in COMMANDS if c.role is Role.RESIDENT)

"""The console chat: the same conversation as in Telegram, in a terminal. Type a number to press a button."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from bot.chat.flows import ChatService
from bot.chat.replies import Button, Outcome
from bot.commands import resident_commands
from bot.config import Config
from bot.runtime import build_runtime

CONSOLE_CHAT_ID = 1
EXTRA = ("/location LAT,LON", "/quit")


def console_commands(service: ChatService, chat: int, hint: str | None) -> dict[str, Callable[[str], Outcome]]:
    """Every resident command of the one command table, as the console runs it (argument: the rest of the line)."""
    table: dict[str, Callable[[str], Outcome]] = {
        "start": lambda arg: service.start(chat, hint, arg or None),
        "help": lambda arg: service.info(chat, "help", hint),
        "about": lambda arg: service.info(chat, "about", hint),
        "language": lambda arg: service.language_menu(chat, hint),
        "place": lambda arg: service.places(chat, hint),
        "person": lambda arg: service.person(chat, hint),
        "forgetme": lambda arg: service.forget_menu(chat, hint),
    }
    missing = {c.name for c in resident_commands()} - set(table)
    assert not missing, f"resident commands missing in the console: {missing}"
    return table


class ConsoleChat:
    """Maps typed lines to chat actions and prints replies with numbered buttons."""

    def __init__(self, service: ChatService, out: TextIO, hint: str | None = None) -> None:
        self.service = service
        self.out = out
        self.hint = hint
        self.buttons: list[Button] = []
        self.commands = console_commands(service, CONSOLE_CHAT_ID, hint)

    def show(self, outcome: Outcome) -> None:
        """Print the replies; remember their buttons for the next line."""
        self.buttons = []
        for reply in outcome.replies:
            self.out.write("\nbot> " + reply.text.replace("\n", "\n     ") + "\n")
            if reply.venue is not None:
                v = reply.venue
                self.out.write(f"     🗺  {v.title}, {v.address} ({v.lat:.5f}, {v.lon:.5f})\n")
            for row in reply.buttons:
                cells = []
                for button in row:
                    self.buttons.append(button)
                    cells.append(f"[{len(self.buttons)}] {button.label}")
                self.out.write("     " + "   ".join(cells) + "\n")
        self.out.flush()

    def line(self, text: str) -> Outcome | None:
        """Handle one typed line; None means quit."""
        text = text.strip()
        chat, hint, s = CONSOLE_CHAT_ID, self.hint, self.service
        if text in ("/quit", "/exit"):
            return None
        if text.isdigit() and 1 <= int(text) <= len(self.buttons):
            return s.press(chat, self.buttons[int(text) - 1].action, hint)
        command, _, arg = text.partition(" ")
        if command.startswith("/") and command[1:] in self.commands:
            return self.commands[command[1:]](arg.strip())
        if command == "/location" and arg:
            lat, _, lon = arg.partition(",")
            return s.location(chat, float(lat), float(lon), hint)
        return s.text(chat, text, hint)


def main(config: Config, stdin: TextIO, stdout: TextIO) -> int:
    """Run the console chat until end of input or /quit."""
    service = build_runtime(config).chat
    chat = ConsoleChat(service, stdout, hint=None)
    names = " ".join(f"/{c.name}" for c in resident_commands())
    stdout.write(
        "Buurtwijzer console chat. Type a question in any language; a number presses a button; "
        f"commands: {names} {' '.join(EXTRA)}.\n"
    )
    chat.show(service.start(CONSOLE_CHAT_ID, None, None))
    interactive = stdin.isatty()
    while True:
        if interactive:
            stdout.write("\nyou> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        try:
            outcome = chat.line(line)
        except ValueError as exc:
            stdout.write(f"bot> Sorry, I could not read that: {exc}\n")
            continue
        if outcome is None:
            return 0
        chat.show(outcome)

"""The console chat: the same conversation as in Telegram, in a terminal. Type a number to press a button."""

from __future__ import annotations

from typing import TextIO

from bot.chat.flows import ChatService
from bot.chat.replies import Button, Outcome
from bot.config import Config
from bot.runtime import build_chat_service

CONSOLE_CHAT_ID = 1
COMMANDS = ("/start", "/help", "/about", "/language", "/place", "/forgetme", "/quit")


class ConsoleChat:
    """Maps typed lines to chat actions and prints replies with numbered buttons."""

    def __init__(self, service: ChatService, out: TextIO, hint: str | None = None) -> None:
        self.service = service
        self.out = out
        self.hint = hint
        self.buttons: list[Button] = []

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
        if command == "/start":
            return s.start(chat, hint, arg or None)
        if command in ("/help", "/about"):
            return s.info(chat, command[1:], hint)
        if command == "/language":
            return s.language_menu(chat, hint)
        if command == "/place":
            return s.places(chat, hint)
        if command == "/forgetme":
            return s.forget_menu(chat, hint)
        if command == "/location" and arg:
            lat, _, lon = arg.partition(",")
            return s.location(chat, float(lat), float(lon), hint)
        return s.text(chat, text, hint)


def main(config: Config, stdin: TextIO, stdout: TextIO) -> int:
    """Run the console chat until end of input or /quit."""
    service = build_chat_service(config)
    chat = ConsoleChat(service, stdout, hint=None)
    stdout.write(
        "Buurtwijzer console chat. Type a question in any language; a number presses a button; "
        f"commands: {' '.join(COMMANDS)}; /location LAT,LON shares a location.\n"
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

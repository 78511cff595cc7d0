"""Channel-neutral replies: text, buttons and map points that Telegram and the console both render."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    """A button: its label and the action it triggers (short, fits Telegram's 64-byte callback data)."""

    label: str
    action: str


@dataclass(frozen=True)
class Venue:
    """A place to show on a map."""

    title: str
    address: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Reply:
    """One message to the resident."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    venue: Venue | None = None
    ask_location: bool = False  # show the 'share my location' keyboard
    remove_keyboard: bool = False


@dataclass(frozen=True)
class Outcome:
    """Everything the bot says in answer to one action of the resident, in order."""

    replies: list[Reply] = field(default_factory=list)
    case_id: int | None = None

    def add(self, reply: Reply) -> Outcome:
        """Append a reply and return self, for chaining."""
        self.replies.append(reply)
        return self

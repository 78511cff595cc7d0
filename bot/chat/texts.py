"""Fixed texts and button labels of the conversation, through the gettext catalogues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.callbacks import Callback, data
from bot.catalog.models import Need
from bot.chat.replies import Button
from bot.commands import resident_commands
from bot.i18n import Catalogs, day_name, time_text
from bot.languages import LANGUAGE_NAMES


class Texts:
    """Every sentence the bot says outside the engine's answers, in the resident's language."""

    def __init__(self, catalogs: Catalogs, needs: Sequence[Need], districts: dict[str, str], operator: str) -> None:
        self.cat = catalogs
        self.needs = list(needs)
        self.districts = districts
        self.operator = operator

    def welcome(self, lang: str, place: str | None) -> str:
        """The /start greeting: who we are, free, anonymous, not the municipality."""
        text = self.cat.t(
            lang, "Hello! I am Buurtwijzer. I help you find help near you in Almere, in your own language."
        )
        text += "\n" + self.cat.t(
            lang,
            "{operator} runs this service with volunteers. It is free and anonymous. We are not the municipality.",
            operator=self.operator,
        )
        if place:
            text += "\n" + self.cat.t(
                lang, "I will look for help near {place}. You can change this with /place.", place=place
            )
        text += "\n\n" + self.cat.t(lang, "What do you need help with? Choose a topic or tell me in your own words.")
        return text

    def help(self, lang: str) -> str:
        """/help: how it works and every resident command, from the one command table."""
        lines = [self.cat.t(lang, "Write your question in your own words, in any language. Or tap a topic.")]
        lines += [f"/{c.name}: {self.cat.t(lang, c.help)}" for c in resident_commands() if c.name != "help"]
        lines.append(self.cat.t(lang, "In danger? Call 112."))
        return "\n".join(lines)

    def about(self, lang: str, retention_days: int) -> str:
        """/about: who runs it, what is stored, for how long, who can see it."""
        return "\n\n".join(
            [
                self.cat.t(
                    lang,
                    "Buurtwijzer is run by {operator}, with volunteers from Almere. We are not the municipality.",
                    operator=self.operator,
                ),
                self.cat.t(
                    lang,
                    "We store only your chat number, your language, and your place if you say yes. "
                    "We do not keep your questions, unless you ask for a person.",
                ),
                self.cat.t(
                    lang,
                    "If you ask for a person, only the key figure and the coordinators see your "
                    "question. The conversation is deleted {days} days after it is closed.",
                    days=retention_days,
                ),
                self.cat.t(lang, "With /forgetme you delete everything, at any time."),
            ]
        )

    def topics(self, lang: str, per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
        """All topics as buttons, two per row, with their emoji."""
        buttons = [
            Button(f"{n.icon} {n.name.get(lang) or n.name['nl']}".strip(), data(Callback.TOPIC, n.slug))
            for n in self.needs
        ]
        return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))

    def district_buttons(self) -> tuple[tuple[Button, ...], ...]:
        """The districts as buttons."""
        buttons = [Button(name, data(Callback.DISTRICT, slug)) for slug, name in self.districts.items()]
        return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))

    def language_buttons(self) -> tuple[tuple[Button, ...], ...]:
        """Every interface language, each in its own name."""
        spoken = [c for c in LANGUAGE_NAMES if self.cat.speaks(c)]
        buttons = [Button(LANGUAGE_NAMES[c], data(Callback.LANGUAGE, c)) for c in spoken]
        return tuple(tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3))

    def person_button(self, lang: str) -> Button:
        """Talk to a person."""
        return Button("🙋 " + self.cat.t(lang, "Talk to a person"), data(Callback.PERSON))

    def when_person_answers(self, lang: str, now: dt.datetime, next_open: dt.datetime | None) -> str:
        """When a key figure will answer, in plain words."""
        if next_open is None or next_open <= now:
            return self.cat.t(lang, "A person will answer you here, usually within a few hours on working days.")
        ahead = (next_open.date() - now.date()).days
        at = time_text(lang, next_open.time())
        if ahead == 0:
            return self.cat.t(
                lang, "Our key figures are not working now. A person will answer you here from {time} today.", time=at
            )
        if ahead == 1:
            return self.cat.t(
                lang,
                "Our key figures are not working now. A person will answer you here from {time} tomorrow.",
                time=at,
            )
        return self.cat.t(
            lang,
            "Our key figures are not working now. A person will answer you here on {day} from {time}.",
            day=day_name(lang, ("mo", "tu", "we", "th", "fr", "sa", "su")[next_open.weekday()]),
            time=at,
        )

    def urgent_lines(self, lang: str) -> str:
        """The 24/7 lines, for when waiting is not possible."""
        return self.cat.t(
            lang,
            "Urgent? Call 112 (danger), 113 or 0800-0113 (suicidal thoughts, 24/7), "
            "Veilig Thuis 0800-2000 (violence at home, 24/7).",
        )

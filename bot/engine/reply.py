"""Compose the resident's reply: short sentences, her language, at most three places, plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.catalog.models import CrisisLine, Need
from bot.engine.values import Action, CrisisContact, Recommendation, Understanding
from bot.i18n import Catalogs, babel_locale, day_name, time_text


class ReplyWriter:
    """Turns an understanding and its services into text, through the gettext catalogues."""

    def __init__(self, catalogs: Catalogs, needs: Sequence[Need], district_names: dict[str, str]) -> None:
        self.cat = catalogs
        self.needs = {n.slug: n for n in needs}
        self.district_names = district_names

    def need_name(self, lang: str, slug: str) -> str:
        """A need's name in a language (Dutch when missing)."""
        need = self.needs.get(slug)
        return (need.name.get(lang) or need.name["nl"]) if need else slug

    def place_name(self, u: Understanding) -> str | None:
        """The neighbourhood or district the resident named, as text."""
        if u.neighbourhood:
            return u.neighbourhood
        return self.district_names.get(u.district) if u.district else None

    def write(
        self,
        u: Understanding,
        services: Sequence[Recommendation],
        crisis: Sequence[CrisisContact],
    ) -> str:
        """The whole reply for one message."""
        lang = u.reply_language
        if u.action is Action.EMERGENCY:
            return self.emergency(lang, u.crisis, crisis)
        if u.action is Action.CLARIFY:
            return self.clarify(lang, u.reason)
        parts: list[str] = []
        if u.action is Action.ESCALATE:
            parts.append(self.cat.t(lang, "A person can help you better with this than a list of addresses."))
            parts.append(
                self.cat.t(
                    lang,
                    "May I pass your question on to a key figure who speaks your language? "
                    "Tap 'Talk to a person'. Nobody else sees it.",
                )
            )
            if not services:
                return "\n\n".join(parts)
            parts.append(self.cat.t(lang, "Meanwhile, these places may help:"))
        elif services:
            topic = self.need_name(lang, u.need_slugs[0])
            place = self.place_name(u)
            if place:
                parts.append(self.cat.t(lang, "Help with {topic} near {place}:", topic=topic.lower(), place=place))
            else:
                parts.append(self.cat.t(lang, "Help with {topic} in Almere:", topic=topic.lower()))
        else:
            parts.append(
                self.cat.t(
                    lang, "I do not know a place for this yet. A person can look with you. Tap 'Talk to a person'."
                )
            )
        for i, rec in enumerate(services, start=1):
            parts.append(self.service_card(lang, i, rec))
        if u.action is Action.ANSWER and services and not u.district:
            parts.append(self.cat.t(lang, "Tell me your neighbourhood and I will look closer to you."))
        return "\n\n".join(parts)

    def service_card(self, lang: str, index: int, rec: Recommendation) -> str:
        """One service in a few short lines: what, where, when, how, cost, and how fresh the facts are."""
        lines = [f"{index}. {rec.name}", rec.description]
        if rec.warning:
            lines.append("⚠️ " + rec.warning)
        where = self.where(lang, rec)
        if where:
            lines.append("📍 " + where)
        when = self.when(lang, rec)
        if when:
            lines.append("🕒 " + when)
        reach = [x for x in (rec.phone, rec.website, rec.email) if x]
        if reach:
            lines.append(("📞 " if rec.phone else "🌐 ") + " · ".join(reach))
        how = []
        if rec.free:
            how.append(self.cat.t(lang, "Free"))
        if rec.access_note:
            how.append(rec.access_note)
        elif rec.access:
            how.extend(self.access(lang, rec))
        if lang != "nl" and lang in rec.languages:
            how.append(self.cat.t(lang, "They speak your language here"))
        elif rec.interpreter:
            how.append(self.cat.t(lang, "An interpreter can be arranged"))
        if how:
            lines.append("✅ " + " · ".join(how))
        lines.append(self.freshness(lang, rec))
        return "\n".join(lines)

    def where(self, lang: str, rec: Recommendation) -> str | None:
        """The address, with a distance only from real coordinates; else the district it is in."""
        district = self.district_names.get(rec.district) if rec.district else None
        if rec.address:
            if rec.distance_km is not None and rec.has_real_coordinates:
                return rec.address + " " + self.cat.t(lang, "({km} km)", km=_km(lang, rec.distance_km))
            if district:
                return rec.address + ", " + self.cat.t(lang, "in {district}", district=district)
            return rec.address
        return self.cat.t(lang, "in {district}", district=district) if district else None

    def freshness(self, lang: str, rec: Recommendation) -> str:
        """When the facts were checked or last seen, in words; "call first" only when there is a number."""
        if rec.verified and rec.assured_date:
            month = month_text(lang, rec.assured_date)
            if rec.stale:
                text = self.cat.t(lang, "Last checked in {month}: it may have changed.", month=month)
            else:
                text = self.cat.t(lang, "Checked in {month}.", month=month)
        elif rec.source_date:
            text = self.cat.t(
                lang, "Last seen in a {year} source, not yet checked by us.", year=str(rec.source_date.year)
            )
        else:
            text = self.cat.t(lang, "Not yet checked by us.")
        if not rec.reachable:
            text += " " + self.cat.t(lang, "We do not know yet how to reach them.")
        elif (rec.stale or not rec.verified) and rec.phone:
            text += " " + self.cat.t(lang, "Please call before you go.")
        return text

    def when(self, lang: str, rec: Recommendation) -> str | None:
        """Open now until …, or opens on … at …, or the schedule note."""
        o = rec.opening
        if o is not None and o.open_now and o.closes:
            return self.cat.t(lang, "Open now, until {time}", time=time_text(lang, o.closes))
        if o is not None and o.next_day and o.next_opens:
            if o.days_ahead == 0:
                return self.cat.t(lang, "Opens today at {time}", time=time_text(lang, o.next_opens))
            if o.days_ahead == 1:
                return self.cat.t(lang, "Opens tomorrow at {time}", time=time_text(lang, o.next_opens))
            return self.cat.t(
                lang, "Opens {day} at {time}", day=day_name(lang, o.next_day), time=time_text(lang, o.next_opens)
            )
        return rec.schedule_note

    def access(self, lang: str, rec: Recommendation) -> list[str]:
        """How to get in, in plain words; "call first" and "by phone" only when there is a number."""
        if rec.access in ("call_first", "phone") and not rec.phone:
            contact = rec.email or rec.website
            return [self.cat.t(lang, "Contact them first")] if contact and rec.access == "call_first" else []
        texts = {
            "walk_in": self.cat.t(lang, "Just walk in"),
            "call_first": self.cat.t(lang, "Call first"),
            "appointment": self.cat.t(lang, "By appointment"),
            "referral": self.cat.t(lang, "Through the wijkteam or your GP"),
            "online": self.cat.t(lang, "Online"),
            "phone": self.cat.t(lang, "By phone"),
        }
        return [texts[rec.access]] if rec.access in texts else []

    def clarify(self, lang: str, reason: str) -> str:
        """One question and the topics to choose from."""
        if reason == "about_bot":
            first = self.cat.t(
                lang,
                "I am Buurtwijzer. I help you find free help in Almere, in your own language. "
                "I am not the municipality.",
            )
        elif reason == "greeting":
            first = self.cat.t(lang, "Hello! Good that you are here.")
        else:
            first = self.cat.t(lang, "I want to help you.")
        return (
            first + "\n" + self.cat.t(lang, "What do you need help with? Choose a topic or tell me in your own words.")
        )

    def emergency(self, lang: str, kind: str | None, lines: Sequence[CrisisContact]) -> str:
        """Lead with the right number, then offer a person now."""
        parts = []
        if kind == "suicide":
            parts.append(self.cat.t(lang, "I am very glad you wrote. You are not alone."))
        parts.append(self.cat.t(lang, "If someone is in danger right now, call 112."))
        for line in lines:
            parts.append(f"☎️ {line.number} · {line.name}")
        parts.append(self.cat.t(lang, "Do you want to talk to a person now? Tap 'Talk to a person'."))
        return "\n".join(parts)


def crisis_contacts(lang: str, kind: str | None, lines: Sequence[CrisisLine]) -> tuple[CrisisContact, ...]:
    """The first three lines for this kind of emergency, in the order of knowledge/crisis.yaml (112 first)."""
    chosen = [line for line in lines if kind in line.kinds]
    return tuple(CrisisContact(line.number, line.name.get(lang) or line.name["nl"]) for line in chosen[:3])


def month_text(lang: str, value: dt.date) -> str:
    """A month and year in a language, as on its own ("March 2026")."""
    return str(format_date(value, format="LLLL y", locale=babel_locale(lang)))


def _km(lang: str, km: float) -> str:
    return str(format_decimal(km, format="#,##0.#", locale=babel_locale(lang)))

"""The values the engine takes and returns: no Telegram, no database, no hidden clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class ClarifyStyle(StrEnum):
    """How a clarifying reply asks: with every topic as a button, or briefly (empty message, lone emoji)."""

    TOPICS = "topics"
    SHORT = "short"


class Action(StrEnum):
    """What the engine decides to do with a message."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    ESCALATE = "escalate"
    EMERGENCY = "emergency"


@dataclass(frozen=True)
class Question:
    """A resident's message and what the chat already knows about her."""

    text: str
    now: dt.datetime
    language_hint: str | None = None
    location: str | None = None  # free text or "lat,lon"
    known_language: str | None = None  # chosen with /language or earlier in the chat
    known_district: str | None = None  # remembered place, if the resident agreed
    known_neighbourhood: str | None = None
    known_point: tuple[float, float] | None = None
    previous_needs: tuple[str, ...] = ()  # needs of the last question, for follow-ups
    exclude_services: tuple[str, ...] = ()  # "other options": services already shown


@dataclass(frozen=True)
class NeedScore:
    """A need with its score and the signals that chose it."""

    slug: str
    score: float
    signals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Understanding:
    """What the engine understood: language, urgency, needs, place, and the action with its reason."""

    language: str
    reply_language: str
    action: Action
    reason: str
    needs: tuple[NeedScore, ...]
    crisis: str | None = None
    district: str | None = None
    neighbourhood: str | None = None
    point: tuple[float, float] | None = None
    place_signal: str | None = None
    intents: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    alert: str | None = None  # a possible emergency of this kind: the reply leads with its number anyway
    danger: float | None = None  # the danger model's probability, when it ran

    @property
    def need_slugs(self) -> list[str]:
        """The ranked need slugs."""
        return [n.slug for n in self.needs]


@dataclass(frozen=True)
class OpeningState:
    """Whether a service is open at the moment of asking, and when it next opens or closes."""

    open_now: bool
    closes: dt.time | None = None
    next_day: str | None = None  # 'mo'..'su'
    next_opens: dt.time | None = None
    days_ahead: int | None = None


@dataclass(frozen=True)
class Recommendation:
    """One service offered to the resident, with why it ranked where it did."""

    service_id: str
    name: str
    description: str
    needs: tuple[str, ...]
    district: str | None
    distance_km: float | None
    address: str | None
    lat: float | None
    lon: float | None
    opening: OpeningState | None
    schedule_note: str | None
    phone: str | None
    website: str | None
    email: str | None
    free: bool
    access: str | None
    access_note: str | None
    verified: bool
    assured_date: dt.date | None
    languages: tuple[str, ...]
    score: float
    reasons: tuple[str, ...] = ()
    has_real_coordinates: bool = False  # lat/lon are the sourced point of a street address: map pin and km allowed
    reachable: bool = True  # a phone, e-mail, website or walk-in street address
    warning: str | None = None  # e.g. "a 2021 pilot, not confirmed since"
    stale: bool = False  # unverified, or checked more than a year ago
    source_date: dt.date | None = None  # the newest date a source of the facts carries
    interpreter: bool | None = None  # an interpreter can be arranged


@dataclass(frozen=True)
class CrisisContact:
    """A crisis line to lead an emergency reply with."""

    number: str
    name: str


@dataclass(frozen=True)
class Answer:
    """Everything a channel needs to reply: the understanding, the services and the reply text."""

    understanding: Understanding
    services: tuple[Recommendation, ...]
    reply: str
    crisis_lines: tuple[CrisisContact, ...] = ()
    topics: tuple[str, ...] = field(default_factory=tuple)  # need slugs to offer as buttons
    clarify: ClarifyStyle | None = None  # set when the action is CLARIFY: SHORT needs no topic buttons

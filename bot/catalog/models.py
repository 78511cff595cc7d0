"""Validated shapes of the knowledge base (Open Referral HSDS-like), read from knowledge/*.yaml."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.catalog.provenance import Sources

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")
CITYWIDE = "almere"
NATIONAL = "nl"


def _translated(value: dict[str, str]) -> dict[str, str]:
    if "nl" not in value or not str(value["nl"]).strip():
        raise ValueError("needs a Dutch text under 'nl' (the fallback for every language)")
    for lang, text in value.items():
        if not re.fullmatch(r"[a-z]{2,3}", lang):
            raise ValueError(f"'{lang}' is not a language code (use ISO 639-1, or 639-3 like pap)")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"the text for '{lang}' is empty")
    return value


Translated = Annotated[dict[str, str], AfterValidator(_translated)]


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"'{value}' is not a slug (lower case letters, digits and dashes)")
    return value


Slug = Annotated[str, AfterValidator(_slug)]


class Strict(BaseModel):
    """Base for knowledge models: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Need(Strict):
    """A need slug with its name and one-line description per language."""

    slug: Slug
    icon: str = ""
    name: Translated
    description: Translated


class Phrasings(Strict):
    """What residents write in one language: phrases per need, intents and crisis signals."""

    language: str
    needs: dict[str, list[str]] = Field(default_factory=dict)
    intents: dict[str, list[str]] = Field(default_factory=dict)
    crisis: dict[str, list[str]] = Field(default_factory=dict)
    harm: dict[str, list[str]] = Field(default_factory=dict)  # composed alarms: see HARM_PARTS

    @field_validator("needs", "intents", "crisis", "harm", mode="before")
    @classmethod
    def _no_nulls(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: [str(x) for x in (v or [])] for k, v in value.items()}
        return value


INTENTS = ("greeting", "help_generic", "about_bot", "ask_person", "act_for_me", "overwhelmed", "not_urgent")
# A composed act_for_me: a task on her own case (phone, write, check, object) + "for me / on my behalf" in one
# sentence, each on words of its own, and no question about a service (harm not_now) in that sentence.
ON_BEHALF_PARTS = ("task", "for_me")
CRISIS_KINDS = ("suicide", "violence", "child_danger", "medical", "fire")  # fire: also smoke or a gas leak
# A composed alarm: an act of harm of one crisis kind + a person at risk + "now or ongoing", and nothing
# that places it in the past, in a worry about later, or in a question about a service.
HARM_PARTS = ("person", "now", "not_now", "public", "household", "leaving")
# leaving: moving away or going back to one's country, which makes a thank-you and a pet given away a goodbye
# to the neighbourhood, not a farewell sign; public / household: where violence happens, a stranger or a public
# place (police first) or a partner or family
# A child exposed: no shelter (exposed) + a baby or child (child) + cold or night (cold_night), all three.
EXPOSURE_PARTS = ("exposed", "child", "cold_night")
# Warning signs of suicide that are too weak alone (a pet given away, a letter for the children, "nobody will
# have to worry about me"): two on words of their own are the alarm, one makes a self-harm act "now".
FAREWELL = "farewell"


class Neighbourhood(Strict):
    """A neighbourhood (wijk, buurt, kwartier) of a district."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    centre: tuple[float, float]
    postcodes: list[str] = Field(default_factory=list)


class District(Strict):
    """A district (stadsdeel) with its neighbourhoods and postcode areas."""

    slug: Slug
    name: str
    aliases: list[str] = Field(default_factory=list)
    postcodes: list[str] = Field(default_factory=list)
    centre: tuple[float, float]
    neighbourhoods: list[Neighbourhood] = Field(default_factory=list)

    @field_validator("postcodes")
    @classmethod
    def _pc4(cls, value: list[str]) -> list[str]:
        for code in value:
            if not re.fullmatch(r"\d{4}", str(code)):
                raise ValueError(f"'{code}' is not a 4-digit postcode area")
        return [str(c) for c in value]


class Landmark(Strict):
    """A place people name to say where they are (station, town hall, shopping centre)."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    district: str
    neighbourhood: str | None = None
    centre: tuple[float, float]


class Gazetteer(Strict):
    """All districts, neighbourhoods and landmarks of Almere."""

    districts: list[District]
    landmarks: list[Landmark] = Field(default_factory=list)


class CrisisLine(Strict):
    """A Dutch crisis or help line and the kinds of emergency it is for."""

    id: Slug
    number: str
    name: Translated
    kinds: list[str] = Field(default_factory=list)
    hours: str = ""
    cost: str = ""
    website: str | None = None
    note: Translated | None = None
    source: str | None = None
    sources: Sources = Field(default_factory=list)
    assured_date: dt.date | None = None


class CrisisBook(Strict):
    """The crisis lines file."""

    lines: list[CrisisLine]


class Organization(Strict):
    """An organisation that runs services (HSDS organization)."""

    id: Slug
    name: str
    description: Translated | None = None
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    sources: Sources = Field(default_factory=list)
    assured_date: dt.date | None = None
    verified: bool = True
    translations_reviewed: dict[str, bool] = Field(default_factory=dict)


class Status(StrEnum):
    """HSDS service status."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    INACTIVE = "inactive"


class Cost(StrEnum):
    """What a service costs the resident."""

    FREE = "free"
    LOW = "low"
    PAID = "paid"
    UNKNOWN = "unknown"


class Access(StrEnum):
    """How a resident gets to use a service."""

    WALK_IN = "walk_in"
    CALL_FIRST = "call_first"
    APPOINTMENT = "appointment"
    REFERRAL = "referral"
    ONLINE = "online"
    PHONE = "phone"


class Location(Strict):
    """Where a service is (HSDS location + physical address)."""

    name: str | None = None
    address: str | None = None
    postcode: str | None = None
    district: str
    neighbourhood: str | None = None
    lat: float | None = Field(default=None, ge=50.5, le=53.7)
    lon: float | None = Field(default=None, ge=3.2, le=7.3)
    coords_source: str | None = None

    @model_validator(mode="after")
    def _coords(self) -> Location:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        if self.lat is not None and not self.coords_source:
            raise ValueError("lat/lon need a coords_source (the URL or data set the coordinates come from)")
        return self

    @property
    def has_coordinates(self) -> bool:
        """Whether the location carries real, sourced coordinates (not a district centre)."""
        return self.lat is not None and self.lon is not None and bool(self.coords_source)


class OpeningTime(Strict):
    """Regular opening hours on some weekdays (HSDS schedule)."""

    days: list[str]
    opens: str
    closes: str

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[str]) -> list[str]:
        for day in value:
            if day not in DAYS:
                raise ValueError(f"'{day}' is not a day; use {' '.join(DAYS)}")
        return value

    @field_validator("opens", "closes")
    @classmethod
    def _time(cls, value: str) -> str:
        if not TIME.match(str(value)):
            raise ValueError(f"'{value}' is not a time like 09:00")
        return str(value)


class Contact(Strict):
    """How to reach a service."""

    phone: str | None = None
    email: str | None = None
    website: str | None = None
    whatsapp: str | None = None


class Service(Strict):
    """A service or initiative residents can use (HSDS service with its location and schedule)."""

    id: Slug
    organization: str
    name: Translated
    name_is_proper: bool = False
    description: Translated
    needs: list[str] = Field(min_length=1)
    status: Status = Status.ACTIVE
    closed_until: dt.date | None = None
    warning: Translated | None = None
    location: Location | None = None
    service_area: list[str] = Field(default_factory=list)
    schedule: list[OpeningTime] = Field(default_factory=list)
    schedule_note: Translated | None = None
    languages: list[str] = Field(default_factory=list)
    interpreter: bool | None = None
    cost: Cost = Cost.UNKNOWN
    access: Access | None = None
    access_note: Translated | None = None
    contact: Contact = Field(default_factory=Contact)
    verified: bool = False
    assured_date: dt.date | None = None
    assured_by: str | None = None
    sources: Sources = Field(default_factory=list)
    translations_reviewed: dict[str, bool] = Field(default_factory=dict)

    @property
    def district(self) -> str | None:
        """The district of the walk-in location, or of a one-district service area."""
        if self.location is not None:
            return self.location.district
        local = [a for a in self.service_area if a not in (CITYWIDE, NATIONAL)]
        return local[0] if len(local) == 1 else None

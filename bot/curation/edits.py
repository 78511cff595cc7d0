"""Curators' quick edits, pure: what may be edited, how a typed value is checked, and how approved edits are
laid over the reviewed YAML knowledge base (the database keeps them, with who, when, old and new value)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import DAYS, TIME, Location, OpeningTime, Organization, Phrasings, Service, Status
from bot.msgids import _s

PHONE = re.compile(r"^(?:\+31|0)[1-9][\d -]{7,12}\d$|^14 ?0\d{2,3}$|^0[89]00[- ]?\d{3,7}$|^1\d{2}$")
POSTCODE = re.compile(r"^(\d{4}) ?([A-Z]{2})$")
RANGE = re.compile(r"^\s*([a-z]{2}(?:\s*[-,]\s*[a-z]{2})*)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$")


class EditField(StrEnum):
    """What a curator can change in the bot."""

    CONFIRM = "confirm"  # still correct: refresh the checked date and who checked it
    CLOSED_UNTIL = "closed"  # temporarily closed until a date
    REOPEN = "reopen"
    HOURS = "hours"
    PHONE = "phone"
    ADDRESS = "address"
    ACCESS_NOTE = "access"
    NOTE = "note"  # a note for residents, shown as a warning line
    NEW = "new"  # a new initiative, proposed with a short form
    PHRASING = "phrasing"  # a resident's wording that should find a need (from a curation task)


class DraftStatus(StrEnum):
    """Where a proposed edit is."""

    COMPOSING = "composing"  # a new initiative whose form is not finished
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


NEEDS_VALUE: frozenset[EditField] = frozenset(
    {EditField.CLOSED_UNTIL, EditField.HOURS, EditField.PHONE, EditField.ADDRESS, EditField.ACCESS_NOTE, EditField.NOTE}
)


class EditError(ValueError):
    """A typed value that cannot be used, said in plain words (the message is a staff msgid)."""


@dataclass(frozen=True)
class Edit:
    """An approved change to one listing."""

    service_id: str
    field: EditField
    value: Any
    by: str
    on: dt.date


def _days(text: str) -> list[str]:
    """'mo-fr' or 'mo,we,fr' (or a mix) as day codes; EditError when a day is unknown."""
    days: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        first, _, last = part.partition("-")
        first, last = first.strip(), (last or first).strip()
        if first not in DAYS or last not in DAYS or DAYS.index(last) < DAYS.index(first):
            raise EditError(_s("Write the hours like: mo-fr 09:00-12:00; we 13:00-16:00"))
        days += [d for d in DAYS[DAYS.index(first) : DAYS.index(last) + 1] if d not in days]
    return days


def parse_hours(text: str) -> list[dict[str, Any]]:
    """'mo-fr 09:00-12:00; we 13:00-16:00' (or 'mo,we 09:00-12:00') as opening times; a mistake raises EditError."""
    times: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in text.lower().split(";"))):
        m = RANGE.match(part)
        if not m:
            raise EditError(_s("Write the hours like: mo-fr 09:00-12:00; we 13:00-16:00"))
        opens, closes = m.group(2), m.group(3)
        if not (TIME.match(opens) and TIME.match(closes)) or closes <= opens:
            raise EditError(_s("A closing time must come after the opening time, like 09:00-12:00."))
        times.append({"days": _days(m.group(1)), "opens": opens, "closes": closes})
    if not times:
        raise EditError(_s("Write the hours like: mo-fr 09:00-12:00; we 13:00-16:00"))
    return times


def parse_value(field: EditField, text: str, districts: Iterable[str], today: dt.date) -> Any:
    """Check a typed value for a field; the value to store, or EditError in plain words."""
    text = text.strip()
    if field is EditField.CLOSED_UNTIL:
        try:
            until = dt.date.fromisoformat(text)
        except ValueError:
            raise EditError(_s("Write the date like 2027-01-15.")) from None
        if until <= today:
            raise EditError(_s("The date must be in the future."))
        return until.isoformat()
    if field is EditField.HOURS:
        return parse_hours(text)
    if field is EditField.PHONE:
        if not PHONE.match(text):
            raise EditError(_s("That is not a Dutch phone number, like 036 123 4567 or 14 036."))
        return text
    if field is EditField.ADDRESS:
        return parse_address(text, districts)
    if field in (EditField.ACCESS_NOTE, EditField.NOTE):
        if not 3 <= len(text) <= 400:
            raise EditError(_s("Write one or two short sentences (at most 400 characters)."))
        return text
    return None


def parse_address(text: str, districts: Iterable[str]) -> dict[str, str]:
    """'Street 12, 1315 AB, almere-stad' as an address; the district must exist."""
    parts = [p.strip() for p in text.split(",")]
    known = set(districts)
    if len(parts) != 3 or not re.search(r"\d", parts[0]):
        raise EditError(_s("Write the address like: Stadhuisplein 101, 1315 XC, almere-stad"))
    m = POSTCODE.match(parts[1].upper())
    if not m:
        raise EditError(_s("The postcode must look like 1315 XC."))
    if parts[2] not in known:
        raise EditError(_s("That district does not exist. Use one of: {districts}"))
    return {"address": parts[0], "postcode": f"{m.group(1)} {m.group(2)}", "district": parts[2]}


SLUG_CHARS = re.compile(r"[^a-z0-9]+")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$")
EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")


def initiative_slug(name: str) -> str:
    """A listing id for a new initiative ('Taalcafé De Brug' -> 'initiatief-taalcafe-de-brug')."""
    plain = name.lower().translate(str.maketrans("àáâäèéêëìíîïòóôöùúûüç", "aaaaeeeeiiiioooouuuuc"))
    return "initiatief-" + SLUG_CHARS.sub("-", plain).strip("-")[:60]


def parse_contact(text: str) -> dict[str, str]:
    """Phone numbers, e-mail addresses and websites in one line, separated by commas; at least one."""
    contact: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if PHONE.match(part):
            contact.setdefault("phone", part)
        elif EMAIL.match(part):
            contact.setdefault("email", part)
        elif URL.match(part):
            contact.setdefault("website", part)
        elif part:
            raise EditError(_s("Write a phone number, an e-mail address or a website, separated by commas."))
    if not contact:
        raise EditError(_s("Write a phone number, an e-mail address or a website, separated by commas."))
    return contact


def new_listing(form: dict[str, Any], by: str, on: dt.date) -> tuple[Service, Organization]:
    """The service (unverified, with its source) and its organisation, from a finished initiative form."""
    slug = initiative_slug(form["name"])
    organization = Organization(
        id=f"org-{slug}", name=form["name"], description={"nl": form["what"]}, sources=[form["source"]], verified=False
    )
    area = form["district"]
    location = None
    if form.get("where"):
        location = Location(district=area if area != "almere" else "almere-stad", **form["where"])
    service = Service(
        id=slug,
        organization=organization.id,
        name={"nl": form["name"]},
        name_is_proper=True,
        description={"nl": form["what"]},
        needs=[form["need"]],
        location=location,
        service_area=[area],
        schedule_note={"nl": form["when"]} if form.get("when") else None,
        contact=form["contact"],
        verified=False,
        assured_date=on,
        assured_by=by,
        sources=[{"url": form["source"], "seen": on.isoformat(), "facts": ["exists", "description"]}],
    )
    return service, organization


def _apply(service: Service, edit: Edit) -> Service:
    field, value = edit.field, edit.value
    update: dict[str, Any] = {"assured_date": edit.on, "assured_by": edit.by}
    if field is EditField.CONFIRM:
        update["verified"] = True
    elif field is EditField.CLOSED_UNTIL:
        update |= {"status": Status.TEMPORARILY_CLOSED, "closed_until": dt.date.fromisoformat(value)}
    elif field is EditField.REOPEN:
        update |= {"status": Status.ACTIVE, "closed_until": None}
    elif field is EditField.HOURS:
        update["schedule"] = [OpeningTime(**t) for t in value]
    elif field is EditField.PHONE:
        update["contact"] = service.contact.model_copy(update={"phone": value})
    elif field is EditField.ADDRESS:
        loc = service.location or Location(district=value["district"])
        update["location"] = loc.model_copy(update={**value, "lat": None, "lon": None, "coords_source": None})
    elif field is EditField.ACCESS_NOTE:
        update["access_note"] = {"nl": value}  # the other languages show Dutch until translated again
    elif field is EditField.NOTE:
        update["warning"] = {"nl": value}
    return service.model_copy(update=update)


def overlay(kb: KnowledgeBase, edits: Sequence[Edit]) -> KnowledgeBase:
    """The knowledge base with approved edits laid over it, oldest first (a newer edit wins)."""
    if not edits:
        return kb
    by_id = {s.id: s for s in kb.services}
    organizations = dict(kb.organizations)
    phrasings = dict(kb.phrasings)
    for edit in edits:
        if edit.field is EditField.PHRASING:
            phrasings = _with_phrasing(phrasings, edit.value)
        elif edit.field is EditField.NEW:
            service, organization = new_listing(edit.value, edit.by, edit.on)
            by_id.setdefault(service.id, service)
            organizations.setdefault(organization.id, organization)
        elif edit.service_id in by_id:
            by_id[edit.service_id] = _apply(by_id[edit.service_id], edit)
    return replace(kb, services=list(by_id.values()), organizations=organizations, phrasings=phrasings)


def _with_phrasing(phrasings: dict[str, Phrasings], value: dict[str, str]) -> dict[str, Phrasings]:
    """The phrasings with one more wording for a need, in its language."""
    lang, need, text = value["language"], value["need"], value["text"]
    current_set = phrasings.get(lang) or Phrasings(language=lang)
    needs = {**current_set.needs, need: [*current_set.needs.get(need, []), text]}
    return {**phrasings, lang: current_set.model_copy(update={"needs": needs})}


def current(service: Service, field: EditField) -> Any:
    """A listing's value of a field now (the 'old value' of an edit, for the change log)."""
    loc = service.location
    values: dict[EditField, Any] = {
        EditField.CONFIRM: service.assured_date.isoformat() if service.assured_date else None,
        EditField.CLOSED_UNTIL: service.closed_until.isoformat() if service.closed_until else service.status.value,
        EditField.REOPEN: service.status.value,
        EditField.HOURS: [t.model_dump() for t in service.schedule],
        EditField.PHONE: service.contact.phone,
        EditField.ADDRESS: {"address": loc.address, "postcode": loc.postcode, "district": loc.district}
        if loc
        else None,
        EditField.ACCESS_NOTE: (service.access_note or {}).get("nl"),
        EditField.NOTE: (service.warning or {}).get("nl"),
        EditField.NEW: None,
        EditField.PHRASING: None,
    }
    return values[field]


@dataclass(frozen=True)
class Conflict:
    """The reviewed files changed a field that an edit made in the bot also changed: the edit stays on top."""

    service_id: str
    field: EditField
    in_files: Any
    in_bot: Any


def conflicts(kb: KnowledgeBase, edits: Sequence[tuple[Edit, Any]]) -> list[Conflict]:
    """Approved edits (with the value they replaced) whose field the files changed since, to a third value."""
    by_id = {s.id: s for s in kb.services}
    found = []
    for edit, old in edits:
        service = by_id.get(edit.service_id)
        if service is None or edit.field in (EditField.CONFIRM, EditField.REOPEN):
            continue
        files = current(service, edit.field)
        if files not in (old, edit.value):
            found.append(Conflict(edit.service_id, edit.field, files, edit.value))
    return found

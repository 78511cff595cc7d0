"""Open data in: another social map's HSDS 3 export, or the CSV a volunteer edited in a spreadsheet, loaded as
drafts for the curators (never straight to residents), with a report of what was added, changed and skipped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.catalog.hsds import uid
from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Service
from bot.curation.edits import DraftStatus, EditError, EditField, current, parse_hours, parse_value
from bot.store.case_tables import ListingEdit
from bot.store.uow import UnitOfWork

IMPORTER = 0  # the proposer id of imported drafts: any curator may approve them


@dataclass
class ImportReport:
    """What an import proposed, and why anything was skipped."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in plain words."""
        out = [
            f"{len(self.added)} new listing(s) and {len(self.changed)} change(s) proposed as drafts "
            f"(approve them with /drafts), {self.unchanged} unchanged, {len(self.skipped)} skipped."
        ]
        out += [f"  added: {x}" for x in self.added]
        out += [f"  changed: {x}" for x in self.changed]
        out += [f"  skipped: {x}" for x in self.skipped]
        return out


class Importer:
    """Compares incoming listings with the knowledge base and proposes drafts for what differs."""

    def __init__(self, kb: KnowledgeBase, source: str, today: dt.date) -> None:
        self.kb = kb
        self.source = source[:100]
        self.today = today
        self.by_uuid = {uid(f"service:{s.id}"): s for s in kb.services}
        self.by_name = {s.name["nl"].strip().lower(): s for s in kb.services}
        self.by_id = {s.id: s for s in kb.services}
        self.districts = [d.slug for d in kb.gazetteer.districts]
        self.postcodes = {pc: d.slug for d in kb.gazetteer.districts for pc in d.postcodes}
        self.report = ImportReport()

    def draft(self, uow: UnitOfWork, service_id: str, edit_field: EditField, old: Any, new: Any) -> None:
        """Propose one change as a draft (any curator may approve an imported draft)."""
        uow.edits.add(
            ListingEdit(
                service_id=service_id,
                field=edit_field.value,
                old_value=old,
                new_value=new,
                status=DraftStatus.PENDING.value,
                proposed_by=IMPORTER,
                proposer_name=f"import: {self.source}",
            )
        )

    def compare(self, uow: UnitOfWork, service: Service, incoming: dict[EditField, Any]) -> None:
        """Propose a draft for every field that differs from the listing."""
        changes = []
        for edit_field, value in incoming.items():
            if value in (None, "", [], {}):
                continue
            old = current(service, edit_field)
            if value != old:
                self.draft(uow, service.id, edit_field, old, value)
                changes.append(edit_field.value)
        if changes:
            self.report.changed.append(f"{service.id}: {', '.join(changes)}")
        else:
            self.report.unchanged += 1

    def district_of(self, postcode: str | None) -> str | None:
        """The district of a postcode area (1315 AB -> almere-stad)."""
        return self.postcodes.get((postcode or "")[:4])

    def checked(self, edit_field: EditField, text: str | None, what: str) -> Any:
        """A value checked like a curator's typed value; None (and a skip line) when it is not usable."""
        if not text:
            return None
        try:
            if edit_field is EditField.HOURS:
                return parse_hours(text)
            return parse_value(edit_field, text, self.districts, self.today)
        except EditError as exc:
            self.report.skipped.append(f"{what}: {edit_field.value} '{text}' ({exc})")
            return None


def _hsds_hours(schedules: Iterable[dict[str, Any]]) -> str:
    parts = []
    for s in schedules:
        if s.get("freq") == "WEEKLY" and s.get("byday") and s.get("opens_at") and s.get("closes_at"):
            days = ",".join(d.strip().lower()[-2:] for d in str(s["byday"]).split(","))
            parts.append(f"{days} {str(s['opens_at'])[:5]}-{str(s['closes_at'])[:5]}")
    return "; ".join(parts)


def from_hsds(uow: UnitOfWork, document: Any, kb: KnowledgeBase, source: str, today: dt.date) -> ImportReport:
    """Another social map's HSDS 3 services (a list, or {"services": [...]}) as drafts."""
    services = document.get("services", []) if isinstance(document, dict) else document
    importer = Importer(kb, source, today)
    needs = set(kb.need_slugs)
    for item in services if isinstance(services, list) else []:
        if not isinstance(item, dict) or not item.get("name"):
            importer.report.skipped.append("a service without a name")
            continue
        name = str(item["name"])
        phones = [p.get("number") for p in item.get("phones", []) if isinstance(p, dict)]
        location: dict[str, Any] = (
            next((sal.get("location", {}) for sal in item.get("service_at_locations", [])), {}) or {}
        )
        address: dict[str, Any] = next(iter(location.get("addresses", [])), {}) or {}
        district = importer.district_of(address.get("postal_code"))
        where = None
        if address.get("address_1") and address.get("postal_code") and district:
            where = f"{address['address_1']}, {address['postal_code']}, {district}"
        incoming = {
            EditField.PHONE: importer.checked(EditField.PHONE, phones[0] if phones else None, name),
            EditField.HOURS: importer.checked(EditField.HOURS, _hsds_hours(item.get("schedules", [])), name),
            EditField.ADDRESS: importer.checked(EditField.ADDRESS, where, name),
        }
        known = importer.by_uuid.get(str(item.get("id"))) or importer.by_name.get(name.strip().lower())
        if known is not None:
            importer.compare(uow, known, incoming)
            continue
        codes = [
            str((a.get("taxonomy_term") or {}).get("code"))
            for a in item.get("attributes", [])
            if isinstance(a, dict) and str((a.get("taxonomy_term") or {}).get("code")) in needs
        ]
        if not codes:
            importer.report.skipped.append(f"{name}: none of its categories is one of our topics")
            continue
        contact = {
            k: v
            for k, v in (
                ("phone", incoming[EditField.PHONE]),
                ("website", item.get("url")),
                ("email", item.get("email")),
            )
            if v
        }
        if not contact:
            importer.report.skipped.append(f"{name}: no way to reach it")
            continue
        form = {
            "name": name,
            "what": str(item.get("description") or name)[:400],
            "need": codes[0],
            "district": district or "almere",
            "where": incoming[EditField.ADDRESS]
            and {k: v for k, v in incoming[EditField.ADDRESS].items() if k != "district"},
            "when": _hsds_hours(item.get("schedules", [])) or None,
            "contact": contact,
            "source": str(item.get("url") or f"HSDS import: {source}"),
        }
        importer.draft(uow, "", EditField.NEW, None, form)
        importer.report.added.append(name)
    return importer.report


def from_csv(uow: UnitOfWork, text: str, kb: KnowledgeBase, source: str, today: dt.date) -> ImportReport:
    """The spreadsheet CSV of `kb export --format csv`, edited by a volunteer, as drafts for what changed."""
    importer = Importer(kb, source, today)
    for row in csv.DictReader(io.StringIO(text)):
        service = importer.by_id.get((row.get("id") or "").strip())
        if service is None:
            importer.report.skipped.append(
                f"row '{row.get('id') or row.get('name_nl')}': unknown id "
                "(propose new listings with /propose or in YAML)"
            )
            continue
        where = None
        if row.get("address") and row.get("postcode"):
            where = f"{row['address']}, {row['postcode']}, {service.district or importer.district_of(row['postcode'])}"
        incoming = {
            EditField.PHONE: importer.checked(EditField.PHONE, (row.get("phone") or "").strip(), service.id),
            EditField.HOURS: importer.checked(EditField.HOURS, (row.get("opening_hours") or "").strip(), service.id),
            EditField.ADDRESS: importer.checked(EditField.ADDRESS, where, service.id),
        }
        importer.compare(uow, service, incoming)
    return importer.report

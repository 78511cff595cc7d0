"""Repository for the knowledge base in the database: idempotent import, read back, statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import CrisisLine, Need, Organization, Service
from bot.catalog.stats import knowledge_stats
from bot.store.tables import (
    CrisisLineRow,
    NeedRow,
    OrganizationRow,
    ServiceLanguageRow,
    ServiceNeedRow,
    ServiceRow,
)


@dataclass(frozen=True)
class ImportReport:
    """What an import changed."""

    added: int
    updated: int
    removed: int
    unchanged: int

    @property
    def changed(self) -> bool:
        """Whether the import changed anything at all."""
        return bool(self.added or self.updated or self.removed)


def _dump(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json", exclude_none=True))


class KnowledgeRepository:
    """Reads and writes the knowledge base tables inside a session the caller owns."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def import_kb(self, kb: KnowledgeBase) -> ImportReport:
        """Make the tables equal to the knowledge base; rows already equal are left alone."""
        added = updated = removed = unchanged = 0

        def sync(kind: Any, key: str, wanted: dict[str, dict[str, Any]]) -> None:
            nonlocal added, updated, removed, unchanged
            existing = {getattr(r, key): r for r in self.session.exec(select(kind)).all()}
            for ident, values in wanted.items():
                row = existing.pop(ident, None)
                if row is None:
                    self.session.add(kind(**{key: ident}, **values))
                    added += 1
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(row, k, v)
                    self.session.add(row)
                    updated += 1
                else:
                    unchanged += 1
            for row in existing.values():
                if kind is ServiceRow:
                    self._drop_links(getattr(row, key))
                self.session.delete(row)
                removed += 1
            self.session.flush()

        sync(NeedRow, "slug", {n.slug: {"position": i, "data": _dump(n)} for i, n in enumerate(kb.needs)})
        sync(CrisisLineRow, "id", {c.id: {"number": c.number, "data": _dump(c)} for c in kb.crisis_lines})
        sync(OrganizationRow, "id", {o.id: {"name": o.name, "data": _dump(o)} for o in kb.organizations.values()})
        sync(
            ServiceRow,
            "id",
            {
                s.id: {
                    "organization_id": s.organization,
                    "status": s.status.value,
                    "district": s.district,
                    "verified": s.verified,
                    "assured_date": s.assured_date,
                    "data": _dump(s),
                }
                for s in kb.services
            },
        )
        self._sync_links(kb.services)
        return ImportReport(added, updated, removed, unchanged)

    def _drop_links(self, service_id: str) -> None:
        self.session.execute(delete(ServiceNeedRow).where(col(ServiceNeedRow.service_id) == service_id))
        self.session.execute(delete(ServiceLanguageRow).where(col(ServiceLanguageRow.service_id) == service_id))

    def _sync_links(self, services: list[Service]) -> None:
        want_needs = {(s.id, n): i for s in services for i, n in enumerate(s.needs)}
        have_needs = {(r.service_id, r.need): r for r in self.session.exec(select(ServiceNeedRow)).all()}
        for key, row in have_needs.items():
            if key not in want_needs:
                self.session.delete(row)
            elif row.rank != want_needs[key]:
                row.rank = want_needs[key]
                self.session.add(row)
        for (sid, need), rank in want_needs.items():
            if (sid, need) not in have_needs:
                self.session.add(ServiceNeedRow(service_id=sid, need=need, rank=rank))
        want_langs = {(s.id, lang) for s in services for lang in s.languages}
        have_langs = {(r.service_id, r.language): r for r in self.session.exec(select(ServiceLanguageRow)).all()}
        for key, lrow in have_langs.items():
            if key not in want_langs:
                self.session.delete(lrow)
        for sid, lang in want_langs - set(have_langs):
            self.session.add(ServiceLanguageRow(service_id=sid, language=lang))
        self.session.flush()

    def needs(self) -> list[Need]:
        """The needs in their canonical order."""
        rows = self.session.exec(select(NeedRow).order_by(NeedRow.position)).all()  # type: ignore[arg-type]
        return [Need.model_validate(r.data) for r in rows]

    def organizations(self) -> dict[str, Organization]:
        """All organisations by id."""
        return {r.id: Organization.model_validate(r.data) for r in self.session.exec(select(OrganizationRow)).all()}

    def services(self) -> list[Service]:
        """All services, in id order."""
        rows = self.session.exec(select(ServiceRow).order_by(col(ServiceRow.id))).all()
        return [Service.model_validate(r.data) for r in rows]

    def crisis_lines(self) -> list[CrisisLine]:
        """All crisis lines."""
        rows = self.session.exec(select(CrisisLineRow).order_by(col(CrisisLineRow.id))).all()
        return [CrisisLine.model_validate(r.data) for r in rows]

    def snapshot(self, language_resources: KnowledgeBase) -> KnowledgeBase:
        """The knowledge base as the database holds it, with phrasings and places from the files."""
        return replace(
            language_resources,
            needs=self.needs(),
            crisis_lines=self.crisis_lines(),
            organizations=self.organizations(),
            services=self.services(),
        )

    def stats(self, today: dt.date | None = None, districts: Sequence[str] = ()) -> dict[str, Any]:
        """Counts for `kb stats --json` over the services in the database (today: the local date by default)."""
        slugs = [n.slug for n in self.needs()]
        return knowledge_stats(self.services(), slugs, today or dt.date.today(), districts)

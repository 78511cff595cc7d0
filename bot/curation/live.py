"""The knowledge residents are answered from: the reviewed YAML base with the approved edits laid over it.

Every worker follows the knowledge version in the database and rebuilds its engine when it changes, so an
approved edit reaches residents at once, without a restart, on every worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from bot.catalog.loader import KnowledgeBase
from bot.curation.edits import Edit, EditField, overlay
from bot.engine.core import Engine
from bot.store.case_tables import ListingEdit
from bot.store.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


def to_edit(row: ListingEdit) -> Edit:
    """An approved edit row as a value the overlay applies."""
    decided = row.decided_at or row.proposed_at
    return Edit(row.service_id, EditField(row.field), row.new_value, row.proposer_name or "curator", decided.date())


class LiveKnowledge:
    """Holds the current engine; `refresh` rebuilds it when the knowledge version in the database moved on."""

    def __init__(self, engine: Engine, build: Callable[[KnowledgeBase], Engine], units: UnitOfWorkFactory) -> None:
        self.base = engine.kb  # the reviewed YAML, as imported
        self.build = build
        self.units = units
        self._lock = threading.Lock()
        self.listeners: list[Callable[[Engine], None]] = []
        version, kb = self._overlaid()
        self.engine = engine if kb is self.base else build(kb)  # edits approved earlier survive a restart
        self.version = version

    def _overlaid(self) -> tuple[int, KnowledgeBase]:
        with self.units() as uow:
            version = uow.edits.version()
            edits = [to_edit(row) for row in uow.edits.approved()]
        return version, overlay(self.base, edits)

    def refresh(self) -> bool:
        """Rebuild the engine if approved edits changed since the last build; True when it was rebuilt."""
        with self._lock:
            with self.units() as uow:
                if uow.edits.version() == self.version:
                    return False
            version, kb = self._overlaid()
            engine = self.build(kb)
            self.engine, self.version = engine, version
        for listener in self.listeners:
            listener(engine)
        log.info("knowledge version %s in use", version)
        return True

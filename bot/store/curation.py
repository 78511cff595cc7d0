"""Repository for curators' edits (drafts and the approved change log) and the knowledge version."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.curation.edits import DraftStatus
from bot.store.case_tables import KnowledgeVersion, ListingEdit
from bot.store.tables import utcnow


class EditRepository:
    """Listing edits: proposed, decided, and the version residents' answers are built from."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, edit: ListingEdit) -> ListingEdit:
        """Store a new draft (or an edit approved at once, like 'still correct')."""
        self.session.add(edit)
        self.session.flush()
        return edit

    def get(self, edit_id: int) -> ListingEdit | None:
        """An edit by id."""
        return self.session.get(ListingEdit, edit_id)

    def pending(self) -> list[ListingEdit]:
        """Drafts waiting for a second person, oldest first."""
        query = select(ListingEdit).where(ListingEdit.status == DraftStatus.PENDING.value).order_by(col(ListingEdit.id))
        return list(self.session.exec(query).all())

    def approved(self) -> list[ListingEdit]:
        """Approved edits in the order they were decided (a later one wins)."""
        query = (
            select(ListingEdit)
            .where(ListingEdit.status == DraftStatus.APPROVED.value)
            .order_by(col(ListingEdit.decided_at), col(ListingEdit.id))
        )
        return list(self.session.exec(query).all())

    def save(self, edit: ListingEdit) -> None:
        """Store a decided edit."""
        self.session.add(edit)
        self.session.flush()

    def version(self) -> int:
        """The knowledge version (0 before any approved edit)."""
        row = self.session.get(KnowledgeVersion, 1)
        return row.version if row else 0

    def bump(self) -> int:
        """A new knowledge version: every worker rebuilds its answers from the approved edits."""
        row = self.session.get(KnowledgeVersion, 1) or KnowledgeVersion(id=1, version=0)
        row.version += 1
        row.changed_at = utcnow()
        self.session.add(row)
        self.session.flush()
        return row.version

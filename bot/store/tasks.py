"""Repository for curation tasks: questions the bot could not answer, grouped by meaning."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.store.case_tables import CurationTask
from bot.store.tables import utcnow

OPEN = "open"


class TaskRepository:
    """Tasks and their groups (the first task of a group carries its count)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, task: CurationTask) -> CurationTask:
        """Store a task; a task without a group starts its own."""
        self.session.add(task)
        self.session.flush()
        if task.group_id is None:
            task.group_id = task.id
            self.session.add(task)
        return task

    def get(self, task_id: int) -> CurationTask | None:
        """A task by id."""
        return self.session.get(CurationTask, task_id)

    def save(self, task: CurationTask) -> None:
        """Store a changed task."""
        task.updated_at = utcnow()
        self.session.add(task)
        self.session.flush()

    def open_heads(self, language: str | None = None) -> list[CurationTask]:
        """The open groups (their first tasks), most asked first."""
        query = select(CurationTask).where(
            CurationTask.status == OPEN, col(CurationTask.group_id) == col(CurationTask.id)
        )
        if language is not None:
            query = query.where(CurationTask.language == language)
        return list(self.session.exec(query.order_by(col(CurationTask.count).desc(), col(CurationTask.id))).all())

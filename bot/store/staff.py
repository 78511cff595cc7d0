"""Repository for staff (key figures, curators, coordinators) and their one-time invitations."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.roles import Role
from bot.store.case_tables import Invite, StaffMember
from bot.store.database import rowcount


class StaffRepository:
    """Staff members by Telegram user id, and invitations."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, user_id: int) -> StaffMember | None:
        """A staff member, or None for a resident."""
        return self.session.get(StaffMember, user_id)

    def save(self, member: StaffMember) -> None:
        """Store a new or changed staff member."""
        self.session.add(member)
        self.session.flush()

    def remove(self, user_id: int) -> bool:
        """Remove a staff member; False when there was none."""
        member = self.session.get(StaffMember, user_id)
        if member is None:
            return False
        self.session.delete(member)
        self.session.flush()
        return True

    def all(self) -> list[StaffMember]:
        """Every staff member, by role and name."""
        return list(self.session.exec(select(StaffMember).order_by(col(StaffMember.role), col(StaffMember.name))).all())

    def with_role(self, *roles: Role) -> list[StaffMember]:
        """Staff members with one of the roles."""
        query = select(StaffMember).where(col(StaffMember.role).in_([r.value for r in roles]))
        return list(self.session.exec(query).all())

    def add_invite(self, invite: Invite) -> None:
        """Store a new invitation."""
        self.session.add(invite)
        self.session.flush()

    def use_invite(self, token: str, user_id: int, now: dt.datetime) -> Invite | None:
        """Use an invitation once (atomically); None when unknown, used or expired."""
        statement = (
            update(Invite)
            .where(col(Invite.token) == token, col(Invite.used_by).is_(None), col(Invite.expires_at) > now)
            .values(used_by=user_id, used_at=now)
        )
        if rowcount(self.session.execute(statement)) != 1:
            return None
        invite = self.session.get(Invite, token)
        if invite is not None:
            self.session.refresh(invite)
        return invite

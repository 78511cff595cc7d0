"""Staff membership: add, list, remove (command line), one-time invitations, joining, pause and resume."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.cases.service import CaseService
from bot.chat.replies import Outcome, Reply
from bot.languages import STAFF_LANGUAGES
from bot.roles import STAFF_ROLES, Role, may
from bot.store.case_tables import Invite, StaffMember
from bot.store.uow import UnitOfWork, UnitOfWorkFactory

INVITE_VALID = dt.timedelta(days=7)
INVITE_PREFIX = "join-"


class StaffError(ValueError):
    """A staff change that cannot be made, said in plain words."""


@dataclass(frozen=True)
class Profile:
    """What an administrator says about a new staff member."""

    user_id: int
    name: str
    role: Role
    languages: Sequence[str] = ()
    districts: Sequence[str] = ()
    topics: Sequence[str] = ()
    capacity: int = 3
    availability: str = ""
    ui_language: str = "nl"  # the language of their staff texts: nl or en


class Members:
    """Who is staff, and how they join."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        cases: CaseService,
        clock: Callable[[], dt.datetime],
        *,
        districts: Sequence[str] = (),
        topics: Sequence[str] = (),
        languages: Sequence[str] = (),
    ) -> None:
        self.units = units
        self.cases = cases
        self.cards = cases.cards
        self.clock = clock
        self.known = {"districts": set(districts), "topics": set(topics), "languages": set(languages)}

    def role(self, uow: UnitOfWork, user_id: int) -> Role:
        """A person's role (resident when not staff)."""
        member = uow.staff.get(user_id)
        return Role(member.role) if member is not None else Role.RESIDENT

    def _check(self, what: str, values: Sequence[str]) -> list[str]:
        unknown = sorted(set(values) - self.known[what]) if self.known[what] else []
        if unknown:
            raise StaffError(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(sorted(self.known[what]))})")
        return list(values)

    def add(self, profile: Profile) -> StaffMember:
        """Add or update a staff member (command line and invitations)."""
        if profile.role not in STAFF_ROLES:
            raise StaffError(f"role must be one of {', '.join(r.value for r in STAFF_ROLES)}")
        if not profile.name.strip():
            raise StaffError("a name (the alias residents see) is needed")
        if profile.capacity < 1:
            raise StaffError("capacity must be at least 1")
        member = StaffMember(
            user_id=profile.user_id,
            name=profile.name.strip()[:120],
            role=profile.role.value,
            languages=self._check("languages", profile.languages),
            districts=self._check("districts", profile.districts),
            topics=self._check("topics", profile.topics),
            capacity=profile.capacity,
            availability=profile.availability,
            ui_language=profile.ui_language if profile.ui_language in STAFF_LANGUAGES else "nl",
        )
        with self.units() as uow:
            existing = uow.staff.get(profile.user_id)
            if existing is not None:
                fields = ("name", "role", "languages", "districts", "topics", "capacity", "availability", "ui_language")
                for field in fields:
                    setattr(existing, field, getattr(member, field))
                member = existing
            uow.staff.save(member)
        return member

    def all(self) -> list[StaffMember]:
        """Every staff member."""
        with self.units() as uow:
            return uow.staff.all()

    def remove(self, user_id: int) -> bool:
        """Remove a staff member; their open cases go back to the queue first."""
        with self.units() as uow:
            for case in uow.cases.assigned_to(user_id):
                if case.id is not None:
                    self.cases.hand_back(uow, case.id, user_id)
            return uow.staff.remove(user_id)

    def invite(self, uow: UnitOfWork, user_id: int, role_name: str, bot_username: str) -> Outcome:
        """A coordinator makes a one-time invite link for a role."""
        member = uow.staff.get(user_id)
        lang = member.ui_language if member else "nl"
        st = self.cards.st
        try:
            role = Role(role_name)
        except ValueError:
            role = None
        if role not in STAFF_ROLES:
            names = ", ".join(r.value for r in STAFF_ROLES)
            return Outcome().add(Reply(st(lang, "Use /invite with one of: {roles}", roles=names)))
        token = secrets.token_urlsafe(18)
        now = self.clock()
        uow.staff.add_invite(Invite(token=token, role=role.value, created_by=user_id, expires_at=now + INVITE_VALID))
        link = f"https://t.me/{bot_username}?start={INVITE_PREFIX}{token}"
        return Outcome().add(
            Reply(
                st(
                    lang,
                    "One-time invite link for a {role}, valid 7 days:\n{link}",
                    role=self.cards.role_name(lang, role.value),
                    link=link,
                )
            )
        )

    def join(self, uow: UnitOfWork, user_id: int, token: str, first_name: str, language: str | None) -> Outcome:
        """Someone opened an invite link: they become staff (once, before it expires)."""
        lang = "nl" if (language or "nl").startswith("nl") else "en"
        st = self.cards.st
        invite = uow.staff.use_invite(token, user_id, self.clock())
        if invite is None:
            return Outcome().add(
                Reply(st(lang, "This invite link is not valid any more. Ask a coordinator for a new one."))
            )
        member = uow.staff.get(user_id) or StaffMember(
            user_id=user_id, name=first_name[:120] or "Buurtwijzer", role=invite.role
        )
        if member.role != Role.COORDINATOR.value or invite.role == Role.COORDINATOR.value:
            member.role = invite.role
        member.ui_language = lang
        uow.staff.save(member)
        text = st(
            lang,
            "Welcome! You are now {role}. Residents see you as {alias}.",
            role=self.cards.role_name(lang, invite.role),
            alias=member.name,
        )
        text += "\n" + st(lang, "/help shows what you can do.")
        return Outcome().add(Reply(text))

    def set_paused(self, uow: UnitOfWork, user_id: int, paused: bool) -> Outcome:
        """/pause and /resume: receive no new offers for now, or again."""
        member = uow.staff.get(user_id)
        if member is None or not may(Role(member.role), Role.KEY_FIGURE):
            return Outcome()
        member.available = not paused
        uow.staff.save(member)
        lang = member.ui_language
        if paused:
            return Outcome().add(
                Reply(self.cards.st(lang, "Paused: you get no new cases. /resume to receive them again."))
            )
        return Outcome().add(Reply(self.cards.st(lang, "You receive new cases again.")))

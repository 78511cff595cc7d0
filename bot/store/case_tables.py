"""SQLModel tables of the human side: staff, invitations, cases, their log, offers, timers, relay map, outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.store.tables import utcnow


class StaffMember(SQLModel, table=True):
    """A key figure, curator or coordinator, known by Telegram user id; residents see only the alias."""

    __tablename__ = "staff_member"
    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    name: str = Field(max_length=120)  # the alias residents see
    role: str = Field(max_length=20)  # Role
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    districts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # empty = all
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # empty = all
    available: bool = True  # False = paused
    capacity: int = 3
    availability: str = Field(default="", max_length=200)  # weekly hours; empty = the office hours
    ui_language: str = Field(default="nl", max_length=8)
    blocked: bool = False  # blocked the bot: gets no offers
    active_case_id: int | None = None
    pending: str | None = Field(default=None, max_length=60)  # e.g. waiting for a resolve note
    last_assigned_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None  # curators: the last weekly list of listings to check
    created_at: dt.datetime = Field(default_factory=utcnow)


class Invite(SQLModel, table=True):
    """A one-time deep-link invitation to become staff."""

    __tablename__ = "invite"
    token: str = Field(primary_key=True, max_length=64)
    role: str = Field(max_length=20)
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    expires_at: dt.datetime
    used_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    used_at: dt.datetime | None = None


class Case(SQLModel, table=True):
    """An escalation: a resident who wants, or needs, a person."""

    __tablename__ = "case"
    __table_args__ = (UniqueConstraint("source_update_id", name="uq_case_source_update"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    status: str = Field(default="queued", max_length=20, index=True)  # CaseStatus
    language: str | None = Field(default=None, max_length=8)
    other_languages: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    district: str | None = Field(default=None, max_length=40, index=True)
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reason: str = Field(default="", max_length=200)
    emergency: bool = False
    source_update_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    assigned_to: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True, index=True))
    tried: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # never offered again
    outcome: str | None = Field(default=None, max_length=200)  # Resolution
    note: str | None = Field(default=None, max_length=500)  # masked
    reusable: bool = False
    rating: int | None = None  # 1 helped, 0 not
    checkback: bool = False  # the resident agreed to be asked later
    resident_blocked: bool = False
    reminded: bool = False
    claimed_at: dt.datetime | None = None
    first_reply_at: dt.datetime | None = None
    created_at: dt.datetime = Field(default_factory=utcnow, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    closed_at: dt.datetime | None = None


class CaseMessage(SQLModel, table=True):
    """One message of a case transcript; purged after the retention period."""

    __tablename__ = "case_message"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    sender: str = Field(max_length=20)  # Sender
    text: str = Field(max_length=4000)
    # a photo, voice note or document in the resident's chat: copied to whoever claims the case later
    media_message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: dt.datetime = Field(default_factory=utcnow)


class CaseEvent(SQLModel, table=True):
    """One step of a case: who, when, what (append-only; no message text)."""

    __tablename__ = "case_event"
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    kind: str = Field(max_length=40)  # EventKind
    actor: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))  # staff user id
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: dt.datetime = Field(default_factory=utcnow, index=True)


class CaseOffer(SQLModel, table=True):
    """A case offered to one key figure."""

    __tablename__ = "case_offer"
    __table_args__ = (UniqueConstraint("case_id", "user_id", name="uq_offer_case_user"),)
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    status: str = Field(default="open", max_length=20)  # OfferStatus
    offered_at: dt.datetime = Field(default_factory=utcnow)


class Timer(SQLModel, table=True):
    """Something to do at a due time; any worker may claim it (lease) and do it."""

    __tablename__ = "timer"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30)  # TimerKind
    case_id: int = Field(foreign_key="case.id", index=True)
    due_at: dt.datetime = Field(index=True)
    lease_until: dt.datetime | None = None
    done_at: dt.datetime | None = Field(default=None, index=True)


class RelayLink(SQLModel, table=True):
    """Which case a message the bot sent to a staff chat belongs to (so replying to it answers that case)."""

    __tablename__ = "relay_link"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_relay_chat_message"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    message_id: int
    case_id: int = Field(foreign_key="case.id", index=True)
    created_at: dt.datetime = Field(default_factory=utcnow)


class OutboxMessage(SQLModel, table=True):
    """A message to send; retried until Telegram accepts it, exactly once per idempotency key."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("key", name="uq_outbox_key"),)
    id: int | None = Field(default=None, primary_key=True)
    key: str | None = Field(default=None, max_length=120)  # idempotency key
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    text: str = Field(max_length=4096)
    buttons: list[list[list[str]]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    copy_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    copy_message_id: int | None = None
    kind: str = Field(default="notice", max_length=40)  # OutboxKind
    case_id: int | None = Field(default=None, foreign_key="case.id")
    attempts: int = 0
    next_attempt_at: dt.datetime = Field(default_factory=utcnow, index=True)
    lease_until: dt.datetime | None = None
    sent_at: dt.datetime | None = Field(default=None, index=True)
    sent_message_id: int | None = None
    last_error: str | None = Field(default=None, max_length=300)
    created_at: dt.datetime = Field(default_factory=utcnow)


class ListingEdit(SQLModel, table=True):
    """A curator's change to one listing: a draft until a second curator approves it (field-level change log)."""

    __tablename__ = "listing_edit"
    id: int | None = Field(default=None, primary_key=True)
    service_id: str = Field(max_length=120, index=True)
    field: str = Field(max_length=20)  # EditField
    old_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    new_value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="pending", max_length=20, index=True)  # DraftStatus
    proposed_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    proposer_name: str = Field(default="", max_length=120)
    proposed_at: dt.datetime = Field(default_factory=utcnow)
    decided_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    decided_at: dt.datetime | None = None


class KnowledgeVersion(SQLModel, table=True):
    """One row: bumped whenever approved edits change what residents see; every worker reloads on a change."""

    __tablename__ = "knowledge_version"
    id: int = Field(default=1, primary_key=True)
    version: int = 0
    changed_at: dt.datetime = Field(default_factory=utcnow)


class CurationTask(SQLModel, table=True):
    """A question the bot could not answer, kept for the curators without who asked it (personal data masked)."""

    __tablename__ = "curation_task"
    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=500)  # masked
    language: str | None = Field(default=None, max_length=8)
    district: str | None = Field(default=None, max_length=40)
    need: str | None = Field(default=None, max_length=40)  # the engine's best guess, if any
    source: str = Field(max_length=20)  # TaskSource
    group_id: int | None = Field(default=None, index=True)  # the first task of its group (same meaning)
    count: int = 1  # how often this meaning came (on the group's first task)
    status: str = Field(default="open", max_length=20, index=True)  # TaskStatus
    reason: str | None = Field(default=None, max_length=300)
    decided_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

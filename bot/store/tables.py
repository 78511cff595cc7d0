"""SQLModel tables: the knowledge base, residents and their chats (cases and staff are in case_tables.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """The current time in UTC, as stored in every table."""
    return dt.datetime.now(dt.UTC)


class NeedRow(SQLModel, table=True):
    """A need slug with its translated names (from knowledge/needs.yaml)."""

    __tablename__ = "need"
    slug: str = Field(primary_key=True, max_length=40)
    position: int = 0
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OrganizationRow(SQLModel, table=True):
    """An organisation (HSDS organization)."""

    __tablename__ = "organization"
    id: str = Field(primary_key=True, max_length=120)
    name: str = Field(max_length=300)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ServiceRow(SQLModel, table=True):
    """A service; `data` holds the whole validated listing, the columns are for queries and stats."""

    __tablename__ = "service"
    id: str = Field(primary_key=True, max_length=120)
    organization_id: str = Field(foreign_key="organization.id", index=True, max_length=120)
    status: str = Field(index=True, max_length=30)
    district: str | None = Field(default=None, index=True, max_length=40)
    verified: bool = False
    assured_date: dt.date | None = None
    source_file: str = Field(default="", max_length=200)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ServiceNeedRow(SQLModel, table=True):
    """Which needs a service meets, best first."""

    __tablename__ = "service_need"
    service_id: str = Field(foreign_key="service.id", primary_key=True, max_length=120)
    need: str = Field(primary_key=True, max_length=40)
    rank: int = 0


class ServiceLanguageRow(SQLModel, table=True):
    """A language spoken at a service."""

    __tablename__ = "service_language"
    service_id: str = Field(foreign_key="service.id", primary_key=True, max_length=120)
    language: str = Field(primary_key=True, max_length=8)


class CrisisLineRow(SQLModel, table=True):
    """A crisis line."""

    __tablename__ = "crisis_line"
    id: str = Field(primary_key=True, max_length=60)
    number: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Resident(SQLModel, table=True):
    """A resident known by Telegram chat id only; place kept only with consent."""

    __tablename__ = "resident"
    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    district: str | None = Field(default=None, max_length=40)
    neighbourhood: str | None = Field(default=None, max_length=80)
    lat: float | None = None
    lon: float | None = None
    remember_place: bool = False
    blocked: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    last_seen: dt.datetime = Field(default_factory=utcnow)


class Conversation(SQLModel, table=True):
    """What the chat is waiting for (a place, a consent), survives restarts and second workers."""

    __tablename__ = "conversation"
    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    state: str = Field(default="idle", max_length=40)
    last_text: str | None = Field(default=None, max_length=4000)
    last_needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    shown_services: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    district: str | None = Field(default=None, max_length=40)  # this session's place
    neighbourhood: str | None = Field(default=None, max_length=80)
    lat: float | None = None
    lon: float | None = None
    language: str | None = Field(default=None, max_length=8)  # language of the last reply
    last_question: str | None = Field(default=None, max_length=500)  # masked, for 'not helpful' -> a curation task
    clarified: int = 0  # clarifying questions in a row
    updated_at: dt.datetime = Field(default_factory=utcnow)


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already handled: the same update delivered twice is processed once."""

    __tablename__ = "processed_update"
    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: dt.datetime = Field(default_factory=utcnow, index=True)


class Feedback(SQLModel, table=True):
    """Did this help? yes or no, per answer, without the message text."""

    __tablename__ = "feedback"
    id: int | None = Field(default=None, primary_key=True)
    helped: bool
    language: str | None = Field(default=None, max_length=8)
    district: str | None = Field(default=None, max_length=40)
    needs: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)

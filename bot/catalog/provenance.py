"""Where a fact comes from: a source URL, the date it carries, when we read it, which facts it gives."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator


class Fact(StrEnum):
    """A kind of fact a source can vouch for."""

    EXISTS = "exists"
    ADDRESS = "address"
    HOURS = "hours"
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"
    LANGUAGES = "languages"
    DESCRIPTION = "description"
    STATUS = "status"
    ACCESS = "access"
    COST = "cost"


DATED = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")


class Source(BaseModel):
    """Where a fact was read: the page, the date the page carries, when we read it, and which facts it gives."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(min_length=4)
    dated: str | None = None
    seen: dt.date | None = None
    facts: list[Fact] = Field(default_factory=list)

    @field_validator("dated", mode="before")
    @classmethod
    def _dated(cls, value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int):
            value = str(value)
        if value is not None and not (isinstance(value, str) and (DATED.match(value) or _is_iso_date(value))):
            raise ValueError(f"'{value}' is not a date like 2024, 2024-03 or 2024-03-15")
        return value

    @property
    def dated_year(self) -> int | None:
        """The year the source itself carries, if it carries one."""
        return int(self.dated[:4]) if self.dated else None

    @property
    def dated_on(self) -> dt.date | None:
        """The date the source carries, rounded down to the first day of its month or year."""
        if not self.dated:
            return None
        parts = [int(x) for x in self.dated.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def _is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _sources(value: object) -> object:
    """Accept the legacy plain-URL items of a sources list."""
    if isinstance(value, list):
        return [{"url": item} if isinstance(item, str) else item for item in value]
    return value


Sources = Annotated[list[Source], BeforeValidator(_sources)]

"""Who may do what: the roles of the people who use the bot."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A person's role; residents are everyone who is not staff."""

    RESIDENT = "resident"
    KEY_FIGURE = "key_figure"
    CURATOR = "curator"
    COORDINATOR = "coordinator"


STAFF_ROLES: tuple[Role, ...] = (Role.KEY_FIGURE, Role.CURATOR, Role.COORDINATOR)
# Which roles each role includes: a coordinator may do everything a key figure and a curator may do.
INCLUDES: dict[Role, frozenset[Role]] = {
    Role.RESIDENT: frozenset({Role.RESIDENT}),
    Role.KEY_FIGURE: frozenset({Role.RESIDENT, Role.KEY_FIGURE}),
    Role.CURATOR: frozenset({Role.RESIDENT, Role.CURATOR}),
    Role.COORDINATOR: frozenset(Role),
}


def may(role: Role, needed: Role) -> bool:
    """Whether someone with `role` may use what needs `needed`."""
    return needed in INCLUDES[role]

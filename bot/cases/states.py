"""The case model's vocabulary: states, events, outcomes, timers, offers, chat states, callback kinds."""

from __future__ import annotations

from enum import StrEnum


class CaseStatus(StrEnum):
    """Where a case is: queued -> offered -> claimed -> waiting -> resolved -> closed (or withdrawn)."""

    QUEUED = "queued"
    OFFERED = "offered"
    CLAIMED = "claimed"
    WAITING_RESIDENT = "waiting_resident"
    WAITING_KEY_FIGURE = "waiting_key_figure"
    HANDED_BACK = "handed_back"
    RESOLVED = "resolved"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


UNCLAIMED: frozenset[CaseStatus] = frozenset({CaseStatus.QUEUED, CaseStatus.OFFERED, CaseStatus.HANDED_BACK})
WITH_PERSON: frozenset[CaseStatus] = frozenset(
    {CaseStatus.CLAIMED, CaseStatus.WAITING_RESIDENT, CaseStatus.WAITING_KEY_FIGURE}
)
OPEN: frozenset[CaseStatus] = UNCLAIMED | WITH_PERSON


class EventKind(StrEnum):
    """One step in a case's append-only log."""

    OPENED = "opened"
    OFFERED = "offered"
    OFFER_EXPIRED = "offer_expired"
    QUEUED = "queued"
    TO_COORDINATORS = "to_coordinators"
    CLAIMED = "claimed"
    ASSIGNED = "assigned"
    RESIDENT_WROTE = "resident_wrote"
    KEY_FIGURE_WROTE = "key_figure_wrote"
    REMINDED = "reminded"
    HANDED_BACK = "handed_back"
    RESOLVED = "resolved"
    RATED = "rated"
    CHECKBACK_SENT = "checkback_sent"
    CHECKBACK_ANSWERED = "checkback_answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    RESIDENT_UNREACHABLE = "resident_unreachable"
    KEY_FIGURE_UNREACHABLE = "key_figure_unreachable"


class Resolution(StrEnum):
    """How a key figure closes a case."""

    HELPED = "helped"
    REFERRED = "referred"
    UNREACHABLE = "unreachable"
    NOT_IN_KB = "not_in_kb"
    REUSABLE = "reusable"  # helped, and the answer could help others: a task for the curators
    OTHER = "other"


NEEDS_NOTE: frozenset[Resolution] = frozenset({Resolution.REFERRED, Resolution.REUSABLE, Resolution.OTHER})


class OfferStatus(StrEnum):
    """An offer of a case to one key figure."""

    OPEN = "open"
    CLAIMED = "claimed"
    TAKEN = "taken"  # someone else claimed it first
    EXPIRED = "expired"


class TimerKind(StrEnum):
    """Rows with a due time, claimed by whichever worker is free."""

    OFFER_TIMEOUT = "offer_timeout"  # nobody claimed: offer to the next key figures
    REROUTE = "reroute"  # nobody was available: try again when someone is
    FIRST_REPLY = "first_reply"  # claimed but no reply yet: remind once, then offer to others
    CHECKBACK = "checkback"  # ask the resident whether she got the help she needed


class ClaimResult(StrEnum):
    """What happened when someone pressed Claim."""

    WON = "won"
    TAKEN = "taken"
    CLOSED = "closed"
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"


class ChatState(StrEnum):
    """What a resident's chat is waiting for."""

    IDLE = "idle"
    AWAITING_PLACE = "awaiting_place"
    AWAITING_CONSENT = "awaiting_consent"
    WITH_PERSON = "with_person"  # typed text goes to the key figure of the open case


class Sender(StrEnum):
    """Who wrote a transcript message."""

    RESIDENT = "resident"
    KEY_FIGURE = "key_figure"
    BOT = "bot"


class OutboxKind(StrEnum):
    """What an outgoing message is, for delivery and for the relay map."""

    NOTICE = "notice"
    CASE_CARD = "case_card"
    RELAY = "relay"  # a resident's message to the key figure: replying to it answers that case
    TO_RESIDENT = "to_resident"
    STAFF = "staff"

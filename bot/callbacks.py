"""Callback data of inline buttons: 'kind:arg:arg', always within Telegram's 64 bytes."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from bot.roles import Role


class Callback(StrEnum):
    """Every kind of button; its role says who may press it."""

    TOPIC = "t"
    DISTRICT = "d"
    LANGUAGE = "l"
    MAP = "m"
    FEEDBACK = "fb"
    CONSENT = "consent"
    CHECKBACK_CONSENT = "cbc"
    FORGET = "forget"
    REMEMBER = "r"
    MORE = "more"
    TOPICS = "topics"
    PLACES = "places"
    PERSON = "person"
    TO_PERSON = "kf"  # write to my key figure again
    STOP_CASE = "stop"
    RATE = "rate"
    CHECKBACK = "cb"
    CLAIM = "claim"
    ASSIGN = "assign"
    RESOLVE = "res"
    OUTCOME = "out"
    HAND_BACK = "hb"
    ACTIVATE = "act"
    CURATE = "cur"


STAFF_CALLBACKS: dict[Callback, Role] = {
    Callback.CLAIM: Role.KEY_FIGURE,
    Callback.ASSIGN: Role.COORDINATOR,
    Callback.RESOLVE: Role.KEY_FIGURE,
    Callback.OUTCOME: Role.KEY_FIGURE,
    Callback.HAND_BACK: Role.KEY_FIGURE,
    Callback.ACTIVATE: Role.KEY_FIGURE,
    Callback.CURATE: Role.CURATOR,
}


def data(kind: Callback, *args: object) -> str:
    """Callback data for a button."""
    text = ":".join([kind.value, *(str(a) for a in args)])
    if len(text.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {text!r}")
    return text


def service_key(service_id: str) -> str:
    """A short, stable key for a listing, to fit in Telegram's 64-byte callback data."""
    return hashlib.blake2s(service_id.encode(), digest_size=6).hexdigest()


def parse(raw: str) -> tuple[Callback | None, list[str]]:
    """A button's kind and arguments; None for data the bot never made."""
    kind, *args = raw.split(":")
    try:
        return Callback(kind), args
    except ValueError:
        return None, args

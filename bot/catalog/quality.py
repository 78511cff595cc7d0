"""What a resident can act on: is a service reachable, located, timed, and how fresh are its facts."""

from __future__ import annotations

import datetime as dt

from bot.catalog.models import Access, Service

STALE_AFTER_DAYS = 365
CURRENT_FROM_YEAR = 2024  # a source dated before this year does not show a service still runs


def reachable(s: Service) -> bool:
    """A way to reach the service now: phone, e-mail, website, WhatsApp, or a street address to walk in."""
    c = s.contact
    if c.phone or c.email or c.website or c.whatsapp:
        return True
    return has_street_address(s) and s.access in (None, Access.WALK_IN)


def has_street_address(s: Service) -> bool:
    """The location carries a street address."""
    return s.location is not None and bool(s.location.address)


def street_without_number(s: Service) -> bool:
    """A street address with no house number ("Markt"): a resident still has to look for the door."""
    return has_street_address(s) and s.location is not None and not any(ch.isdigit() for ch in s.location.address or "")


def has_real_coordinates(s: Service) -> bool:
    """A street address with sourced coordinates: a distance and a map pin can be shown honestly."""
    return s.location is not None and bool(s.location.address) and s.location.has_coordinates


def has_hours(s: Service) -> bool:
    """Opening hours are known, or it is clearly by appointment."""
    return bool(s.schedule) or s.access is Access.APPOINTMENT


def newest_source_date(s: Service) -> dt.date | None:
    """The newest date that one of the service's sources itself carries."""
    dates = [d for src in s.sources if (d := src.dated_on) is not None]
    return max(dates) if dates else None


def checked_on(s: Service) -> dt.date | None:
    """When our editors last confirmed the facts (only for verified services)."""
    return s.assured_date if s.verified else None


def is_stale(s: Service, today: dt.date) -> bool:
    """Unverified, or confirmed more than a year ago."""
    checked = checked_on(s)
    return checked is None or (today - checked).days > STALE_AFTER_DAYS


def freshness_score(s: Service, today: dt.date) -> float:
    """A ranking weight: fresh confirmed facts high, old or unconfirmed low, warned-about listings lowest."""
    checked = checked_on(s)
    if checked is not None:
        age = (today - checked).days
        score = 0.6 if age <= STALE_AFTER_DAYS // 2 else 0.4 if age <= STALE_AFTER_DAYS else -0.3
    else:
        seen = newest_source_date(s)
        score = -0.4 if seen is not None and (today - seen).days <= STALE_AFTER_DAYS else -0.9
    if s.warning is not None:
        score -= 1.0
    return score


def old_sources_only(s: Service) -> bool:
    """Unverified, and every source carries a date before 2024: it may have ended (give it a warning)."""
    years = [src.dated_year for src in s.sources]
    return not s.verified and bool(years) and all(y is not None and y < CURRENT_FROM_YEAR for y in years)

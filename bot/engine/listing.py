"""A ranked service as the resident sees it: texts in her language, and only the facts we can stand behind."""

from __future__ import annotations

import datetime as dt

from bot.catalog.models import Service
from bot.catalog.quality import has_real_coordinates, is_stale, newest_source_date
from bot.engine.ranking import Scored
from bot.engine.values import Recommendation

FALLBACK = "nl"


def text(texts: dict[str, str] | None, lang: str) -> str | None:
    """A translated field in a language, falling back to Dutch."""
    if texts is None:
        return None
    return texts.get(lang) or texts[FALLBACK]


def recommendation(scored: Scored, lang: str, today: dt.date) -> Recommendation:
    """The recommendation for one ranked service, in a language (a proper name stays as it is)."""
    sv = scored.service
    real = has_real_coordinates(sv)
    loc = sv.location
    return Recommendation(
        service_id=sv.id,
        name=sv.name[FALLBACK] if sv.name_is_proper else (text(sv.name, lang) or sv.name[FALLBACK]),
        description=text(sv.description, lang) or sv.description[FALLBACK],
        needs=tuple(sv.needs),
        district=sv.district,
        distance_km=scored.distance_km if real else None,
        address=_where(sv),
        lat=loc.lat if real and loc is not None else None,
        lon=loc.lon if real and loc is not None else None,
        opening=scored.opening,
        schedule_note=text(sv.schedule_note, lang),
        phone=sv.contact.phone,
        website=sv.contact.website,
        email=sv.contact.email,
        free=sv.cost.value == "free",
        access=sv.access.value if sv.access else None,
        access_note=text(sv.access_note, lang),
        verified=sv.verified,
        assured_date=sv.assured_date,
        languages=tuple(sv.languages),
        score=scored.score,
        reasons=scored.reasons,
        has_real_coordinates=real,
        reachable=scored.reachable,
        warning=text(sv.warning, lang),
        stale=is_stale(sv, today),
        source_date=newest_source_date(sv),
        interpreter=sv.interpreter,
    )


def _where(service: Service) -> str | None:
    """Venue name and street address, as far as they are known."""
    loc = service.location
    if loc is None:
        return None
    return ", ".join(x for x in (loc.name, loc.address) if x) or None

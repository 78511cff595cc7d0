"""Translation overlays (knowledge/translations/<lang>.yaml) merged into the Translated fields of the knowledge."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from bot.catalog.models import Organization, Service
from bot.catalog.problems import Problem, SourceFile

TEXT_FIELDS = ("name", "description", "access_note", "schedule_note", "warning")


class _Overlay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServiceTranslation(_Overlay):
    """One service's texts in one language, and whether a native speaker reviewed them."""

    name: str | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, min_length=1)
    access_note: str | None = Field(default=None, min_length=1)
    schedule_note: str | None = Field(default=None, min_length=1)
    warning: str | None = Field(default=None, min_length=1)
    reviewed: bool = False


class OrganizationTranslation(_Overlay):
    """One organisation's description in one language."""

    description: str = Field(min_length=1)
    reviewed: bool = False


class TranslationFile(_Overlay):
    """knowledge/translations/<lang>.yaml: texts of services and organisations in one language."""

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    services: dict[str, ServiceTranslation] = Field(default_factory=dict)
    organizations: dict[str, OrganizationTranslation] = Field(default_factory=dict)


def _with(texts: dict[str, str] | None, lang: str, text: str | None) -> dict[str, str] | None:
    if text is None:
        return texts
    if texts is None:
        return None
    return {**texts, lang: text}


def translate_service(service: Service, lang: str, tr: ServiceTranslation) -> Service:
    """The service with one language's texts laid over its own (a note absent in Dutch stays absent)."""
    update: dict[str, object] = {f: _with(getattr(service, f), lang, getattr(tr, f)) for f in TEXT_FIELDS}
    update["translations_reviewed"] = {**service.translations_reviewed, lang: tr.reviewed}
    return service.model_copy(update=update)


def overlay(
    file: TranslationFile,
    src: SourceFile,
    services: dict[str, Service],
    organizations: dict[str, Organization],
    report: Callable[[Problem], None],
) -> None:
    """Merge one translation file into the services and organisations in place; report unknown ids and orphans."""
    lang = file.language
    for sid, tr in file.services.items():
        service = services.get(sid)
        if service is None:
            report(src.problem(("services", sid), f"unknown service '{sid}'"))
            continue
        for f in TEXT_FIELDS:
            if getattr(tr, f) is not None and getattr(service, f) is None:
                report(src.problem(("services", sid, f), f"the service has no Dutch {f} to translate"))
        services[sid] = translate_service(service, lang, tr)
    for oid, otr in file.organizations.items():
        org = organizations.get(oid)
        if org is None:
            report(src.problem(("organizations", oid), f"unknown organisation '{oid}'"))
        elif org.description is None:
            report(src.problem(("organizations", oid, "description"), "the organisation has no Dutch description"))
        else:
            reviewed = {**org.translations_reviewed, lang: otr.reviewed}
            texts = {**org.description, lang: otr.description}
            organizations[oid] = org.model_copy(update={"description": texts, "translations_reviewed": reviewed})

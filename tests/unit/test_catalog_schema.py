"""The knowledge schema: dated sources, warnings, real coordinates only with a source, translation overlays."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.catalog.loader import load_knowledge
from bot.catalog.models import Location, Service
from bot.catalog.problems import KnowledgeError
from bot.catalog.provenance import Fact
from bot.config import PROJECT_ROOT

SERVICE = {
    "id": "test-service",
    "organization": "gemeente-almere",
    "name": {"nl": "Hulp bij formulieren"},
    "description": {"nl": "Iemand helpt je met brieven."},
    "needs": ["forms"],
    "service_area": ["almere"],
}


def test_sources_may_be_plain_urls_or_dated_mappings() -> None:
    s = Service.model_validate(
        {
            **SERVICE,
            "sources": [
                "https://example.org/old",
                {"url": "https://example.org/a", "dated": "2022-03", "seen": "2026-12-04", "facts": ["exists"]},
                {"url": "https://example.org/b", "dated": 2021},
                {"url": "https://example.org/c", "dated": dt.date(2024, 5, 6)},
            ],
        }
    )
    assert s.sources[0].url == "https://example.org/old" and s.sources[1].facts == [Fact.EXISTS]
    assert s.sources[1].dated_on == dt.date(2022, 3, 1) and s.sources[1].seen == dt.date(2026, 12, 4)
    assert s.sources[2].dated_year == 2021 and s.sources[3].dated_on == dt.date(2024, 5, 6)


@pytest.mark.parametrize(
    "source",
    [{"url": "https://x.nl", "dated": "March 2022"}, {"url": "https://x.nl", "facts": ["rumour"]}, {"dated": "2022"}],
)
def test_bad_sources_are_refused(source: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Service.model_validate({**SERVICE, "sources": [source]})


def test_coordinates_need_their_source() -> None:
    with pytest.raises(ValidationError, match="coords_source"):
        Location(district="almere-stad", address="Stadhuisplein 1", lat=52.37, lon=5.22)
    with pytest.raises(ValidationError, match="both"):
        Location(district="almere-stad", lat=52.37, coords_source="x")
    located = Location(district="almere-stad", address="Stadhuisplein 1", lat=52.37, lon=5.22, coords_source="BAG")
    assert located.has_coordinates
    assert not Location(district="almere-stad").has_coordinates


def test_new_optional_fields_are_read() -> None:
    s = Service.model_validate(
        {
            **SERVICE,
            "name_is_proper": True,
            "status": "temporarily_closed",
            "closed_until": "2027-01-15",
            "warning": {"nl": "Proef uit 2021, niet bevestigd sinds."},
            "interpreter": True,
        }
    )
    assert s.name_is_proper and s.interpreter and s.closed_until == dt.date(2027, 1, 15)
    assert s.warning == {"nl": "Proef uit 2021, niet bevestigd sinds."}
    with pytest.raises(ValidationError, match="Dutch"):
        Service.model_validate({**SERVICE, "warning": {"en": "only English"}})


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    root = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", root, ignore=shutil.ignore_patterns("translations"))
    (root / "translations").mkdir()
    return root


def _service_with_notes(root: Path) -> str:
    kb = load_knowledge(root)
    return next(s.id for s in kb.services if s.access_note is not None and s.schedule_note is None)


def test_a_translation_file_is_laid_over_the_texts_and_records_review(knowledge: Path) -> None:
    sid = _service_with_notes(knowledge)
    org = next(o.id for o in load_knowledge(knowledge).organizations.values() if o.description)
    (knowledge / "translations" / "so.yaml").write_text(
        f"language: so\nservices:\n  {sid}:\n    name: Magac\n    description: Sharaxaad\n"
        f"    access_note: Qoraal\n    reviewed: true\norganizations:\n  {org}:\n    description: Urur\n",
        encoding="utf-8",
    )
    (knowledge / "translations" / "ti.yaml").write_text(
        f"language: ti\nservices:\n  {sid}:\n    description: መግለጺ\n", encoding="utf-8"
    )
    kb = load_knowledge(knowledge)
    s = next(x for x in kb.services if x.id == sid)
    assert (s.name["so"], s.description["so"], s.description["ti"]) == ("Magac", "Sharaxaad", "መግለጺ")
    assert s.access_note is not None and s.access_note["so"] == "Qoraal" and "nl" in s.access_note
    assert s.schedule_note is None  # nothing to translate: stays absent
    assert s.translations_reviewed == {"so": True, "ti": False}
    assert kb.organizations[org].description is not None and kb.organizations[org].description["so"] == "Urur"
    assert kb.organizations[org].translations_reviewed == {"so": False}


def test_translation_file_problems_are_reported_with_lines(knowledge: Path) -> None:
    sid = _service_with_notes(knowledge)
    (knowledge / "translations" / "ar.yaml").write_text(
        "language: tr\nservices:\n  no-such-service:\n    description: x\n"
        f"  {sid}:\n    schedule_note: y\n    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge)
    found = [(p.file, p.line, p.message) for p in err.value.problems]
    assert ("knowledge/translations/ar.yaml", 7, found[0][2]) == found[0] and "unknown field" in found[0][2]
    (knowledge / "translations" / "ar.yaml").write_text(
        f"language: tr\nservices:\n  no-such-service:\n    description: x\n  {sid}:\n    schedule_note: y\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge)
    lines = [(p.line, p.message) for p in err.value.problems]
    assert lines == [
        (1, "says 'tr' but the file is ar.yaml"),
        (3, "unknown service 'no-such-service'"),
        (6, "the service has no Dutch schedule_note to translate"),
    ]


def test_closed_until_only_with_temporarily_closed(knowledge: Path) -> None:
    path = knowledge / "services" / "money.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    needs:", "    closed_until: 2027-01-01\n    needs:", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge)
    [problem] = err.value.problems
    assert problem.field.endswith("closed_until") and "temporarily_closed" in problem.message

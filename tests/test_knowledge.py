"""The bundled knowledge base validates, covers every need and district, and broken files are reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.catalog.loader import KnowledgeBase, load_knowledge
from bot.catalog.models import Status
from bot.catalog.problems import KnowledgeError
from bot.config import PROJECT_ROOT
from bot.languages import INTERFACE_LANGUAGES

KNOWLEDGE = PROJECT_ROOT / "knowledge"
EVAL = PROJECT_ROOT / "eval"  # the repository's copy of the shared vocabulary
LANGUAGES = ("nl", "en", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr")


def test_needs_are_exactly_the_shared_vocabulary(kb: KnowledgeBase) -> None:
    shared = [n["slug"] for n in yaml.safe_load((EVAL / "needs.yaml").read_text(encoding="utf-8"))]
    assert kb.need_slugs == shared


def test_every_need_has_name_and_description_in_twelve_languages(kb: KnowledgeBase) -> None:
    for need in kb.needs:
        assert set(LANGUAGES) <= set(need.name), need.slug
        assert set(LANGUAGES) <= set(need.description), need.slug


def test_every_active_listing_text_is_in_every_interface_language(kb: KnowledgeBase) -> None:
    missing = []
    for service in kb.services:
        if service.status is not Status.ACTIVE:
            continue
        texts = {
            "name": None if service.name_is_proper else service.name,
            "description": service.description,
            "warning": service.warning,
            "schedule_note": service.schedule_note,
            "access_note": service.access_note,
        }
        for field, text in texts.items():
            if text is not None and "nl" in text:
                missing += [f"{service.id} {field} {code}" for code in INTERFACE_LANGUAGES if code not in text]
    assert not missing, f"{len(missing)} texts not translated, e.g. {missing[:5]}"


def test_gazetteer_knows_every_district_and_neighbourhood(kb: KnowledgeBase) -> None:
    shared = yaml.safe_load((EVAL / "districts.yaml").read_text(encoding="utf-8"))
    ours = {d.slug: {n.name for n in d.neighbourhoods} for d in kb.gazetteer.districts}
    for slug, district in shared.items():
        assert slug in ours
        assert set(district["neighbourhoods"]) <= ours[slug], slug


def test_services_cover_all_needs_and_populated_districts(kb: KnowledgeBase) -> None:
    assert len(kb.services) >= 80
    covered = {n for s in kb.services for n in s.needs}
    assert covered == set(kb.need_slugs)
    districts = {s.district for s in kb.services}
    for slug in ("almere-haven", "almere-stad", "almere-buiten", "almere-hout", "almere-poort"):
        assert slug in districts


def test_every_listing_says_where_its_facts_come_from(kb: KnowledgeBase) -> None:
    for s in kb.services:
        assert s.assured_date is not None, s.id
        if s.verified:
            assert s.sources, f"{s.id} is marked verified without a source"
        if s.contact.phone or (s.location and s.location.address):
            assert s.sources, f"{s.id} gives contact facts without a source"


def test_crisis_lines_have_the_dutch_emergency_numbers(kb: KnowledgeBase) -> None:
    numbers = {line.number.replace(" ", "") for line in kb.crisis_lines}
    assert {"112", "113", "0800-0113", "0800-2000"} <= numbers


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "services" / "money.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    problem = info.value.problems[0]
    assert problem.file == "knowledge/services/money.yaml"
    assert problem.line is not None and problem.line >= 6
    assert "cannot be read" in problem.message


def test_wrong_field_names_file_line_and_field(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "services" / "money.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["services"][1]["needs"] = ["food", "fodo"]
    data["services"][2]["status"] = "closed-ish"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    text = str(info.value)
    assert "knowledge/services/money.yaml, line" in text
    assert "field services[1].needs[1]: unknown need 'fodo'" in text
    assert "field services[2].status" in text
    fodo = next(p for p in info.value.problems if "fodo" in p.message)
    assert path.read_text(encoding="utf-8").splitlines()[fodo.line - 1].strip() == "- fodo"  # type: ignore[operator]


def test_duplicate_service_ids_are_reported(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    first = yaml.safe_load((root / "services" / "money.yaml").read_text(encoding="utf-8"))["services"][0]
    (root / "services" / "zz-extra.yaml").write_text(yaml.safe_dump({"services": [first]}), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="defined twice"):
        load_knowledge(root)

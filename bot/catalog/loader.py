"""Read knowledge/*.yaml into validated models; report every problem with file, line and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.catalog.models import (
    CITYWIDE,
    CRISIS_KINDS,
    EXPOSURE_PARTS,
    FAREWELL,
    HARM_PARTS,
    INTENTS,
    NATIONAL,
    ON_BEHALF_PARTS,
    CrisisBook,
    CrisisLine,
    District,
    Gazetteer,
    Need,
    Organization,
    Phrasings,
    Service,
    Status,
)
from bot.catalog.problems import KnowledgeError, Loc, Problem, SourceFile
from bot.catalog.translations import TranslationFile, overlay
from bot.catalog.yamlcheck import read_tolerant

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything in knowledge/, validated and cross-checked."""

    needs: list[Need]
    phrasings: dict[str, Phrasings]
    gazetteer: Gazetteer
    crisis_lines: list[CrisisLine]
    organizations: dict[str, Organization]
    services: list[Service] = field(default_factory=list)

    @property
    def need_slugs(self) -> list[str]:
        """The need slugs in their canonical order."""
        return [n.slug for n in self.needs]


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def open(self, path: Path) -> SourceFile | None:
        try:
            return SourceFile(path, self.root)
        except yaml.YAMLError:
            text, broken = read_tolerant(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.problems.append(Problem(self._name(path), None, "", "file is missing"))
            return None
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(self._name(path), None, "", f"the file is not UTF-8 text: {exc.reason}"))
            return None
        skipped = " (this item was skipped; the rest of the file was checked)" if text is not None else ""
        for bad in broken:
            self.problems.append(
                Problem(self._name(path), bad.line, "", f"the YAML cannot be read: {bad.message}{skipped}")
            )
        return None if text is None else SourceFile(path, self.root, text)

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.root.parent)) if path.is_relative_to(self.root.parent) else str(path)

    def model(self, src: SourceFile, kind: type[M], data: object, loc: Loc) -> M | None:
        try:
            return kind.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                where = loc + tuple(p for p in err["loc"] if isinstance(p, str | int))
                msg = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    msg = "this field is required but missing"
                elif err["type"] == "extra_forbidden":
                    msg = "unknown field (check the spelling against knowledge/README.md)"
                self.problems.append(src.problem(where, msg))
            return None

    def items(self, src: SourceFile, key: str) -> list[tuple[int, object]]:
        data = src.data
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            self.problems.append(src.problem((), f"expected a top-level '{key}:' list"))
            return []
        return list(enumerate(data[key]))

    def listing(self, src: SourceFile, key: str, kind: type[M]) -> list[tuple[int, M]]:
        out = []
        for i, item in self.items(src, key):
            model = self.model(src, kind, item, (key, i))
            if model is not None:
                out.append((i, model))
        return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def _unique(reader: _Reader, entries: Iterable[tuple[SourceFile, Loc, str]], what: str) -> None:
    seen: dict[str, str] = {}
    for src, loc, key in entries:
        if key in seen:
            reader.problems.append(src.problem(loc, f"{what} '{key}' is defined twice (also in {seen[key]})"))
        else:
            seen[key] = src.name


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load and check the whole knowledge base; raise KnowledgeError listing every problem."""
    r = _Reader(root)
    needs: list[Need] = []
    src = r.open(root / "needs.yaml")
    if src is not None:
        if isinstance(src.data, list):
            needs = [m for i, item in enumerate(src.data) if (m := r.model(src, Need, item, (i,)))]
            _unique(r, ((src, (i, "slug"), n.slug) for i, n in enumerate(needs)), "need")
        else:
            r.problems.append(src.problem((), "expected a list of needs"))
    slugs = {n.slug for n in needs}

    phrasings: dict[str, Phrasings] = {}
    for path in _files(root / "phrasings"):
        if (src := r.open(path)) is None:
            continue
        ph = r.model(src, Phrasings, src.data, ())
        if ph is None:
            continue
        if ph.language != path.stem:
            r.problems.append(src.problem(("language",), f"says '{ph.language}' but the file is {path.name}"))
        _check_keys(r, src, "needs", ph.needs, slugs, "need slug")
        _check_keys(r, src, "intents", ph.intents, {*INTENTS, *ON_BEHALF_PARTS}, "intent")
        _check_keys(r, src, "crisis", ph.crisis, set(CRISIS_KINDS), "kind of crisis")
        harm_keys = {*CRISIS_KINDS, *HARM_PARTS, *EXPOSURE_PARTS, FAREWELL}
        _check_keys(r, src, "harm", ph.harm, harm_keys, "part of a composed alarm")
        phrasings[ph.language] = ph

    gazetteer = Gazetteer(districts=[])
    if (src := r.open(root / "places.yaml")) is not None:
        gazetteer = r.model(src, Gazetteer, src.data, ()) or gazetteer
    districts = {d.slug: d for d in gazetteer.districts}

    crisis: list[CrisisLine] = []
    if (src := r.open(root / "crisis.yaml")) is not None and (book := r.model(src, CrisisBook, src.data, ())):
        crisis = book.lines
        for i, line in enumerate(crisis):
            for kind in line.kinds:
                if kind not in CRISIS_KINDS and kind not in {"listening", "police", "legal", "gp", "children"}:
                    r.problems.append(src.problem(("lines", i, "kinds"), f"unknown kind '{kind}'"))

    orgs: list[tuple[SourceFile, int, Organization]] = []
    for path in _files(root / "organizations"):
        if (src := r.open(path)) is not None:
            orgs += [(src, i, o) for i, o in r.listing(src, "organizations", Organization)]
    _unique(r, ((s, ("organizations", i, "id"), o.id) for s, i, o in orgs), "organisation")
    organizations = {o.id: o for _, _, o in orgs}

    services: list[tuple[SourceFile, int, Service]] = []
    for path in _files(root / "services"):
        if (src := r.open(path)) is not None:
            services += [(src, i, s) for i, s in r.listing(src, "services", Service)]
    _unique(r, ((s, ("services", i, "id"), sv.id) for s, i, sv in services), "service")
    for src, i, service in services:
        _check_service(r.problems.append, src, ("services", i), service, slugs, organizations, districts)

    by_id = {s.id: s for _, _, s in services}
    for path in _files(root / "translations"):
        if (src := r.open(path)) is None or (tf := r.model(src, TranslationFile, src.data, ())) is None:
            continue
        if tf.language != path.stem:
            r.problems.append(src.problem(("language",), f"says '{tf.language}' but the file is {path.name}"))
        overlay(tf, src, by_id, organizations, r.problems.append)

    if r.problems:
        raise KnowledgeError(sorted(r.problems, key=Problem.sort_key))
    return KnowledgeBase(needs, phrasings, gazetteer, crisis, organizations, list(by_id.values()))


def _check_keys(r: _Reader, src: SourceFile, key: str, got: dict[str, list[str]], known: set[str], what: str) -> None:
    for name in got:
        if name not in known:
            r.problems.append(src.problem((key, name), f"unknown {what} '{name}'"))


def _check_service(
    report: Callable[[Problem], None],
    src: SourceFile,
    loc: Loc,
    s: Service,
    needs: set[str],
    organizations: dict[str, Organization],
    districts: Mapping[str, District],
) -> None:
    if s.organization not in organizations:
        report(src.problem(loc + ("organization",), f"unknown organisation '{s.organization}'"))
    for j, need in enumerate(s.needs):
        if need not in needs:
            report(src.problem(loc + ("needs", j), f"unknown need '{need}' (see knowledge/needs.yaml)"))
    if s.location is not None:
        district = s.location.district
        if district not in districts:
            report(src.problem(loc + ("location", "district"), f"unknown district '{district}'"))
        elif s.location.neighbourhood:
            names = {n.name.lower() for n in districts[district].neighbourhoods}
            if s.location.neighbourhood.lower() not in names:
                report(
                    src.problem(
                        loc + ("location", "neighbourhood"),
                        f"'{s.location.neighbourhood}' is not a neighbourhood of {district}",
                    )
                )
    elif not s.service_area:
        report(src.problem(loc, "needs a location or a service_area"))
    if s.closed_until is not None and s.status is not Status.TEMPORARILY_CLOSED:
        report(src.problem(loc + ("closed_until",), "closed_until only goes with status: temporarily_closed"))
    for j, area in enumerate(s.service_area):
        if area not in districts and area not in (CITYWIDE, NATIONAL):
            report(src.problem(loc + ("service_area", j), f"unknown area '{area}' (a district, almere or nl)"))

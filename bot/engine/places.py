"""Where the resident is: district, neighbourhood, landmark, postcode or coordinates."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.catalog.models import Gazetteer
from bot.engine.normalise import normalise, tokens
from bot.engine.romanise import SkeletonIndex, foreign_script

# Place names that are also everyday words (Dutch "buiten" = outside, "poort" = gate, English "haven").
AMBIGUOUS = frozenset(
    {"haven", "poort", "stad", "buiten", "hout", "duin", "centrum", "pampus", "stad centrum", "centrum stad"}
)
LOCATIVE = frozenset(
    [
        "in",
        "uit",
        "naar",
        "bij",
        "te",
        "rond",
        "omgeving",
        "van",
        "nabij",
        "near",
        "at",
        "around",
        "from",
        "almere",
        "wijk",
        "buurt",
        "en",
        "a",
        "à",
        "na",
        "w",
        "we",
        "в",
        "у",
        "из",
        "z",
        "ب",
        "في",
        "من",
        "حوالي",
        "نزدیک",
        "در",
        "ku",
        "ኣብ",
        "حي",
    ]
)
POSTCODE = re.compile(r"\b(1[3][0-9]{2})\s?([a-z]{2})?\b")
LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
TURKISH_SUFFIXES = (
    "de",
    "da",
    "te",
    "ta",
    "den",
    "dan",
    "ten",
    "tan",
    "deki",
    "daki",
    "e",
    "a",
    "ye",
    "ya",
    "in",
    "un",
    "nin",
    "nun",
    "s",
    "je",
)


@dataclass(frozen=True)
class Place:
    """A resolved place: always a district, sometimes a neighbourhood, and a point to measure from."""

    district: str
    neighbourhood: str | None
    lat: float
    lon: float
    signal: str


@dataclass(frozen=True)
class _Name:
    key: str  # normalised words joined by single spaces
    compact: str  # without spaces, for split or glued compounds
    district: str
    neighbourhood: str | None
    lat: float
    lon: float
    rank: int  # 0 neighbourhood or landmark, 1 district


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


class PlaceFinder:
    """Resolves place mentions in free text against the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._names: list[_Name] = []
        self._postcodes: dict[str, tuple[str, str | None, float, float]] = {}
        for d in gazetteer.districts:
            for alias in (d.name, d.slug.replace("-", " "), *d.aliases):
                self._add(alias, d.slug, None, d.centre, 1)
            for pc in d.postcodes:
                self._postcodes[pc] = (d.slug, None, *d.centre)
            for n in d.neighbourhoods:
                for alias in (n.name, *n.aliases):
                    self._add(alias, d.slug, n.name, n.centre, 0)
                for pc in n.postcodes:
                    self._postcodes[pc] = (d.slug, n.name, *n.centre)
        for lm in gazetteer.landmarks:
            for alias in (lm.name, *lm.aliases):
                self._add(alias, lm.district, lm.neighbourhood, lm.centre, 2)
        self._by_key = {n.key: n for n in sorted(self._names, key=lambda n: -n.rank)}
        self._by_compact = {n.compact: n for n in sorted(self._names, key=lambda n: -n.rank)}
        self._fuzzy_names: dict[str, dict[str, _Name]] = {}
        for compact, name in self._by_compact.items():
            if len(compact) >= 7:
                self._fuzzy_names.setdefault(compact[0], {})[compact] = name
        self._max_words = max((len(n.key.split()) for n in self._names), default=1)
        by_district_first = sorted((n for n in self._names if n.rank < 2), key=lambda n: -n.rank)
        self._skeletons = SkeletonIndex(((n.key, n) for n in by_district_first), "almere")

    def _add(self, alias: str, district: str, hood: str | None, centre: tuple[float, float], rank: int) -> None:
        key = " ".join(tokens(normalise(alias)))
        if key:
            self._names.append(_Name(key, key.replace(" ", ""), district, hood, centre[0], centre[1], rank))

    def district_point(self, slug: str) -> tuple[float, float] | None:
        """The centre of a district."""
        return next((d.centre for d in self.gazetteer.districts if d.slug == slug), None)

    def nearest(self, lat: float, lon: float) -> Place:
        """The district and neighbourhood closest to a point."""
        best: tuple[float, str, str | None] | None = None
        for d in self.gazetteer.districts:
            for hood, centre in [(None, d.centre), *((n.name, n.centre) for n in d.neighbourhoods)]:
                dist = haversine_km((lat, lon), centre)
                if best is None or dist < best[0]:
                    best = (dist, d.slug, hood)
        assert best is not None, "the gazetteer has no districts"
        return Place(best[1], best[2], lat, lon, "coordinates")

    def from_location(self, location: str) -> Place | None:
        """A place from 'lat,lon' or from free text such as a neighbourhood name."""
        match = LATLON.match(location)
        if match:
            lat, lon = float(match.group(1)), float(match.group(2))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return self.nearest(lat, lon)
            return None
        return self.find(location, explicit=True)

    def find(self, text: str, *, explicit: bool = False, foreign: bool = False) -> Place | None:
        """The most specific place named in a message, if any."""
        norm = normalise(text)
        for m in POSTCODE.finditer(norm):
            hit = self._postcodes.get(m.group(1))
            if hit:
                return Place(hit[0], hit[1], hit[2], hit[3], f"postcode:{m.group(1)}")
        toks = tokens(norm)
        raw_words = text.split()
        found: list[tuple[int, int, _Name, str]] = []  # (rank, -length, name, how)
        for i in range(len(toks)):
            for size in range(min(self._max_words, len(toks) - i), 0, -1):
                gram = toks[i : i + size]
                name, how = self._lookup(gram)
                if name is None:
                    continue
                if (
                    name.key in AMBIGUOUS
                    and how == "name"
                    and not (explicit or foreign or self._marked(toks, raw_words, i, gram))
                ):
                    continue
                found.append((name.rank, -size, name, how))
                break
        if not found:
            found = [
                (name.rank, -size, name, "script")
                for i, size, name in self._skeletons.find(toks, lambda i: self._script_mark(toks, raw_words, i))
            ]
        if not found:
            return None
        found.sort(key=lambda f: (f[0], f[3] == "fuzzy", f[1]))  # an exact name before a near one
        _, _, name, how = found[0]
        return Place(name.district, name.neighbourhood, name.lat, name.lon, f"{how}:{name.key}")

    def without_names(self, text: str) -> str:
        """The text without the place names it contains ("haven" makes Dutch look English to a language guesser)."""
        words = text.split()
        parts = [tokens(normalise(w)) for w in words]
        kept: list[str] = []
        i = 0
        while i < len(words):
            longest = min(self._max_words, len(words) - i)
            size = next((n for n in range(longest, 0, -1) if self._named(parts[i : i + n])), 0)
            if not size:
                kept.append(words[i])
            i += max(size, 1)
        return " ".join(kept)

    def _named(self, parts: list[list[str]]) -> bool:
        """Whether these words (normalised) are exactly a place name (no fuzzy matching)."""
        gram = [t for p in parts for t in p]
        return bool(gram) and (" ".join(gram) in self._by_key or "".join(gram) in self._by_compact)

    def _lookup(self, gram: list[str]) -> tuple[_Name | None, str]:
        key = " ".join(gram)
        if key in self._by_key:
            return self._by_key[key], "name"
        compact = "".join(gram)
        if compact in self._by_compact:
            return self._by_compact[compact], "name"
        if len(compact) >= 7 and not foreign_script(compact):  # other scripts: see SkeletonIndex
            for suffix in TURKISH_SUFFIXES:
                if compact.endswith(suffix) and compact[: -len(suffix)] in self._by_compact:
                    return self._by_compact[compact[: -len(suffix)]], "suffixed"
            choices = self._fuzzy_names.get(compact[0], {})
            match = process.extractOne(compact, list(choices), scorer=fuzz.ratio, score_cutoff=85)
            best = (match[1], choices[match[0]]) if match and abs(len(match[0]) - len(compact)) <= 3 else (0.0, None)
            if best[1] is not None and best[0] >= 85:
                return best[1], "fuzzy"
        return None, ""

    def _script_mark(self, toks: list[str], raw_words: list[str], i: int) -> int:
        """How clearly word i, in another script, is marked as a place (see SkeletonIndex.find)."""
        if i > 0 and self._skeletons.is_city(toks[i - 1]):
            return 2
        if i > 0 and (toks[i - 1] in LOCATIVE or (toks[i - 1][:1] in "بف" and toks[i - 1][1:] in LOCATIVE)):
            return 1  # "в Хавене", "ኣብ ሃቨን", "بحي" (in the neighbourhood)
        return int(any(w[:1].isupper() and normalise(w).startswith(toks[i]) for w in raw_words[1:]))

    @staticmethod
    def _marked(toks: list[str], raw_words: list[str], i: int, gram: list[str]) -> bool:
        """An everyday word counts as a place only when the message marks it as one."""
        if i > 0 and toks[i - 1] in LOCATIVE:
            return True
        if i > 1 and toks[i - 2] in LOCATIVE and toks[i - 1] in {"de", "het", "the", "la", "le"}:
            return True
        if i + len(gram) < len(toks) and toks[i + len(gram)] == "almere":
            return True
        first = gram[0]
        return any(w.strip(".,!?;:()").startswith(first.capitalize()) for w in raw_words)

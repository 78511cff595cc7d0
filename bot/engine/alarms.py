"""Emergencies from the curated lists: crisis phrases and the composed alarms (act + person + now, a child
exposed, farewell signs), each vetoed by the past, a worry about later or a question about a service."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.catalog.models import EXPOSURE_PARTS, FAREWELL, HARM_PARTS
from bot.engine.lexicon import Hit

CRISIS = "crisis:"
HARM = "harm:"
SELF_HARM = "suicide"
CHILD_DANGER = "child_danger"
FAREWELL_SIGNS_FOR_ALARM = 2  # two warning signs on words of their own: she is saying goodbye
CONTEXT_PARTS = (*HARM_PARTS, *EXPOSURE_PARTS, FAREWELL)  # the parts that are not acts of harm


def crisis_kind(hits: Iterable[Hit]) -> str | None:
    """The most signalled kind of emergency, or None; only exact phrases and stems count."""
    kinds = Counter(
        h.entry.label[len(CRISIS) :]
        for h in hits
        if h.entry.label.startswith(CRISIS) and not h.fuzzy  # a typo must never raise an alarm
    )
    return kinds.most_common(1)[0][0] if kinds else None


def set_apart(hits: Sequence[Hit], language: str, sentences: Sequence[int] | None = None) -> bool:
    """Whether the message places the harm in the past, in a worry about later, or in a question about a service.

    With `sentences` (the sentence of each word), only words in a sentence that holds a crisis phrase count:
    "thank you for your help before." does not set apart "today I end it all."
    """
    phrases = [h.positions for h in hits if h.entry.label.startswith(CRISIS)]
    return len(untouched(phrases, parts_at(hits, language)["not_now"], sentences)) < len(phrases)


@dataclass(frozen=True)
class Composed:
    """A composed alarm: the kind of harm, and whether "now" was said too (else it is only possible)."""

    kind: str
    complete: bool
    basis: str = "act + person + now"  # what composed it, for the reason shown to staff


def harm_kind(hits: Iterable[Hit], language: str, sentences: Sequence[int] | None = None) -> Composed | None:
    """An act of harm with a person at risk (and, for a complete alarm, "now"), unless the message sets it apart.

    Only the lists of the message's language count ("slap" is English, "mes" Dutch, "me" both); each part
    must stand on words of its own (a word that names the act cannot also be the person or the "now");
    anything from not_now (the past, a worry about later, a question about a service) vetoes the acts of its
    sentence, or of the whole message when the sentences are not given.
    """
    found: list[tuple[str, tuple[int, ...]]] = []
    context = parts_at(hits, language)
    for h in hits:
        if not h.entry.label.startswith(HARM) or h.fuzzy or h.entry.language != language:  # a typo never alarms
            continue
        part = h.entry.label[len(HARM) :]
        if part not in context:
            found.append((part, h.positions))
    kept = set(untouched([positions for _, positions in found], context["not_now"], sentences))
    found = [(part, positions) for part, positions in found if positions in kept]
    if not found:
        return None
    act_words = {p for _, positions in found for p in positions}
    own = {part: any(set(p) - act_words for p in context[part]) for part in ("person", "now", FAREWELL)}
    kind = Counter(part for part, _ in found).most_common(1)[0][0]
    if not own["person"] and kind != SELF_HARM:  # wanting to die is about oneself, however the verb says "I"
        return None
    # "I bought the pills" with "my cat is with my sister now": a farewell sign makes the wish present
    return Composed(kind, own["now"] or (kind == SELF_HARM and own[FAREWELL]))


def act_kinds(hits: Iterable[Hit], language: str) -> Counter[str]:
    """How many words of each kind of harm act the message names (in its own language, typos left out)."""
    return Counter(
        h.entry.label[len(HARM) :]
        for h in hits
        if h.entry.label.startswith(HARM)
        and h.entry.label[len(HARM) :] not in CONTEXT_PARTS
        and not h.fuzzy
        and h.entry.language == language
    )


def parts_at(hits: Iterable[Hit], language: str) -> dict[str, list[tuple[int, ...]]]:
    """Where each context part of the composed alarms (person, now, not_now, exposure, farewell) stands."""
    parts: dict[str, list[tuple[int, ...]]] = {p: [] for p in CONTEXT_PARTS}
    for h in hits:
        part = h.entry.label[len(HARM) :]
        if h.entry.label.startswith(HARM) and part in parts and not h.fuzzy and h.entry.language == language:
            parts[part].append(h.positions)
    return parts


def untouched(
    places: list[tuple[int, ...]], not_now: list[tuple[int, ...]], sentences: Sequence[int] | None
) -> list[tuple[int, ...]]:
    """The places in a sentence without a past or question word (with no sentences given: any such word vetoes)."""
    if sentences is None:
        return [] if not_now else places
    vetoed = {sentences[p[0]] for p in not_now}
    return [p for p in places if sentences[p[0]] not in vetoed]


def exposure_kind(hits: Iterable[Hit], language: str, sentences: Sequence[int] | None = None) -> Composed | None:
    """A baby or child without a roof in the cold or at night: all three on words of their own, not set apart."""
    parts = parts_at(hits, language)
    exposed = untouched(parts["exposed"], parts["not_now"], sentences)
    if not exposed:
        return None
    taken = {w for p in exposed for w in p}
    if all(any(set(p) - taken for p in parts[part]) for part in ("child", "cold_night")):
        return Composed(CHILD_DANGER, complete=True, basis="child + no shelter + cold or night")
    return None


def farewell_kind(hits: Iterable[Hit], language: str, sentences: Sequence[int] | None = None) -> Composed | None:
    """Two warning signs of suicide on words of their own, not set apart: a goodbye said in deeds."""
    parts = parts_at(hits, language)
    signs = untouched(parts[FAREWELL], parts["not_now"], sentences)
    taken: set[int] = set()
    count = 0
    for positions in sorted(signs, key=len, reverse=True):
        if not taken & set(positions):
            taken.update(positions)
            count += 1
    return Composed(SELF_HARM, True, f"{count} farewell signs") if count >= FAREWELL_SIGNS_FOR_ALARM else None


@dataclass(frozen=True)
class RuleReading:
    """What the curated lists say: a crisis phrase, and a composed act (+ person (+ now))."""

    phrase: str | None
    composed: Composed | None
    set_apart: bool = False  # a crisis phrase the message itself places in the past or in a question
    # moving away ("we are moving back to Turkey"): thanks and a pet given away are a goodbye to the neighbours
    leaving: bool = False
    # violence by a stranger or in a public place, no partner or family named: safety (police) before Veilig Thuis
    public: bool = False

    @property
    def sure(self) -> str | None:
        """The kind of emergency the rules alone are sure of: a phrase, or act + person + now."""
        return self.phrase or (self.composed.kind if self.composed and self.composed.complete else None)

    @property
    def possible(self) -> str | None:
        """The kind of a possible emergency: an act and a person without "now", or a phrase set apart."""
        return self.composed.kind if self.composed and not self.composed.complete else None


def read_rules(hits: Sequence[Hit], language: str, sentences: Sequence[int] | None = None) -> RuleReading:
    """Crisis phrase and composed alarm; a phrase the message sets apart ("in the news: ...") is only possible."""
    phrase = crisis_kind(hits)
    parts = parts_at(hits, language)
    leaving, public = bool(parts["leaving"]), bool(parts["public"]) and not parts["household"]
    readings = (harm_kind, exposure_kind) if leaving else (harm_kind, exposure_kind, farewell_kind)
    found = [c for c in (read(hits, language, sentences) for read in readings) if c is not None]
    composed = next((c for c in found if c.complete), found[0] if found else None)
    if phrase and set_apart(hits, language, sentences):
        return RuleReading(None, Composed(phrase, complete=False), True, leaving, public)
    return RuleReading(phrase, composed, False, leaving, public)

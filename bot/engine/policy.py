"""Decide the action: emergency, escalate, clarify or answer, always with a reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.catalog.models import EXPOSURE_PARTS, HARM_PARTS
from bot.engine.lexicon import Hit
from bot.engine.values import Action, NeedScore

CRISIS = "crisis:"
HARM = "harm:"
SELF_HARM = "suicide"
CHILD_DANGER = "child_danger"
INTENT = "intent:"
NEED_MIN = 0.6  # a need below this score is too weak to answer on
STRONG_NEED = 1.0  # a need this strong counts towards "several problems at once"
MEANING_ONLY_MIN = 0.8  # a need found by the sentence model alone must be this clear
PROBLEM_AREAS_TO_ESCALATE = 3
PERSON_INTENTS = frozenset({"ask_person", "act_for_me"})
UNREAD_DANGER_AT = 0.5  # with no need read, an even chance of danger is an emergency
WANTS_PERSON = "wants a person"  # the reason when the sentence model, not an intent, reads the request
# Needs that are one problem area: three needs in one area are one story (a lonely widow
# looking for coffee with others), three areas at once ("rent, power cut off, no food") are not.
AREAS: dict[str, str] = {
    "food": "money",
    "debt": "money",
    "benefits": "money",
    "energy": "money",
    "self_employed": "money",
    "goods": "money",
    "housing": "home",
    "homeless": "home",
    "loneliness": "social",
    "meeting": "social",
    "elderly": "social",
    "volunteering": "social",
    "initiative": "social",
    "parenting": "family",
    "kids_activities": "family",
    "youth": "family",
    "divorce": "relationship",
    "domestic_violence": "relationship",
    "mental_health": "health",
    "health": "health",
    "addiction": "addiction",
    "home_care": "care",
    "caregiver": "care",
    "transport": "care",
    "work": "work",
    "language": "integration",
    "newcomers": "integration",
    "forms": "papers",
    "legal": "papers",
    "safety": "safety",
}


@dataclass(frozen=True)
class Decision:
    """The action with its reason and the crisis kind, if any."""

    action: Action
    reason: str
    crisis: str | None


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
    return len(_not_set_apart(phrases, _parts(hits, language)["not_now"], sentences)) < len(phrases)


@dataclass(frozen=True)
class Composed:
    """A composed alarm: the kind of harm, and whether "now" was said too (else it is only possible)."""

    kind: str
    complete: bool


def harm_kind(hits: Iterable[Hit], language: str, sentences: Sequence[int] | None = None) -> Composed | None:
    """An act of harm with a person at risk (and, for a complete alarm, "now"), unless the message sets it apart.

    Only the lists of the message's language count ("slap" is English, "mes" Dutch, "me" both); each part
    must stand on words of its own (a word that names the act cannot also be the person or the "now");
    anything from not_now (the past, a worry about later, a question about a service) vetoes the acts of its
    sentence, or of the whole message when the sentences are not given.
    """
    found: list[tuple[str, tuple[int, ...]]] = []
    context = _parts(hits, language)
    for h in hits:
        if not h.entry.label.startswith(HARM) or h.fuzzy or h.entry.language != language:  # a typo never alarms
            continue
        part = h.entry.label[len(HARM) :]
        if part not in context:
            found.append((part, h.positions))
    kept = set(_not_set_apart([positions for _, positions in found], context["not_now"], sentences))
    found = [(part, positions) for part, positions in found if positions in kept]
    if not found:
        return None
    act_words = {p for _, positions in found for p in positions}
    own = {part: any(set(positions) - act_words for positions in context[part]) for part in ("person", "now")}
    kind = Counter(part for part, _ in found).most_common(1)[0][0]
    if not own["person"] and kind != SELF_HARM:  # wanting to die is about oneself, however the verb says "I"
        return None
    return Composed(kind, own["now"])


def act_kinds(hits: Iterable[Hit], language: str) -> Counter[str]:
    """How many words of each kind of harm act the message names (in its own language, typos left out)."""
    context = (*HARM_PARTS, *EXPOSURE_PARTS)
    return Counter(
        h.entry.label[len(HARM) :]
        for h in hits
        if h.entry.label.startswith(HARM)
        and h.entry.label[len(HARM) :] not in context
        and not h.fuzzy
        and h.entry.language == language
    )


def _parts(hits: Iterable[Hit], language: str) -> dict[str, list[tuple[int, ...]]]:
    """Where each context part of the composed alarms (person, now, not_now, exposure) stands in the message."""
    parts: dict[str, list[tuple[int, ...]]] = {p: [] for p in (*HARM_PARTS, *EXPOSURE_PARTS)}
    for h in hits:
        part = h.entry.label[len(HARM) :]
        if h.entry.label.startswith(HARM) and part in parts and not h.fuzzy and h.entry.language == language:
            parts[part].append(h.positions)
    return parts


def _not_set_apart(
    places: list[tuple[int, ...]], not_now: list[tuple[int, ...]], sentences: Sequence[int] | None
) -> list[tuple[int, ...]]:
    """The places in a sentence without a past or question word (with no sentences given: any such word vetoes)."""
    if sentences is None:
        return [] if not_now else places
    vetoed = {sentences[p[0]] for p in not_now}
    return [p for p in places if sentences[p[0]] not in vetoed]


def exposure_kind(hits: Iterable[Hit], language: str, sentences: Sequence[int] | None = None) -> Composed | None:
    """A baby or child without a roof in the cold or at night: all three on words of their own, not set apart."""
    parts = _parts(hits, language)
    exposed = _not_set_apart(parts["exposed"], parts["not_now"], sentences)
    if not exposed:
        return None
    taken = {w for p in exposed for w in p}
    if all(any(set(p) - taken for p in parts[part]) for part in ("child", "cold_night")):
        return Composed(CHILD_DANGER, complete=True)
    return None


@dataclass(frozen=True)
class RuleReading:
    """What the curated lists say: a crisis phrase, and a composed act (+ person (+ now))."""

    phrase: str | None
    composed: Composed | None
    set_apart: bool = False  # a crisis phrase the message itself places in the past or in a question

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
    composed = harm_kind(hits, language, sentences) or exposure_kind(hits, language, sentences)
    if phrase and set_apart(hits, language, sentences):
        return RuleReading(None, Composed(phrase, complete=False), set_apart=True)
    return RuleReading(phrase, composed)


CRISIS_NEEDS = {
    "suicide": "mental_health",
    "violence": "domestic_violence",
    "child_danger": "domestic_violence",
    "medical": "health",
}


# A child in danger is not always a child hurt at home: a baby outside in the cold night or a sick child
# is that need first, and the Veilig Thuis need follows
CHILD_NEEDS = frozenset({"homeless", "health", "parenting"})
EMERGENCY_NEEDS = frozenset({"homeless", "health", "parenting", "domestic_violence", "mental_health", "safety"})


def with_crisis_need(kind: str, needs: Sequence[NeedScore], acts: Counter[str] | None = None) -> list[NeedScore]:
    """The need an emergency implies comes first (suicide → mental health, violence → domestic violence …).

    A child in danger through a medical act only (swallowed, fever, not breathing) needs care first.
    """
    slug = CRISIS_NEEDS[kind]
    if kind == CHILD_DANGER and acts and acts["medical"] and not acts["violence"] and not acts[CHILD_DANGER]:
        slug = CRISIS_NEEDS["medical"]
    if kind == CHILD_DANGER and needs and needs[0].slug in CHILD_NEEDS and needs[0].score >= NEED_MIN:
        return [needs[0], *with_crisis_need(kind, needs[1:], acts)]
    rest = [n for n in needs if n.slug != slug]
    top = max((n.score for n in needs), default=1.0)
    return [NeedScore(slug, round(top + 1.0, 3), (f"crisis:{kind}",)), *rest]


# Asking for a person "who speaks my language" or "a real human to talk to" names a barrier, not the topic: in a
# request for a person these follow the first other need, so the key figure's card shows what it is about
BARRIER_NEEDS = frozenset({"language", "loneliness"})


def topic_first(needs: Sequence[NeedScore]) -> list[NeedScore]:
    """For a request for a person: the first need that is not a barrier (language, loneliness) leads."""
    topic = next((n for n in needs if n.slug not in BARRIER_NEEDS and n.score >= NEED_MIN), None)
    if topic is None:
        return list(needs)
    return [topic, *(n for n in needs if n is not topic)]


def intents(hits: Iterable[Hit]) -> list[str]:
    """The intents found (ask_person, act_for_me, overwhelmed, greeting, ...)."""
    return sorted({h.entry.label[len(INTENT) :] for h in hits if h.entry.label.startswith(INTENT)})


def decide(
    crisis: str | None, found_intents: Sequence[str], needs: Sequence[NeedScore], *, wants_person: bool = False
) -> Decision:
    """Apply the rules of ../shared/eval/README.md in order of urgency.

    `wants_person`: the sentence model reads a request for a person, or for something only a person can
    do, in words the intent lists do not know.
    """
    if crisis:
        return Decision(Action.EMERGENCY, f"crisis:{crisis}", crisis)
    if "ask_person" in found_intents:
        return Decision(Action.ESCALATE, "asks for a person", None)
    if "act_for_me" in found_intents:
        return Decision(Action.ESCALATE, "asks for something only a person can do", None)
    if wants_person:
        return Decision(Action.ESCALATE, WANTS_PERSON, None)
    evidenced = [n for n in needs if _evidenced(n)]
    strong_areas = {AREAS.get(n.slug, n.slug) for n in evidenced if n.score >= STRONG_NEED}
    named_areas = {AREAS.get(n.slug, n.slug) for n in evidenced if n.score >= NEED_MIN}
    if "overwhelmed" in found_intents and (len(strong_areas) != 1 or len(named_areas) > 1):
        # "everything goes wrong" with several problems (or none named) needs a person; with one
        # clear problem it is despair about that problem, which the places for it answer
        return Decision(Action.ESCALATE, "everything is going wrong", None)
    if len(strong_areas) >= PROBLEM_AREAS_TO_ESCALATE:
        return Decision(Action.ESCALATE, f"several problems at once: {', '.join(sorted(strong_areas))}", None)
    small_talk = next((i for i in ("greeting", "about_bot", "help_generic") if i in found_intents), None)
    top = needs[0] if needs else None
    if top is None or top.score < NEED_MIN:
        return Decision(Action.CLARIFY, small_talk or "no need found", None)
    if not _evidenced(top) and (small_talk or top.score < MEANING_ONLY_MIN):
        # the sentence model alone is not enough to answer a greeting or a vague request for help
        return Decision(Action.CLARIFY, small_talk or "only a vague resemblance to a need", None)
    return Decision(Action.ANSWER, f"need:{needs[0].slug}", None)


def unread_danger(decision: Decision, danger: float, apart: bool) -> bool:
    """Whether the danger model's reading should decide: no need could be read, and danger is an even chance.

    Asking "what do you need?" of someone in danger is the worst reply; a message that names no need and
    that the model reads as more likely dangerous than not is treated as the emergency, unless the resident
    set the harm apart herself (the past, a question about a service).
    """
    return decision.action is Action.CLARIFY and danger >= UNREAD_DANGER_AT and not apart


def _evidenced(need: NeedScore) -> bool:
    """Whether a need rests on more than the sentence model: a curated phrase, a button, a crisis."""
    return any(not sig.startswith("meaning:") for sig in need.signals)

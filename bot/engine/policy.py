"""Decide the action: emergency, escalate, clarify or answer, always with a reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog.models import ON_BEHALF_PARTS
from bot.engine.alarms import CHILD_DANGER, parts_at, untouched
from bot.engine.lexicon import Hit
from bot.engine.values import Action, NeedScore

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


CRISIS_NEEDS = {
    "suicide": "mental_health",
    "violence": "domestic_violence",
    "child_danger": "domestic_violence",
    "medical": "health",
    "fire": "safety",  # fire, smoke or a gas leak: 112, then the neighbourhood's safety
}


# A child in danger is not always a child hurt at home: a baby outside in the cold night or a sick child
# is that need first, and the Veilig Thuis need follows
CHILD_NEEDS = frozenset({"homeless", "health", "parenting"})
EMERGENCY_NEEDS = frozenset({"homeless", "health", "parenting", "domestic_violence", "mental_health", "safety"})


def with_crisis_need(
    kind: str,
    needs: Sequence[NeedScore],
    acts: Counter[str] | None = None,
    read_as: str | None = None,
    *,
    public: bool = False,
) -> list[NeedScore]:
    """The need an emergency implies comes first (suicide → mental health, violence → domestic violence …).

    A child in danger through a medical act only (swallowed, fever, not breathing) needs care first; with no act
    named, the kind the danger model read (`read_as`) says whether it is medical. Violence in public, by a
    stranger (`public`), needs the neighbourhood's safety first.
    """
    slug = "safety" if kind == "violence" and public else CRISIS_NEEDS[kind]
    if acts:
        medical = bool(acts["medical"] and not acts["violence"] and not acts[CHILD_DANGER])
    else:
        medical = read_as == "medical"
    if kind == CHILD_DANGER and medical:
        slug = CRISIS_NEEDS["medical"]
    elif kind == CHILD_DANGER and needs and needs[0].slug in CHILD_NEEDS and needs[0].score >= NEED_MIN:
        return [needs[0], *with_crisis_need(kind, needs[1:], acts, read_as)]
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


def intents(hits: Sequence[Hit], language: str | None = None, sentences: Sequence[int] | None = None) -> list[str]:
    """The intents found (ask_person, act_for_me, overwhelmed, greeting, ...).

    With the message's language, a task and "for me" in one sentence compose act_for_me ("could someone
    finally talk to them for me").
    """
    found = {h.entry.label[len(INTENT) :] for h in hits if h.entry.label.startswith(INTENT)}
    if language is not None and on_behalf(hits, language, sentences):
        found.add("act_for_me")
    return sorted(found - set(ON_BEHALF_PARTS))


def on_behalf(hits: Sequence[Hit], language: str, sentences: Sequence[int] | None = None) -> bool:
    """Whether one sentence holds a task on her case and "for me", on words of their own, and no veto."""
    parts: dict[str, list[tuple[int, ...]]] = {p: [] for p in ON_BEHALF_PARTS}
    for h in hits:
        part = h.entry.label[len(INTENT) :]
        if h.entry.label.startswith(INTENT) and part in parts and not h.fuzzy and h.entry.language == language:
            parts[part].append(h.positions)
    where = parts_at(hits, language)["not_now"]  # "where can I find someone to fill it in for me": a service
    tasks = untouched(parts["task"], where, sentences)
    for mine in untouched(parts["for_me"], where, sentences):
        for task in tasks:
            apart = set(task).isdisjoint(mine)
            if apart and (sentences is None or sentences[task[0]] == sentences[mine[0]]):
                return True
    return False


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

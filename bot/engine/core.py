"""The answer engine: text in, an Answer out. Pure: knowledge, catalogues and the clock are handed in."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from pathlib import Path

from bot.catalog.loader import KnowledgeBase
from bot.catalog.models import Service
from bot.catalog.quality import reachable
from bot.engine import alarms, policy
from bot.engine import needs as need_rank
from bot.engine.heads import DANGER_HEAD, PERSON_HEAD, Head, Level, Reading
from bot.engine.language import detect
from bot.engine.lexicon import Entry, Hit, parse_entry
from bot.engine.listing import recommendation
from bot.engine.normalise import clean, normalise, sentence_ids, tokens
from bot.engine.places import Place, PlaceFinder
from bot.engine.ranking import Scored, ServiceIndex
from bot.engine.reply import ReplyWriter, crisis_contacts
from bot.engine.schedule import opening_state
from bot.engine.semantic import CachedEmbedder, Embedder, PrototypeIndex, VectorBook, Vectors
from bot.engine.translit import ScriptMatcher
from bot.engine.values import (
    Action,
    Answer,
    ClarifyStyle,
    NeedScore,
    Question,
    Recommendation,
    Understanding,
)
from bot.i18n import Catalogs
from bot.languages import ENGINE_LANGUAGES

log = logging.getLogger(__name__)
MAX_TEXT = 2000  # characters read from one message; the rest is ignored
FALLBACK_LANGUAGE = "nl"
SHORT_FOLLOW_UP = 4  # words: a message this short that names a place answers "tell me your neighbourhood"


class Engine:
    """Understands a resident's message and finds the best places near her."""

    def __init__(
        self,
        kb: KnowledgeBase,
        catalogs: Catalogs,
        embedder: Embedder | None = None,
        cache_dir: Path | None = None,
        danger: Head | None = None,
        person: Head | None = None,
    ) -> None:
        """Build the matchers and indexes; with an embedder, the bundled heads unless they are given."""
        self.kb = kb
        self.catalogs = catalogs
        entries = [e for e in self.entries(kb) if e is not None]
        self.matcher = ScriptMatcher(entries)
        self.specificity = need_rank.word_specificity(entries)
        self.places = PlaceFinder(kb.gazetteer)
        self.index = ServiceIndex(kb.services)
        self.writer = ReplyWriter(catalogs, kb.needs, {d.slug: d.name for d in kb.gazetteer.districts})
        self.icons = {_bare(n.icon): n.slug for n in kb.needs if n.icon}
        self.by_id = {s.id: s for s in kb.services}
        self.semantic: PrototypeIndex | None = None
        self.embedder: CachedEmbedder | None = None
        self.danger: Head | None = None
        self.person: Head | None = None
        if embedder is not None:
            self.embedder = CachedEmbedder(embedder)
            labels, texts = self.examples(kb)
            self.semantic = PrototypeIndex(VectorBook(self.embedder, cache_dir), labels, texts)
            self.danger = danger if danger is not None else Head.load(DANGER_HEAD, embedder.name)
            if self.danger is None:
                log.warning("no danger head for %s: only phrases raise alarms", self.embedder.name)
            self.person = person if person is not None else Head.load(PERSON_HEAD, embedder.name)

    @staticmethod
    def entries(kb: KnowledgeBase) -> list[Entry | None]:
        """Every curated phrase of every language as a matcher entry (None where a phrase is unusable)."""
        out: list[Entry | None] = []
        for lang, ph in kb.phrasings.items():
            groups = ((ph.needs, "need:"), (ph.intents, "intent:"), (ph.crisis, "crisis:"), (ph.harm, alarms.HARM))
            for group, prefix in groups:
                for label, phrases in group.items():
                    out += [parse_entry(prefix + label, lang, p) for p in phrases]
        return out

    @staticmethod
    def examples(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
        """Example sentences per need for the meaning model: natural phrasings, names, descriptions."""
        labels: list[str] = []
        texts: list[str] = []
        for ph in kb.phrasings.values():
            for slug, phrases in ph.needs.items():
                for p in phrases:
                    if "*" not in p and len(p.split()) >= 2:
                        labels.append("need:" + slug)
                        texts.append(p)
        for need in kb.needs:
            for lang, name in need.name.items():
                labels.append("need:" + need.slug)
                texts.append(f"{name}: {need.description.get(lang, '')}")
        return labels, texts

    def understand(self, q: Question) -> Understanding:
        """Language, crisis, needs, place and action for one message, with the signals behind them."""
        text = clean(q.text)[:MAX_TEXT]
        toks = tokens(normalise(text))
        hits = self.matcher.find(toks)
        hint = q.language_hint or q.known_language
        guess = detect(self.places.without_names(text), hint, self._votes(hits), ENGINE_LANGUAGES)
        language = guess.code
        lexical = need_rank.lexical_scores(hits, language, self.specificity)
        sentences = sentence_ids(text)
        by_sentence = sentences if len(sentences) == len(toks) else None
        found_intents = policy.intents(hits, language, by_sentence)
        vector = self._vector(text, toks)
        danger = self.danger.assess(vector) if self.danger is not None and vector is not None else None
        # "in the news: a man stabbed": the number, not an alarm
        rules = alarms.read_rules(hits, language, by_sentence)
        # the model may back an act and a person without "now", never a phrase the resident set apart herself
        backed = rules.possible if danger is not None and danger.backs_rules and not rules.set_apart else None
        acts = alarms.act_kinds(hits, language)
        # the model tells danger better than its kind: the acts named, if any, say which (113, not Veilig Thuis)
        read = (acts.most_common(1)[0][0] if acts else danger.label) if danger else None
        # "drank the cleaning liquid" as a child in danger, read by the model as medical: care comes first
        read_as = danger.label if danger is not None and danger.level is not Level.NONE else None
        crisis = rules.sure or (read if danger and danger.level is Level.SURE else None) or backed
        demoted = crisis if crisis and not rules.sure and policy.PERSON_INTENTS & set(found_intents) else None
        if demoted:  # "phone Ymere for me, the heating is broken": only the model reads danger and she asks for
            crisis = None  # a person, so she gets one, and the reply still leads with the number
        margins: dict[str, float] = {}
        if self.semantic is not None and vector is not None and not need_rank.decisive(lexical):
            margins = need_rank.semantic_margins(self.semantic.scores(vector))
        ranked = need_rank.rank_needs(lexical, margins)
        icon = self.icons.get(_bare(text))
        if icon is not None:
            ranked = [NeedScore(icon, 1.0, ("icon",))]
        if crisis:
            ranked = policy.with_crisis_need(crisis, ranked, acts, read_as, public=rules.public)
        person = self.person.assess(vector) if self.person is not None and vector is not None else None
        # a need named in the curated words is answered unless an intent asks for a person: the model reads
        # the topic as much as the request ("who can explain this letter?" is a question, not a request)
        wants_person = person is not None and person.level is Level.SURE and not need_rank.decisive(lexical)
        decision = policy.decide(crisis, found_intents, ranked, wants_person=wants_person)
        apart = rules.set_apart or rules.leaving  # "we move back to Turkey, thanks for all": no alarm from the model
        unread = policy.unread_danger(decision, danger.probability if danger else 0.0, apart)
        if danger is not None and unread:  # nothing else read in it: the danger is what she is telling us
            crisis = read or danger.label
            ranked = policy.with_crisis_need(crisis, ranked, acts, read_as, public=rules.public)
            decision = policy.decide(crisis, found_intents, ranked)
        if decision.action is Action.ESCALATE:
            ranked = policy.topic_first(ranked)
        place = self._place(q, text, language, follow_up=bool(q.previous_needs) and len(toks) <= SHORT_FOLLOW_UP)
        if q.previous_needs and place is not None and self._only_place(decision, lexical, found_intents):
            ranked = [NeedScore(slug, 0.0, ("follow-up",)) for slug in q.previous_needs]
            decision = policy.Decision(Action.ANSWER, "follow-up with a place", None)
        reply_language = self._reply_language(language, q)
        point = (place.lat, place.lon) if place else q.known_point
        alert = None if decision.crisis else demoted or self._alert(danger, rules)
        return Understanding(
            language=language,
            reply_language=reply_language,
            action=decision.action,
            reason=self._reason(decision, danger, rules, person),
            needs=tuple(ranked[:5]),
            crisis=decision.crisis,
            district=place.district if place else q.known_district,
            neighbourhood=place.neighbourhood if place else q.known_neighbourhood,
            point=point,
            place_signal=place.signal if place else None,
            intents=tuple(found_intents),
            signals=guess.signals,
            alert=alert,
            danger=round(danger.probability, 3) if danger else None,
        )

    def _vector(self, text: str, toks: list[str]) -> Vectors | None:
        """The message's sentence vector, computed once for every purpose (None: no model, or nothing to read)."""
        if self.embedder is None or not any(len(t) > 2 for t in toks):
            return None
        vector: Vectors = self.embedder.embed([text])[0]
        return vector

    @staticmethod
    def _only_place(decision: policy.Decision, lexical: dict[str, float], found_intents: list[str]) -> bool:
        """Whether a message adds nothing but a place: no crisis, no curated need or intent, no request."""
        if decision.action in (Action.EMERGENCY, Action.ESCALATE):
            return False
        return not lexical and not (set(found_intents) - {"greeting"})

    @staticmethod
    def _alert(danger: Reading | None, rules: alarms.RuleReading) -> str | None:
        """A possible emergency: the danger model is unsure, or an act and a person without "now"."""
        if danger is not None and danger.level is Level.POSSIBLE:
            return danger.label
        return rules.possible

    @staticmethod
    def _reason(
        decision: policy.Decision, danger: Reading | None, rules: alarms.RuleReading, person: Reading | None
    ) -> str:
        """The decision's reason, saying when a composed rule or a model rather than a phrase decided it."""
        if decision.reason == policy.WANTS_PERSON and person is not None:
            return f"{decision.reason} (person model {person.probability:.2f})"
        if not decision.crisis or rules.phrase is not None:
            return decision.reason
        if rules.composed is not None and rules.composed.complete:
            return f"{decision.reason} ({rules.composed.basis})"
        if danger is None:
            return decision.reason
        if danger.level is not Level.SURE:
            basis = "act + person" if rules.possible else "no need read"
            return f"{decision.reason} ({basis}, danger model {danger.probability:.2f})"
        return f"{decision.reason} (danger model {danger.probability:.2f})"

    @staticmethod
    def _votes(hits: list[Hit]) -> dict[str, float]:
        votes: dict[str, float] = defaultdict(float)
        for hit in hits:
            if not hit.entry.label.startswith(alarms.HARM):  # "me", "nu", "ik": too common to tell languages
                votes[hit.entry.language] += 0.5 * len(hit.entry.patterns)
        return dict(votes)

    def _place(self, q: Question, text: str, language: str, *, follow_up: bool) -> Place | None:
        if q.location:
            place = self.places.from_location(q.location)
            if place is not None:
                return place
        return self.places.find(text, explicit=follow_up, foreign=language not in ("nl", "en"))

    def _reply_language(self, language: str, q: Question) -> str:
        for candidate in (q.known_language, language, (q.language_hint or "").split("-")[0]):
            if candidate and self.catalogs.speaks(candidate):
                return candidate
        return FALLBACK_LANGUAGE

    def answer(self, q: Question) -> Answer:
        """Understand the message, pick up to three services and write the reply."""
        u = self.understand(q)
        recs: tuple[Recommendation, ...] = ()
        if u.action in (Action.ANSWER, Action.ESCALATE) and u.needs:
            recs = self.recommend(u, q.now, q.exclude_services)
        kind = u.crisis or u.alert
        lines = crisis_contacts(u.reply_language, kind, self.kb.crisis_lines) if kind else ()
        reply = self.writer.write(u, recs, lines)
        if u.alert:  # a possible emergency: the number and a person first, then the ordinary answer
            reply = self.writer.emergency(u.reply_language, u.alert, lines) + "\n\n" + reply
        style = None
        if u.action is Action.CLARIFY:
            style = ClarifyStyle.SHORT if self._says_nothing(q.text) else ClarifyStyle.TOPICS
        topics = tuple(n.slug for n in self.kb.needs) if style is ClarifyStyle.TOPICS else ()
        return Answer(u, recs, reply, lines, topics, style)

    @staticmethod
    def _says_nothing(text: str) -> bool:
        """An empty message, or only emoji and punctuation: a short question back is enough."""
        return not any(ch.isalnum() for ch in clean(text))

    def place_named(self, text: str) -> Place | None:
        """A place from a name, deep link or postcode ('stripheldenbuurt', 'almere-haven')."""
        return self.places.from_location(text.replace("-", " ").replace("_", " "))

    def place_at(self, lat: float, lon: float) -> Place:
        """The neighbourhood nearest to a shared location."""
        return self.places.nearest(lat, lon)

    def district_point(self, slug: str) -> tuple[float, float] | None:
        """A district's centre (for distances when only the district is known)."""
        return self.places.district_point(slug)

    def service(self, service_id: str) -> Service | None:
        """A listing by id."""
        return self.by_id.get(service_id)

    def map_point(self, service_id: str) -> tuple[float, float] | None:
        """A listing's real coordinates (a sourced street address), else None: no pin on a guess."""
        return self.index.points.get(service_id)

    def card(self, service_id: str, lang: str, now: dt.datetime) -> str | None:
        """One listing written as a resident sees it (for curators checking it)."""
        service = self.by_id.get(service_id)
        if service is None:
            return None
        scored = Scored(service, 0.0, None, opening_state(service.schedule, now), (), reachable(service))
        return self.writer.service_card(lang, 1, recommendation(scored, lang, now.date()))

    def answer_topic(self, u: Understanding, now: dt.datetime, exclude: tuple[str, ...] = ()) -> Answer:
        """The answer for a chosen topic (a button), written like any other answer."""
        services = self.recommend(u, now, exclude)
        return Answer(u, services, self.writer.write(u, services, ()))

    def recommend(
        self, u: Understanding, now: dt.datetime, exclude: tuple[str, ...] = ()
    ) -> tuple[Recommendation, ...]:
        """The best services for an understanding."""
        lang = u.reply_language
        scored = self.index.rank(
            u.need_slugs, now, point=u.point, district=u.district, language=u.language, exclude=exclude
        )
        return tuple(recommendation(s, lang, now.date()) for s in scored)


def _bare(text: str) -> str:
    """Text without surrounding space and emoji variation selectors (so 🍞 and 🍞︎ are one icon)."""
    return text.replace("\ufe0f", "").replace("\ufe0e", "").strip()

"""The answer engine: text in, an Answer out. Pure: knowledge, catalogues and the clock are handed in."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from bot.catalog.loader import KnowledgeBase
from bot.engine import needs as need_rank
from bot.engine import policy
from bot.engine.language import detect
from bot.engine.lexicon import Entry, Hit, PhraseMatcher, parse_entry
from bot.engine.listing import recommendation
from bot.engine.normalise import clean, normalise, tokens
from bot.engine.places import Place, PlaceFinder
from bot.engine.ranking import ServiceIndex
from bot.engine.reply import ReplyWriter, crisis_contacts
from bot.engine.semantic import Embedder, PrototypeIndex
from bot.engine.values import Action, Answer, NeedScore, Question, Recommendation, Understanding
from bot.i18n import Catalogs

MAX_TEXT = 2000  # characters read from one message; the rest is ignored
ENGINE_LANGUAGES = frozenset(
    {"nl", "en", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr", "pap", "pt", "srn"}
)
FALLBACK_LANGUAGE = "nl"


class Engine:
    """Understands a resident's message and finds the best places near her."""

    def __init__(
        self,
        kb: KnowledgeBase,
        catalogs: Catalogs,
        embedder: Embedder | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.kb = kb
        self.catalogs = catalogs
        entries = [e for e in self._entries(kb) if e is not None]
        self.matcher = PhraseMatcher(entries)
        self.specificity = need_rank.word_specificity(entries)
        self.places = PlaceFinder(kb.gazetteer)
        self.index = ServiceIndex(kb.services)
        self.writer = ReplyWriter(catalogs, kb.needs, {d.slug: d.name for d in kb.gazetteer.districts})
        self.semantic: PrototypeIndex | None = None
        if embedder is not None:
            labels, texts = self._examples(kb)
            self.semantic = PrototypeIndex(embedder, labels, texts, cache_dir)

    @staticmethod
    def _entries(kb: KnowledgeBase) -> list[Entry | None]:
        out: list[Entry | None] = []
        for lang, ph in kb.phrasings.items():
            for group, prefix in ((ph.needs, "need:"), (ph.intents, "intent:"), (ph.crisis, "crisis:")):
                for label, phrases in group.items():
                    out += [parse_entry(prefix + label, lang, p) for p in phrases]
        return out

    @staticmethod
    def _examples(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
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
        guess = detect(text, q.language_hint or q.known_language, self._votes(hits), ENGINE_LANGUAGES)
        language = guess.code
        lexical = need_rank.lexical_scores(hits, language, self.specificity)
        crisis = policy.crisis_kind(hits)
        margins: dict[str, float] = {}
        if (
            self.semantic is not None
            and not crisis
            and not need_rank.decisive(lexical)
            and len(toks) >= 2
            and any(len(t) > 2 for t in toks)
        ):
            vector = self.semantic.embedder.embed([text])[0]
            margins = need_rank.semantic_margins(self.semantic.scores(vector, top=1))
        ranked = need_rank.rank_needs(lexical, margins)
        found_intents = policy.intents(hits)
        if crisis:
            ranked = policy.with_crisis_need(crisis, ranked)
        decision = policy.decide(crisis, found_intents, ranked)
        place = self._place(q, text, language)
        if decision.action is Action.CLARIFY and q.previous_needs and place is not None:
            ranked = [NeedScore(slug, 0.0, ("follow-up",)) for slug in q.previous_needs]
            decision = policy.Decision(Action.ANSWER, "follow-up with a place", None)
        reply_language = self._reply_language(language, q)
        point = (place.lat, place.lon) if place else q.known_point
        return Understanding(
            language=language,
            reply_language=reply_language,
            action=decision.action,
            reason=decision.reason,
            needs=tuple(ranked[:5]),
            crisis=decision.crisis,
            district=place.district if place else q.known_district,
            neighbourhood=place.neighbourhood if place else q.known_neighbourhood,
            point=point,
            place_signal=place.signal if place else None,
            intents=tuple(found_intents),
            signals=guess.signals,
        )

    @staticmethod
    def _votes(hits: list[Hit]) -> dict[str, float]:
        votes: dict[str, float] = defaultdict(float)
        for hit in hits:
            votes[hit.entry.language] += 0.5 * len(hit.entry.patterns)
        return dict(votes)

    def _place(self, q: Question, text: str, language: str) -> Place | None:
        if q.location:
            place = self.places.from_location(q.location)
            if place is not None:
                return place
        return self.places.find(text, foreign=language not in ("nl", "en"))

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
        lines = crisis_contacts(u.reply_language, u.crisis, self.kb.crisis_lines) if u.crisis else ()
        topics = tuple(n.slug for n in self.kb.needs) if u.action is Action.CLARIFY else ()
        return Answer(u, recs, self.writer.write(u, recs, lines), lines, topics)

    def recommend(
        self, u: Understanding, now: dt.datetime, exclude: tuple[str, ...] = ()
    ) -> tuple[Recommendation, ...]:
        """The best services for an understanding."""
        lang = u.reply_language
        scored = self.index.rank(
            u.need_slugs, now, point=u.point, district=u.district, language=u.language, exclude=exclude
        )
        return tuple(recommendation(s, lang, now.date()) for s in scored)

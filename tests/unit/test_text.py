"""Normalisation, language detection and phrase matching: no I/O, no model."""

from __future__ import annotations

import pytest

from bot.engine.language import detect
from bot.engine.lexicon import PhraseMatcher, parse_entry
from bot.engine.normalise import clean, normalise, sentence_ids, words
from bot.languages import ENGINE_LANGUAGES


def test_normalise_unifies_accents_arabic_forms_and_digits() -> None:
    assert normalise("Gemeenteden bişey ANLAMADIM") == "gemeenteden bisey anlamadim"
    assert normalise("أنا إلى آخر") == normalise("انا الي اخر")
    assert normalise("۱۷ سال") == "17 سال"
    assert normalise("Oğlum bebeğimle") == "oglum bebegimle"  # Turkish ğ loses its breve
    assert normalise("Йод, мій") == "йод, мій"  # Cyrillic й keeps it: a letter of its own
    assert words("Ik   woon in De\u202eWierden!") == ["ik", "woon", "in", "dewierden"]


def test_clean_drops_bidi_and_zero_width_controls() -> None:
    assert clean("\u202ehallo\u200b\u2066") == "hallo"


def test_each_word_knows_its_sentence_in_every_script() -> None:
    text = "Rik tut? Ya vyrishyla… Дякую. ሰላም። ከመይ\nلا؟ نعم"
    assert len(sentence_ids(text)) == len(words(text))
    assert sentence_ids(text) == [0, 0, 1, 1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ሰላም፡ ኣብ ኣልመረ ሓድሽ እየ።", "ti"),
        ("سلام، پیسه برای خریدن نان نداریم", "fa"),
        ("السلام عليكم، أين يمكنني تعلم اللغة", "ar"),
        ("доброго дня, ми з україни, де можна вчити мову", "uk"),
        ("здравствуйте, ищу бесплатные курсы в городе", "ru"),
        ("ik heb geen geld voor eten deze week", "nl"),
        ("i have no money for food this week", "en"),
        ("mi no tin plaka pa kumpra kuminda e siman aki", "pap"),
        ("ma3ndich flous bach nchri lmakla", "ar"),
        ("nie mam pieniędzy na jedzenie do wypłaty", "pl"),
        ("lacag aan cunto ku iibsado ma haysto walaal", "so"),
    ],
)
def test_detect_languages_from_short_texts(text: str, code: str) -> None:
    assert detect(text).code == code


def test_hint_decides_when_text_is_too_short() -> None:
    assert detect("ok", hint="tr").code == "tr"
    assert detect("ok", hint="pt-BR").code == "pt"


def test_long_text_overrules_the_hint() -> None:
    guess = detect("my landlord wants me out by the end of the month, is that allowed", hint="nl")
    assert guess.code == "en"


def test_a_language_we_read_with_its_phrases_found_beats_a_foreign_guess() -> None:
    tigrinya = "nqolEu nxa kdawnti abey yirkeb ezi"  # Tigrinya in Latin letters
    assert detect(tigrinya, None, {}, ENGINE_LANGUAGES).code == "xh"  # CLD2 alone: Xhosa
    assert detect(tigrinya, None, {"ti": 0.5}, ENGINE_LANGUAGES).code == "ti"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pomogite pozhaluysta, muzh ne dyshit, chto delat", "ru"),
        ("dopomozhit bud laska, dytyna ne dykhaie, shcho robyty", "uk"),
        ("lotfan komak konid, pesaram nafas nemikeshe, chikar konam", "fa"),
        ("babam yehoo oftad, dahanesh kaj shode nemitoone harf bezane", "fa"),  # CLD2: Esperanto
    ],
)
def test_russian_ukrainian_and_persian_in_latin_letters_by_their_own_words(text: str, code: str) -> None:
    # CLD2 reads these as English, Albanian or Esperanto at a low score; the words only they use decide
    assert detect(text, None, {}, ENGINE_LANGUAGES).code == code


def test_phrases_match_stems_typos_and_word_order() -> None:
    entries = [
        e
        for e in (
            parse_entry("need:debt", "nl", "schuld*"),
            parse_entry("need:food", "nl", "koelkast leeg"),
            parse_entry("need:youth", "nl", "jongerencentrum"),
        )
        if e
    ]
    matcher = PhraseMatcher(entries)
    labels = {h.entry.label for h in matcher.find(words("mijn schulden groeien"))}
    assert labels == {"need:debt"}
    labels = {h.entry.label for h in matcher.find(words("de koelkast is echt helemaal leeg"))}
    assert labels == {"need:food"}
    assert not matcher.find(words("leeg is de koelkast"))  # order matters
    typo = matcher.find(words("waar is een jongerencentrm"))
    assert [h.entry.label for h in typo] == ["need:youth"] and typo[0].fuzzy


def test_a_geez_stem_takes_any_vowel_on_its_last_letter() -> None:
    entries = [
        e
        for e in (
            parse_entry("need:forms", "ti", "ደብዳቤ*"),  # letter
            parse_entry("need:elderly", "ti", "ኣረጊት*"),  # old woman
            parse_entry("need:debt", "nl", "schuld*"),
        )
        if e
    ]
    matcher = PhraseMatcher(entries)
    labels = {h.entry.label for h in matcher.find(words("ደብዳበይ ኣንብቡለይ"))}  # "read my letter to me"
    assert labels == {"need:forms"}
    assert {h.entry.label for h in matcher.find(words("ኣደይ ኣረጊታ"))} == {"need:elderly"}
    assert not matcher.find(words("ደብዳ ኣረጋግጹለይ"))  # a shorter word, or another vowel before the last letter
    assert not matcher.find(words("schold"))  # Latin stems stay exact prefixes


def test_entry_without_words_is_dropped() -> None:
    assert parse_entry("need:food", "nl", "  ** ") is None

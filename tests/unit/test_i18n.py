"""The interface's languages: complete catalogs, no unused entries, kept placeholders, formats."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from corridor import i18n
from corridor.paths import ROOT
from tests.scripts_import import script

catalogs = script("catalogs")

LANGS = ("zh", "ru", "mn")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


@pytest.fixture(scope="module")
def used() -> set[str]:
    """Every message the code marks (singular forms for plurals)."""
    ids = {m.id[0] if m.pluralizable else m.id for m in catalogs.extract() if m.id}
    assert len(ids) > 100  # the extraction itself works
    return ids


def _catalog(lang):
    with catalogs.po_path(catalogs.LOCALES, lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def untranslated(cat, used: set[str]) -> list[str]:
    """The messages of ``used`` that ``cat`` lacks or leaves empty (any plural form)."""
    translated = {}
    for m in cat:
        if not m.id:
            continue
        forms = m.string if m.pluralizable else (m.string,)
        key = m.id[0] if m.pluralizable else m.id
        translated[key] = all(f and f.strip() for f in forms)
    return sorted(k for k in used if not translated.get(k))


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_in_the_code_has_a_translation(lang, used):
    missing = untranslated(_catalog(lang), used)
    assert missing == [], f"{len(missing)} untranslated in {lang}: {missing[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_catalog_entry_is_unused(lang, used):
    entries = {m.id[0] if m.pluralizable else m.id for m in _catalog(lang) if m.id}
    assert sorted(entries - used) == []


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang):
    for m in _catalog(lang):
        if not m.id:
            continue
        ids = m.id if m.pluralizable else (m.id,)
        forms = m.string if m.pluralizable else (m.string,)
        wanted = sorted(set(PLACEHOLDER.findall(ids[-1])))
        for form in (f for f in forms if f):  # an empty one is the completeness test's
            assert sorted(set(PLACEHOLDER.findall(form))) == wanted, (lang, ids[0], form)


def test_the_completeness_check_finds_an_emptied_or_absent_entry(used):
    cat = _catalog("ru")
    victim = next(m for m in cat if m.id and not m.pluralizable and m.id in used)
    victim.string = ""
    assert victim.id in untranslated(cat, used)
    assert "a message no catalog has" in untranslated(cat, used | {"a message no catalog has"})


@pytest.mark.parametrize("lang", LANGS)
def test_glossary_terms_are_used_consistently(lang):
    """A message naming a glossary term in English names the glossary's term in translation
    (Chinese exactly; Russian and Mongolian by the stem of the term's first word)."""
    with (ROOT / "locales" / lang / "glossary.csv").open(encoding="utf-8") as fh:
        glossary = list(csv.DictReader(fh))
    assert len(glossary) >= 15
    checked = 0
    for row in glossary:
        english = row["term_en"].lower()
        term = row["term"].lower()
        stem = term if lang == "zh" else term.split()[0][: max(4, len(term.split()[0]) - 2)]
        pattern = re.compile(rf"\b{re.escape(english)}s?\b")
        for m in _catalog(lang):
            english_text = PLACEHOLDER.sub("", m.id.lower()) if m.id and not m.pluralizable else ""
            if not m.string or not pattern.search(english_text):
                continue
            checked += 1
            assert stem in m.string.lower(), (lang, row["term_en"], m.id, m.string)
    assert checked > 0


def test_the_language_of_a_run_translates_and_formats():
    try:
        i18n.use("ru")
        assert i18n._("Ports") != "Ports"
        assert i18n.fmt_number(1234567.5) == "1\xa0234\xa0567,5"
        i18n.use("zh")
        assert i18n._("Ports") != "Ports"
        i18n.use("xx")  # junk: English
        assert i18n.current() == "en" and i18n._("Ports") == "Ports"
    finally:
        i18n.use("en")
    assert i18n.fmt_number(1234567.5) == "1,234,567.5"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("zh-CN", "zh"),
        ("mn", "mn"),
        ("de-DE,fr", None),
        ("", None),
    ],
)
def test_the_browser_language_is_one_of_ours_or_none(header, expected):
    assert i18n.from_accept_language(header) == expected


def test_words_are_translated_when_read():
    from corridor.vocabulary import PARTNER_NAMES

    try:
        i18n.use("ru")
        assert PARTNER_NAMES["RUS"] == i18n._("Russia") != "Russia"
        assert {**PARTNER_NAMES}["MNG"] == i18n._("Mongolia")
    finally:
        i18n.use("en")
    assert PARTNER_NAMES["RUS"] == "Russia"


def test_dates_read_the_same_in_every_language():
    from corridor.about import long_date

    day = dt.date(2026, 12, 6)
    try:
        for lang in ("en", *LANGS):
            i18n.use(lang)
            assert "2026" in long_date(day)
    finally:
        i18n.use("en")
    assert long_date(day) == "6 December 2026"


def test_no_message_is_marked_inside_an_f_string():
    """Babel does not read inside f-strings: a message marked there is never translated."""
    inside = re.compile(r"""\bf(["'])[^"']*\{[^}"']*\b_\(["']""")
    files = [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "corridor").glob("*.py")]
    found = [
        f"{p.name}:{n}"
        for p in files
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if inside.search(line)
    ]
    assert found == []
    assert inside.search("""x = f"{name}: {_('All')}" """)  # the pattern finds one
    assert inside.search("""x = f"<b>{e(_('Ports'))}</b>" """)
    assert not inside.search("""x = f"**{md_escape(_(head))}**" """)  # a variable: marked N_


def test_ports_of_one_town_keep_apart_in_a_language_that_names_the_town():
    from corridor.places import port_name

    rail = {"port_id": "erenhot_rail", "name_en": "Erenhot railway port", "name_ru": "Эрэн-Хото"}
    road = {**rail, "port_id": "erenhot_road", "name_en": "Erenhot road port"}
    whole = {"port_id": "ceke", "name_en": "Ceke", "name_ru": "Сэхэ", "name_mn": ""}
    try:
        i18n.use("ru")
        assert port_name(rail) != port_name(road)
        assert port_name(rail).startswith("Эрэн-Хото (") and port_name(whole) == "Сэхэ"
        i18n.use("mn")
        assert port_name(whole) == "Ceke"  # no Mongolian name: English, never blank
        i18n.use("en")
        assert port_name(rail) == "Erenhot railway port"
    finally:
        i18n.use("en")

"""The reader's language: gettext catalogs compiled by Babel, and numbers formatted per locale.

Four interface languages: English (the source language of every message), Simplified Chinese,
Russian and Mongolian in Cyrillic script. Messages are marked in the code with :func:`_`
(translated where they are used) or :func:`N_` (a constant translated later, where it is
shown); ``locales/<lang>/LC_MESSAGES/dashboard.po`` holds the translations and Babel compiles
them to ``.mo`` (``python scripts/build.py`` or ``pybabel compile``). The language of a script
run is set once at its top (:func:`use`) and read by every builder through a context
variable, so pure builders need no extra argument; the cache keys of anything that holds
words include :func:`current`.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from functools import cache

from babel import Locale
from babel.lists import format_list as _format_list
from babel.numbers import format_decimal

from corridor.paths import ROOT

LOCALES_DIR = ROOT / "locales"
DOMAIN = "dashboard"
DEFAULT = "en"
# The language switch's own labels are each language's name for itself.
LANGUAGES = {"en": "English", "zh": "中文", "ru": "Русский", "mn": "Монгол"}
# The switch's label is in all four languages at once: a reader who cannot read the current
# one still finds it.
LANGUAGE_SWITCH_LABEL = "Language · 语言 · Язык · Хэл"
BABEL_LOCALES = {"en": "en_GB", "zh": "zh_Hans_CN", "ru": "ru", "mn": "mn"}

_current: ContextVar[str] = ContextVar("corridor_language", default=DEFAULT)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English and a missing catalog: the messages as written)."""
    if lang == DEFAULT or lang not in LANGUAGES:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALES_DIR, languages=[lang], fallback=True)


def use(lang: str) -> None:
    """Make ``lang`` the language of the current script run (unknown codes: English)."""
    _current.set(lang if lang in LANGUAGES else DEFAULT)


def current() -> str:
    """The language code of the current script run."""
    return _current.get()


def _(message: str) -> str:
    """``message`` in the current language (as written where no translation exists)."""
    if not message:
        return message
    return translations(current()).gettext(message)


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for translation where it is defined; :func:`_` translates it where it
    is shown (constants, table headings, vocabulary entries)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, by the language's plural rules."""
    return translations(current()).ngettext(singular, plural, n)


class Words(Mapping):
    """A vocabulary table (code -> reader words) whose words are translated when read.

    Each value is marked with :func:`N_` where the table is written; reading it (``[]``,
    ``get``, ``items``, ``values``, ``{**words}``) gives it in the current language, so code
    that names a code through the table needs no change to speak the reader's language.
    """

    def __init__(self, entries: dict[str, str]):
        self._entries = dict(entries)

    def __getitem__(self, key: str) -> str:
        return _(self._entries[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Words({self._entries!r})"


def locale() -> Locale:
    """Babel's locale of the current language."""
    return Locale.parse(BABEL_LOCALES[current()])


def plotly_separators() -> str:
    """Plotly's ``separators`` for the current language: its decimal mark, then its group
    separator (".," in English, ", " in Russian, where "2,000" on an axis reads as two)."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_decimal_symbol(locale()) + get_group_symbol(locale())


def fmt_number(value: float, decimals: int | None = None) -> str:
    """``value`` with the current language's separators ("1,234.5", "1 234,5"); ``decimals``
    fixes the digits after the point (to keep a published precision), else as given."""
    fmt = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=fmt, locale=locale())


def comma() -> str:
    """The comma between two parts of a sentence, as the language writes it ("，" in Chinese,
    whose sentences an English ", " interrupts)."""
    return "，" if current() == "zh" else ", "


def full_stop() -> str:
    """The full stop that ends a sentence, as the language writes it ("。" in Chinese)."""
    return "。" if current() == "zh" else "."


def semicolon() -> str:
    """The semicolon between two clauses, as the language writes it ("；" in Chinese)."""
    return "；" if current() == "zh" else "; "


def format_list(items, style: str = "standard") -> str:
    """Words joined as the current language joins a list ("Rail, Road and River", "铁路、公路和
    水运", "Rail, Road or River" with ``style="or"``): never an English comma or "and" in
    another language (Unicode CLDR's list patterns, from Babel)."""
    words = [str(i) for i in items if i is not None and str(i)]
    return _format_list(words, style=style, locale=locale()) if words else ""


def country_name(iso2: str) -> str:
    """A country's name in the current language, from the Unicode CLDR data Babel ships."""
    return locale().territories.get(iso2, iso2)


def from_accept_language(header: str | None) -> str | None:
    """The first of our languages a browser's locale list asks for ("ru-RU,ru;q=0.9,en"), or
    None when it asks for none of them."""
    for part in (header or "").split(","):
        code = re.split(r"[-_;]", part.strip().lower(), maxsplit=1)[0]
        if code in LANGUAGES:
            return code
    return None


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
# "Jan-22 Dec" (January 1 to December 22), "Jan-Jun": how the data records a part of a year
_SPAN = re.compile(r"^(" + "|".join(_MONTHS) + r")-(?:(\d{1,2}) )?(" + "|".join(_MONTHS) + r")$")


def period_words(text: str) -> str:
    """A part of a year as the data records it ("Jan-22 Dec", "Jan-Jun", "2014-05-02 to
    2014-10-12", "Q1") in the reader's language. A span of months, or from January to a day,
    is written out with the language's own month and day ("Jan 1 – Dec 22", "1月1日–12月22日":
    "Jan-22 Dec" alone read as a range of days); "to" becomes a dash; other text stays."""
    from datetime import date

    from babel.dates import format_skeleton

    text = str(text)
    span = _SPAN.match(text)
    if span:
        first, day, last = span.groups()
        m1, m2 = _MONTHS.index(first) + 1, _MONTHS.index(last) + 1
        if day:
            ends = [date(2000, m1, 1), date(2000, m2, int(day))]
            parts = [format_skeleton("MMMd", d, locale=locale()) for d in ends]
        else:
            ends = [date(2000, m1, 1), date(2000, m2, 1)]
            parts = [format_skeleton("MMM", d, locale=locale()) for d in ends]
        return " – ".join(parts)
    if current() != DEFAULT:
        from babel.dates import get_month_names

        names = get_month_names("abbreviated", locale=locale())
        text = _MONTH.sub(lambda m: names[_MONTHS.index(m.group(1)) + 1], text)
    return text.replace(" to ", " – ")

"""Every page in Chinese, Russian and Mongolian: no English interface word left on screen.

One browser page walks every page of the app (app.py's navigation) in each language and reads
the visible text of the main area and the sidebar. What may stay in Latin letters is decided
by the data, not by a list typed here: names of ports, towns and stations (the places' own
names), the sources' publishers and titles, and every Latin word a translator kept
in that language's catalog (Natural Earth, GeoNames, CSV…). Text quoted from English sources is
marked ``lang="en"`` on screen (``corridor.ui.render_quoted``) and left out here.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from babel.messages.pofile import read_po

from corridor.catalog import load_catalog
from corridor.data import load_datapackage
from corridor.geo import load_geodata_meta
from corridor.i18n import LANGUAGE_SWITCH_LABEL, LANGUAGES
from corridor.paths import ROOT

pytestmark = pytest.mark.e2e

# Every page of app.py's navigation, with a selection where a page shows more with one (the
# Map and Ports pages' port card, the Rail channels page's crossings).
PAGES = [
    "/?port=erenhot_rail",
    "/ports?port=manzhouli_rail",
    "/channels?channel=ch3",
    "/borders",
    "/flows",
    "/cooperation",
    "/sources",
    "/about",
]
LANGS = ("zh", "ru", "mn")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")

# The visible text under a root, one text node at a time (so that text wrapped over lines in a
# chart reads as one phrase), leaving out what is not reader text: data quoted in English
# (lang="en"), icon ligatures ("expand_more"), the map's credits and the chart toolbar.
VISIBLE_TEXT_JS = """(selector) => {
  const skip = '[lang="en"]:not(html), [data-testid*="Icon"], '
    + '.leaflet-control-attribution, .modebar-container, script, style';
  const out = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip)) continue;
      if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
      if (n.textContent.trim()) out.push(n.textContent);
    }
  }
  return out.join(' ');
}"""


PLACE_COLUMNS = {
    "ports": ("name_en", "counterpart_name_en", "counterpart_name_local"),
    "stations": ("name_en",),
    "towns": ("name_en",),
}


SERVED_FONT_JS = """() => document.fonts.ready.then(() => [...document.fonts].some(f =>
    f.family.replace(/["']/g, '') === 'noto-sans-sc' && f.status === 'loaded'))"""


CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(c => c.querySelector('.main-svg'))"""


def _text(value) -> str:
    return "" if value is None or value != value else str(value)


def data_phrases() -> list[str]:
    """Whole phrases the data shows as they are: names of places and the sources' publishers
    and titles (longest first, so that a title is taken before a name inside it)."""
    cat = load_catalog()
    phrases: set[str] = set()
    for layer, cols in PLACE_COLUMNS.items():
        if layer in cat.layers:
            for col in cols:
                phrases |= {_text(v) for v in cat.layers[layer][col]}
    # places whose flows are published under their own name (Horgos, Erenhot)
    phrases |= {g for g in cat.tables["flows"]["geography"] if re.fullmatch(r"[A-Z][a-z]+", g)}
    sources = cat.tables["sources"]
    for col in ("publisher", "original_publisher", "title"):
        phrases |= {_text(v) for v in sources[col]}
    # a title not captured is shown as the page's quoted words in a translated frame
    quoted = (re.fullmatch(r"\[page quoting: (.*)\]", _text(t), re.S) for t in sources["title"])
    phrases |= {m.group(1) for m in quoted if m}
    # the data's licence and the files' names, as the data package and layer metadata give them
    package = load_datapackage()
    for lic in package.get("licenses", []):
        # a chart's credit line writes the name with spaces (CC-BY-4.0 -> CC BY 4.0)
        name = _text(lic.get("name"))
        phrases |= {_text(lic.get("title")), name, name.replace("-", " ")}
    # the sites a copy was read at, named by their host (About this data)
    phrases |= {urlparse(_text(u)).netloc for u in sources["url"]}
    phrases |= {res["path"] for res in package["resources"]}
    phrases |= {layer["path"] for layer in load_geodata_meta()["layers"].values()}
    phrases = {re.sub(r"\s+", " ", p).strip() for p in phrases}
    # Markdown on screen turns "--" into a dash
    phrases |= {p.replace("--", "—") for p in phrases if "--" in p}
    return sorted((p for p in phrases if p), key=len, reverse=True)


def allowed_words(lang: str) -> set[str]:
    """Latin words that may stand alone in ``lang``'s interface: the capitalised words of place
    and publisher names (a map label shortens "Erenhot (Erlian) railway port" to "Erenhot"),
    the language switch's own label, and every word the translators kept in the
    language's catalog."""
    cat = load_catalog()
    names = []
    for layer, cols in PLACE_COLUMNS.items():
        for col in cols:
            names += [_text(v) for v in cat.layers[layer][col]]
    sources = cat.tables["sources"]
    names += [_text(v) for col in ("publisher", "original_publisher") for v in sources[col]]
    words = {w for name in names for w in WORD.findall(name) if w[0].isupper()}
    # unit symbols (km, mm), as the data package names its units
    symbols = [u for u in load_datapackage()["units"] if len(u) <= 2]
    kept = [*LANGUAGES.values(), LANGUAGE_SWITCH_LABEL, *symbols]
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "dashboard.po").open("rb") as fh:
        for m in read_po(fh, locale=lang):
            if m.id:  # (not the header)
                kept += [f for f in (m.string if m.pluralizable else (m.string,)) if f]
    return words | {w for text in kept for w in WORD.findall(PLACEHOLDER.sub(" ", text))}


def cut_shortened(text: str, phrases: list[str]) -> str:
    """``text`` without the data phrases it shows shortened ("Inner Mongolia Minzu University
    (Liu Si…"): the longest run before each "…" that opens a phrase."""
    out, start = [], 0
    for m in re.finditer("…", text):
        i = m.start()
        for begin in range(max(start, i - 160), i - 3):
            run = text[begin:i]
            if any(p.startswith(run) for p in phrases):
                out.append(text[start:begin])
                start = i + 1
                break
    return "".join(out) + text[start:]


def english_left(text: str, phrases: list[str], allowed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are neither in a data phrase nor allowed (links are
    addresses, not words)."""
    text = re.sub(r"https?://\S+", " ", re.sub(r"\s+", " ", text))
    for phrase in phrases:
        if len(phrase) > 3 and phrase in text:
            text = text.replace(phrase, " ")
    text = cut_shortened(text, phrases)
    return sorted({w for w in WORD.findall(text) if w not in allowed and len(w) > 1})


def test_the_check_finds_an_english_word_and_passes_names():
    phrases = ["Erenhot (Erlian) railway port"]
    allowed = {"Erenhot", "km"}
    assert english_left("口岸 Erenhot (Erlian) railway port: 12 km", phrases, allowed) == []
    assert english_left("来源：Erenhot (Erl… 与 http://x.org/a?b=port", phrases, allowed) == []
    assert english_left("通道 Daqing – Tongliao port", phrases, allowed) == [
        "Daqing",
        "Tongliao",
        "port",
    ]


@pytest.fixture(scope="module")
def reader(no_cjk_browser, server):
    """A reader whose machine has no Chinese font: Chinese must come from the served one."""
    from tests.e2e.conftest import Session

    s = Session(no_cjk_browser, server, viewport={"width": 1400, "height": 900})
    yield s
    s.close()


def settled_text(page, selector: str) -> str:
    """The visible text under ``selector`` once it has stopped changing: Streamlit draws a
    chart or table only after its code has loaded, after the rest of the page."""
    page.wait_for_function(CHARTS_DRAWN_JS)
    text = page.evaluate(VISIBLE_TEXT_JS, selector)
    for _ in range(20):
        page.wait_for_timeout(400)
        again = page.evaluate(VISIBLE_TEXT_JS, selector)
        if again == text:
            return text
        text = again
    return text


def read_page(session, path: str, lang: str) -> str:
    """Open ``path`` in ``lang`` and return the visible text of the main area and sidebar
    (expanders opened, every tab of a tabbed page read)."""
    page = session.open(path + ("&" if "?" in path else "?") + f"lang={lang}")
    page.wait_for_selector(".st-key-page_footer")  # the script's end (every page draws it)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    texts = [settled_text(page, '[data-testid="stMain"], [data-testid="stSidebar"]')]
    tabs = page.get_by_role("tab")
    for i in range(1, tabs.count()):
        tabs.nth(i).click()
        texts.append(settled_text(page, '[data-testid="stMain"]'))
    return " ".join(texts)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_speaks_the_readers_language(reader, lang):
    phrases = data_phrases()
    allowed = allowed_words(lang)
    found, boxes = {}, []
    for path in PAGES:
        text = read_page(reader, path, lang)
        assert len(text) > 200, path  # the page was read
        if lang == "zh":  # drawn with the served font (this machine has no Chinese font)
            if not reader.page.evaluate(SERVED_FONT_JS):
                boxes.append(path)
            reader.shot(f"every_page_zh_no_cjk_{path.split('?')[0].strip('/') or 'map'}")
        # the chart's link to this view may be wrapped over lines: its address parts stay
        left = english_left(text, phrases, allowed | set(WORD.findall(f"{path} lang {lang}")))
        if left:
            found[path] = left
    assert found == {}, f"English words on the {lang} pages: {found}"
    assert boxes == [], f"Chinese not drawn with the served font on {boxes}"
    assert reader.errors == []

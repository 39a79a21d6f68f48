"""The translation catalogs: extract the messages from the code, update and compile them (Babel).

    python scripts/catalogs.py update    # messages in the code -> locales/dashboard.pot and
                                         # each language's .po (new ones empty, unused dropped)
    python scripts/build.py              # compiles every .po to its .mo (the app reads .mo)

Messages are the strings marked with ``_``, ``N_`` or ``ngettext`` in ``app.py``, ``pages/``
and ``corridor/`` (``babel.cfg``). A test fails on a message without a translation and on a
catalog entry no code uses.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "locales"
DOMAIN = "dashboard"
LANGUAGES = ("zh", "ru", "mn")
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [("app.py", "python"), ("pages/**.py", "python"), ("corridor/**.py", "python")]


def extract(root: Path = ROOT) -> Catalog:
    """Every message marked in the code under ``root``, with where it is used."""
    catalog = Catalog(project="northern-corridor", domain=DOMAIN)
    for name, lineno, message, comments, context in extract_from_dir(
        root, METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(name, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(locales: Path, lang: str) -> Path:
    """Where ``lang``'s catalog is kept."""
    return locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(root: Path = ROOT, locales: Path = LOCALES) -> None:
    """Write the template and bring each language's catalog up to date with the code: new
    messages are added untranslated, messages no code uses are removed."""
    template = extract(root)
    locales.mkdir(exist_ok=True)
    with (locales / f"{DOMAIN}.pot").open("wb") as fh:
        write_po(fh, template, width=100, omit_header=True, sort_output=True)
    for lang in LANGUAGES:
        path = po_path(locales, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as fh:
                catalog = read_po(fh, locale=lang)
        else:
            catalog = Catalog(locale=lang, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=True, sort_output=True)


def compile_catalogs(locales: Path, out: Path) -> None:
    """Compile each language's ``.po`` under ``locales`` to ``.mo`` under ``out``."""
    for lang in LANGUAGES:
        with po_path(locales, lang).open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        # the .po keeps no header, so Babel would stamp the .mo with today's date: a fixed
        # one keeps the compiled file a function of the catalog alone
        catalog.creation_date = catalog.revision_date = FIXED_DATE
        target = out / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
    print(f"catalogs: {', '.join(LANGUAGES)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        raise SystemExit(__doc__)
    update()

"""What the footer and the About page say about the data itself: its licence, when it was
last updated, and its changelog (pure: no Streamlit).

Read from the data package's own metadata (``licenses``, ``created`` in
``data/datapackage.json``) and the repository's ``CHANGELOG.md``, so the page never states a
licence or a date that the data does not carry. Anything missing or malformed is left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date

from corridor.i18n import _, locale


@dataclass(frozen=True)
class Licence:
    """The data's licence: short name, title and link (either may be empty)."""

    name: str
    title: str
    url: str

    @property
    def label(self) -> str:
        """How the footer names it: the title, with the short name where they differ."""
        if self.title and self.name and self.name not in self.title:
            return f"{self.title} ({self.name})"
        return self.title or self.name


def data_licence(package: dict) -> Licence | None:
    """The first licence of the data package, or None when it names none."""
    licences = package.get("licenses")
    if not isinstance(licences, list) or not licences or not isinstance(licences[0], dict):
        return None
    first = licences[0]
    name, title = str(first.get("name") or ""), str(first.get("title") or "")
    url = str(first.get("path") or "")
    if not url.startswith(("https://", "http://")):
        url = ""
    return Licence(name, title, url) if name or title else None


def data_updated(package: dict) -> dt.date | None:
    """The day the data package was built (its ``created`` date), or None."""
    created = package.get("created")
    if not isinstance(created, str) or len(created) < 10:
        return None
    try:
        return dt.date.fromisoformat(created[:10])
    except ValueError:
        return None


def long_date(day: dt.date) -> str:
    """``2 December 2026`` (``2026年12月2日``, ``2 декабря 2026 г.``): a date in the reader's
    language that no reader can misread as month/day."""
    return format_date(day, format="long", locale=locale())


def footer_line(package: dict) -> str:
    """The footer's words (plain text): the data's licence and when it was updated."""
    parts = []
    licence = data_licence(package)
    if licence:
        parts.append(_("Data licence: {licence}").format(licence=licence.label))
    updated = data_updated(package)
    if updated:
        parts.append(_("data updated {date}").format(date=long_date(updated)))
    parts.append(_("every figure names its source"))
    text = " · ".join(parts)
    return text[:1].upper() + text[1:] + "."


def changelog(root: Path) -> str | None:
    """The text of the data's changelog (``CHANGELOG.md`` at the repository root), or None."""
    path = Path(root) / "CHANGELOG.md"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return text or None

"""The sources a build cites: one ``Registry`` per build, read from ``scripts/inputs/``.

Every row the build writes names a ``source_id``. The registry turns the URL a research row
cites into that id: from the researched source registry where the page is described there,
else from the known publishers of its web host, else as a copy graded "secondary copy". A
copy whose original publication was found is cited as the original. The pages the build
cites are collected in ``Registry.seen`` and written once, as ``data/sources.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path


def slug(text: str) -> str:
    """Lowercase ascii slug of ``text``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def yn(flag: bool) -> str:
    """CSV spelling of a boolean."""
    return "true" if flag else "false"


def _rows(path: Path) -> list[dict]:
    """The rows of a CSV input, or none where the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def bracketed_title(quote: str) -> str:
    """A descriptive stand-in title, in brackets, from the page's quoted words."""
    words = " ".join(quote.split())
    return (
        f"[page quoting: {words[:70]}{'…' if len(words) > 70 else ''}]"
        if words
        else "[title not captured]"
    )


def date_in_url(url: str) -> str:
    """A publication date written in the URL (/2024/0101/, /2023-11/30/, /20251212/), or ''."""
    for pattern in (
        r"/(20\d\d)/(\d\d)(\d\d)/",
        r"/(20\d\d)-(\d\d)/(\d\d)/",
        r"/(20\d\d)(\d\d)(\d\d)/",
        r"/(20\d\d)/(\d\d)/(\d\d)/",
    ):
        m = re.search(pattern, url)
        if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
            return "-".join(m.groups())
    return ""


def language_of(quote: str) -> str:
    """ISO 639-1 language of a quote, from its script (ja, zh, mn, ru, de, else en)."""
    if re.search(r"[\u3040-\u30ff]", quote):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", quote):
        return "zh"
    if re.search(r"[өүӨҮ]", quote):
        return "mn"
    if re.search(r"[\u0400-\u04ff]", quote):
        return "ru"
    if re.search(r"[äöüß]|\b(der|die|das|und)\b", quote):
        return "de"
    return "en" if quote else ""


class Registry:
    """The source registry of one build.

    Parameters
    ----------
    inputs
        The folder of the build's inputs (``scripts/inputs``): ``source_registry.csv`` (pages
        described by hand, keyed by URL), ``source_originals.csv`` (copies whose original was
        found), ``publishers.csv`` (publisher and grade of known web hosts) and
        ``flow_reporters.csv`` (whose figure a flow row is, where the page names it).
    """

    def __init__(self, inputs: Path):
        self.inputs = inputs
        self.known = {r["url"]: r for r in _rows(inputs / "source_registry.csv") if r["url"]}
        self.originals = {r["copy_url"]: r for r in _rows(inputs / "source_originals.csv")}
        self.publishers = {r.pop("host"): r for r in _rows(inputs / "publishers.csv")}
        self.reporters = {
            (r["series_id"], r["year"], r["source_url"]): r
            for r in _rows(inputs / "flow_reporters.csv")
        }
        self.seen: dict[str, dict] = {}

    def quote_for(self, url: str, quote: str) -> str:
        """The quote a row keeps: the original's passage when its copy was replaced by it."""
        found = self.originals.get(url)
        return found["evidence"] if found else quote

    def source_for(self, url: str, quote: str = "") -> str:
        """Return the source id for ``url``, registering a fallback row when the registry
        lacks it.

        A copy whose original was found is cited as the original (the copy's URL stays in the
        original's notes): readers can check the figure where it was first published.
        """
        found = self.originals.get(url)
        if found:
            original = found["original_url"]
            if original not in self.known:
                raise SystemExit(f"source_originals.csv: {original} is not in source_registry.csv")
            sid = self.source_for(original)
            row = self.seen[original]
            note = f"our research first read these figures in a copy at {url}"
            if url not in row.get("notes", ""):
                row["notes"] = "; ".join(n for n in (row.get("notes", ""), note) if n)
            return sid
        if url in self.seen:
            return self.seen[url]["source_id"]
        row = dict(self.known.get(url) or {}) or self._fallback(url, quote)
        row["url"] = url
        self.seen[url] = row
        return row["source_id"]

    def _fallback(self, url: str, quote: str) -> dict:
        """A page the registry does not describe: its host's publisher where known, else the
        host itself as a copy."""
        host = re.sub(r"https?://([^/:]+).*", r"\1", url)
        digest = hashlib.sha1(url.encode()).hexdigest()[:6]
        base = {
            "source_id": f"{slug(host)}_{digest}",
            "url": url,
            "title": bracketed_title(quote),
            "language": language_of(quote),
            "date_published": date_in_url(url),
            "original_publisher": "",
        }
        known = self.publishers.get(host)
        if known:
            return {
                **base,
                **known,
                "notes": "publisher from the site; title not captured (bracketed: from the quote)",
            }
        return {
            **base,
            "publisher": host,
            "grade": "secondary copy",
            "is_mirror": "true",
            "notes": "publisher is the web host; title not captured; date read from the URL",
        }

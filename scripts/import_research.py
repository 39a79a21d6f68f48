"""Build data/port_flows.csv, data/flows.csv and data/sources.csv from the research tables.

The research tables (``scripts/inputs/research/``) and the researched extras
(``scripts/inputs/flows_extra.csv``) record every value with its URL and a verbatim quote. This
step turns them into the dashboard's tidy files: one value per row, a controlled unit, flags as
columns, and a ``source_id`` that resolves in ``data/sources.csv``. It changes no value; it only
moves flags out of free text ("lower bound", "PARTIAL YEAR") into columns and maps unit
spellings. Run through ``python scripts/build.py``.
"""

from __future__ import annotations

import contextlib
import csv
import re
import unicodedata
from pathlib import Path

from registry import Registry, yn

# The access date of the research tables' pages (rows of later research carry their own).
ACCESSED = "2026-11-24"

PORT_FLOW_FIELDS = [
    "port_id",
    "year",
    "period",
    "is_partial_year",
    "metric",
    "direction",
    "value",
    "unit",
    "scope",
    "reporter",
    "is_lower_bound",
    "is_approximate",
    "is_inferred",
    "source_id",
    "quote",
    "note",
]
FLOW_FIELDS = [
    "series_id",
    "geography",
    "reporter",
    "metric",
    "direction",
    "commodity",
    "year",
    "period",
    "is_partial_year",
    "value",
    "unit",
    "is_lower_bound",
    "is_approximate",
    "is_inferred",
    "source_id",
    "quote",
    "note",
]
# Research-table port ids that name a port complex or a single port of ours.
PORT_IDS = {
    "manzhouli": "manzhouli",
    "erenhot": "erenhot",
    "erenhot_road (Zamyn-Uud side data)": "erenhot_road",
    "Erenhot": "erenhot",
    "Manzhouli": "manzhouli",
    "Ganqimaodu": "ganqimaodu",
    "Erenhot (railway port)": "erenhot_rail",
    # researched figures of Xinjiang's China–Mongolia ports (scripts/inputs/flows_extra.csv)
    "Takeshiken": "takeshiken",
    "Laoyemiao": "laoyemiao",
    "Ulastai": "ulastai",
    "Ceke": "ceke",
    "Manzhouli (railway port)": "manzhouli_rail",
    "Manzhouli (road port)": "manzhouli_road",
    "Suifenhe": "suifenhe",
    "Suifenhe (railway port)": "suifenhe_rail",
    "Suifenhe (road port)": "suifenhe_road",
    "Heihe": "heihe",
}


def scope_of(series_id: str) -> str:
    """What a researched port figure covers, from its series id (``Suifenhe_road_freight``)."""
    parts = series_id.lower().split("_")
    return "rail port" if "rail" in parts else "road port" if "road" in parts else "whole port"


# Aggregates of several ports go to flows.csv as series of their own.
AGGREGATES = {
    "IM_all_ports": ("IM_ports_total", "Inner Mongolia (all ports)"),
    "IM_land_ports": ("IM_land_ports_total", "Inner Mongolia (land ports)"),
    "manzhouli_rail+erenhot_rail": ("CRE_trains_MZL_ERL", "Manzhouli + Erenhot rail ports"),
    "east_corridor_MZL_SFH_TJ": ("CRE_trains_east_corridor", "Manzhouli + Suifenhe + Tongjiang"),
}
METRICS = {
    "ce_trains": "ce_trains",
    "ce_teu": "ce_teu",
    "freight": "freight",
    "freight_import": "freight",
    "passengers": "passengers",
    "cross_border_tourists": "cross_border_tourists",
    "trains": "ce_trains",
}


def flags_from(text: str) -> dict[str, bool]:
    """Flags stated in a free-text unit or note ("lower bound", "nearly", "partial")."""
    t = text.lower()
    return {
        "is_lower_bound": bool(re.search(r"lower bound|surpass|exceed|\bover\b|über|превыс", t)),
        "is_approximate": bool(re.search(r"approximate|nearly|rounded", t)),
        "is_partial": bool(re.search(r"partial|\bas of\b|\bto \d+ \w+ 20\d\d", t)),
    }


# Words that qualify a figure in a published sentence, as they stand next to it: before the
# number ("about 26.5 million", "约4728.6万吨", "topped 56.83", "свыше 100") or after it
# ("3000多列", "1400余万吨", "100万吨以上", "100万吨左右").
APPROX_BEFORE = (
    r"(?:\b(?:about|approximately|approx\.|around|nearly|almost|roughly|close to|some|"
    r"etwa|rund|fast|knapp|около|примерно|приблизительно|почти|порядка|cerca de|casi)|"
    r"约|大约|近|将近|接近)"
)
LOWER_BEFORE = (
    r"(?:\b(?:over|more than|above|at least|in excess of|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|"
    r"top(?:ped|ping|s)?|über|mehr als|más de|свыше|более|больше|превысил[аои]?|превышает)|"
    r"超过了|超过|超過|超|突破了|突破|破|逾|多于|>)"
)
# A lower-bound word anywhere in a quote: before a number, or after it ("3000多列", "以上",
# "3800万トンを超えた"). A research note's "lower bound" counts only where the quote has one.
LOWER_ANYWHERE = re.compile(LOWER_BEFORE + r"|多|余|以上|超え", re.IGNORECASE)
# what may stand between the word and the number: a verb particle, a currency sign
BETWEEN = r"[\s:：]*(?:了|为|达|达到|US\$|\$|¥|RMB|USD|CNY)?[\s:：]*"
NUMBER = re.compile(r"\d[\d,\u00a0 ]*(?:[.,]\d+)?")
SCALES = [10.0**k for k in range(-9, 10)]


def _readings(token: str) -> list[float]:
    """The values a printed number can mean ("1,234" is 1234 or, Russian-style, 1.234)."""
    t = token.strip().replace("\u00a0", " ")
    out = []
    for text in (t.replace(",", "").replace(" ", ""), t.replace(" ", "").replace(",", ".")):
        with contextlib.suppress(ValueError):
            out.append(float(text))
    return out


def _close(x: float, value: float) -> bool:
    """Equal as printed numbers are (``x`` read from a quote, ``value`` from our row)."""
    return abs(x - value) <= 1e-9 * max(abs(value), 1)


def _printed_numbers(quote: str):
    """Each number the quote prints, as (start, end, its readings); a percentage is never a
    figure's value, so percentages are left out."""
    for m in NUMBER.finditer(quote):
        token = m.group().rstrip(", ")
        end = m.start() + len(token)
        if not re.match(r"\s*(?:%|％|percent|per cent|процент)", quote[end:], re.IGNORECASE):
            yield m.start(), end, _readings(token)


def _value_spans(quote: str, value: float) -> list[tuple[int, int]]:
    """Where the quote prints ``value``: as written if it does, else in another power-of-ten
    unit (万吨, million, billion)."""
    exact, scaled = [], []
    for start, end, readings in _printed_numbers(quote):
        if any(_close(r, value) for r in readings):
            exact.append((start, end))
        elif any(_close(r * s, value) for r in readings for s in SCALES):
            scaled.append((start, end))
    return exact or scaled


def quote_flags(quote: str, value) -> dict[str, bool]:
    """Whether the quote prints ``value`` as approximate ("about", "约", "近", "左右") or as a
    lower bound ("over", "topped", "超", "突破", "свыше", "3000多", "以上").

    Only the words next to the printed figure count, so "about" before another number of the
    same sentence does not flag this one; a value the quote does not print is not flagged.
    """
    text = unicodedata.normalize("NFKC", quote or "")
    try:
        value = float(value)
    except (TypeError, ValueError):
        return {"is_lower_bound": False, "is_approximate": False}
    approx = lower = False
    for start, end in _value_spans(text, value):
        before, after = text[max(0, start - 30) : start], text[end : end + 12]
        approx |= bool(re.search(APPROX_BEFORE + BETWEEN + r"$", before, re.IGNORECASE))
        lower |= bool(re.search(LOWER_BEFORE + BETWEEN + r"$", before, re.IGNORECASE))
        approx |= bool(re.match(r"\s*[万亿千百]?[^\d，,。;；]{0,4}?左右", after))
        lower |= bool(
            re.match(r"\s*(?:[万亿千百]?(?:多|余)|[万亿千百]?[^\d，,。;；]{0,4}?以上|\+)", after)
        )
    return {"is_lower_bound": lower, "is_approximate": approx}


MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# Words by which a published sentence dates a figure relative to its own date: "last year",
# or a day with no year ("截至12月2日", "as of Dec 29", "12月22日までに").
RELATIVE_YEAR = re.compile(
    r"last year|this year|previous year|reported today|so far|去年|今年|上年|本年|一年来|"
    r"截至\s*\d+\s*月|\d+\s*月\s*\d+\s*日までに|\bas of (?:\d+ )?" + MONTHS + "|"
    r"в прошлом году|за прошедший год|в этом году",
    re.IGNORECASE,
)


def lower_bound(note_says: bool, quote: str, value) -> bool:
    """Whether a figure is a lower bound: its quote prints it as one ("over 19 million"), or a
    research note says so and the quote has a lower-bound word the number reading cannot tie
    to the figure ("exceeded one billion"). A part-year figure is not a lower bound."""
    text = unicodedata.normalize("NFKC", quote or "")
    return quote_flags(text, value)["is_lower_bound"] or (
        note_says and bool(LOWER_ANYWHERE.search(text))
    )


def inferred_with_siblings(rows: list[dict]) -> list[dict]:
    """One reading per page and year: where a row of a page is dated from context, every row of
    that page and year whose quote does not print the year is too."""
    dated = {(r["source_id"], str(r["year"])) for r in rows if r["is_inferred"] == "true"}
    for r in rows:
        key = (r["source_id"], str(r["year"]))
        text = unicodedata.normalize("NFKC", r["quote"])
        if key in dated and str(r["year"]) not in text:
            r["is_inferred"] = "true"
    return rows


def note_undated_pages(rows: list[dict], reg: Registry) -> list[dict]:
    """A year read from context rests on the page's date: say so where the page shows none."""
    undated = {
        s["source_id"] for s in reg.seen.values() if not (s.get("date_published") or "").strip()
    }
    said = "the year is read from the page's context, and the page shows no date"
    for r in rows:
        if r["is_inferred"] == "true" and r["source_id"] in undated and said not in r["note"]:
            r["note"] = "; ".join(n for n in (r["note"], said) if n)
    return rows


def year_from_context(quote: str, year: str) -> bool:
    """True where the quote gives the year only relative to its date ("去年", "last year").

    Read from the published words, the same way for every row: the year is not printed in the
    quote, and the quote dates its figure relative to the page's date.
    """
    text = unicodedata.normalize("NFKC", quote)
    return str(year) not in text and bool(RELATIVE_YEAR.search(text))


def unit_of(raw: str, currency: str = "") -> str:
    """Map a research-table unit spelling to the dashboard's unit vocabulary."""
    r = raw.lower()
    if r.startswith("10,000 t"):
        return "10k_t"
    if r.startswith("10,000 persons"):
        return "10k_persons"
    if r.startswith("billion"):
        return f"{currency.lower()}_bn"
    table = {"t": "t", "million tonnes": "mt", "teu": "teu"}
    if r in table:
        return table[r]
    for key, unit in (("persons", "persons"), ("trains", "trains"), ("teu", "teu")):
        if r.startswith(key):
            return unit
    raise ValueError(f"unknown unit {raw!r}")


def period_of(raw: str) -> tuple[str, bool, bool]:
    """Split a research-table period into (period, is_partial_year, period_inferred)."""
    inferred = "INFERRED" in raw
    period = re.sub(r"\s*\((period|year)? ?INFERRED[^)]*\)", "", raw).strip()
    if period in ("full year", ""):
        return "year", False, inferred
    return period, True, inferred


def port_timeseries_rows(path: Path, reg: Registry) -> tuple[list[dict], list[dict]]:
    """Per-port rows and aggregate-series rows from ``port_timeseries.csv`` at ``path``."""
    ports, series = [], []
    for r in csv.DictReader(path.open(encoding="utf-8")):
        if "INFERRED =" in r["scope"]:
            # a value the research table computed from others (Erenhot's 2023 trains as two
            # ports' total minus one port's): not published, so not shipped; Xinhua's own
            # figure for that year is in flows_extra.csv
            continue
        period, partial, period_inferred = period_of(r["period"])
        flags = flags_from(r["unit"])
        said_quote = reg.quote_for(r["source_url"], r["quote"])
        said = quote_flags(said_quote, r["value"])
        base = {
            "year": r["year"],
            "period": period,
            "is_partial_year": yn(partial),
            "metric": METRICS[r["metric"]],
            "direction": "import" if r["metric"] == "freight_import" else "total",
            "value": r["value"],
            "unit": unit_of(r["unit"]),
            "is_lower_bound": yn(lower_bound(flags["is_lower_bound"], said_quote, r["value"])),
            "is_approximate": yn(said["is_approximate"]),
            "is_inferred": yn(
                r["inferred"].startswith("yes")
                or period_inferred
                or year_from_context(said_quote, r["year"])
            ),
            "source_id": reg.source_for(r["source_url"], r["quote"]),
            "quote": reg.quote_for(r["source_url"], r["quote"]),
            "note": r["scope"] if r["inferred"].startswith("yes") else "",
        }
        if r["port_id"] in AGGREGATES:
            sid, geo = AGGREGATES[r["port_id"]]
            metric = {"ce_trains": "trains"}.get(base["metric"], base["metric"])
            series.append(
                {
                    **base,
                    "series_id": sid,
                    "geography": geo,
                    "reporter": "CHN",
                    "metric": metric,
                    "commodity": "",
                    "note": r["scope"],
                }
            )
            continue
        reporter = "MNG" if "Zamyn-Uud" in r["port_id"] else "CHN"
        ports.append(
            {
                **base,
                "port_id": PORT_IDS.get(r["port_id"], r["port_id"]),
                "scope": r["scope"].split(";")[0],
                "reporter": reporter,
            }
        )
    return ports, series


def liu_table1_rows(path: Path) -> list[dict]:
    """Table 1 of the Liu paper exactly as printed (its 2019 parts do not add up to its totals)."""
    rows = []
    for r in csv.DictReader(path.open(encoding="utf-8")):
        for col, value in r.items():
            if col == "year":
                continue
            metric, direction, unit = re.match(
                r"(freight|passengers)_(\w+?)_(10k_t|10k)$", col
            ).groups()
            rows.append(
                {
                    "port_id": "erenhot",
                    "year": r["year"],
                    "period": "year",
                    "is_partial_year": "false",
                    "metric": metric,
                    "direction": {"in": "in", "out": "out"}.get(direction, "total"),
                    "value": value,
                    "unit": "10k_t" if metric == "freight" else "10k_persons",
                    "scope": "whole port",
                    "reporter": "CHN",
                    "is_lower_bound": "false",
                    "is_approximate": "false",
                    "is_inferred": "false",
                    "source_id": "liu_c2021",
                    "quote": f"Table 1: 2015-2019 Erenhot's Import and Export Volume ({col})",
                    "note": "as printed; in 2019 the parts do not add up to the total"
                    if r["year"] == "2019"
                    else "as printed",
                }
            )
    return rows


def flow_series_rows(
    path: Path, reg: Registry, describes_pages: bool = False
) -> tuple[list[dict], list[dict]]:
    """Series rows and per-port rows from a ``flow_series.csv``-shaped file.

    ``describes_pages``: the file names each page's publisher, title and grade (the researched
    extras do), which then describe the page unless the source registry does.
    """
    series, ports = [], []
    for r in csv.DictReader(path.open(encoding="utf-8")):
        flags = flags_from(r["note"])
        said_quote = reg.quote_for(r["source_url"], r["quote"])
        said = quote_flags(said_quote, r["value"])
        src = reg.source_for(r["source_url"], r["quote"])
        if (
            describes_pages
            and r.get("publisher")
            and r["source_url"] in reg.seen
            and r["source_url"] not in reg.known  # the registry's description comes first
        ):
            reg.seen[r["source_url"]].update(_researched_source(r))
        reporter = (
            "MNG"
            if "MNstats" in r["series_id"] or "Mongolian-side" in r["note"]
            else "RUS"
            # Russia–Mongolia figures on record are Russian officials' statements
            if "RUcustoms" in r["series_id"]
            or "Russian-side" in r["note"]
            or r["geography"] == "RU-MN"
            else "CHN"
        )
        note = r["note"]
        named = reg.reporters.get((r["series_id"], r["year"], r["source_url"]))
        if named:
            reporter = named["reporter"]
            note = "; ".join(n for n in (note, named["note"]) if n)
        direction = r["flow_direction"] or "total"
        base = {
            "year": r["year"],
            "period": "year" if not flags["is_partial"] else "part of year",
            "is_partial_year": yn(flags["is_partial"]),
            "value": r["value"],
            "unit": unit_of(r["unit"], r["currency"]),
            "reporter": reporter,
            "is_lower_bound": yn(lower_bound(flags["is_lower_bound"], said_quote, r["value"])),
            "is_approximate": yn(flags["is_approximate"] or said["is_approximate"]),
            # stated in our row (where the year was read from the page, not the quote) or by the
            # quote's own words
            "is_inferred": yn(
                r.get("is_inferred") == "true" or year_from_context(said_quote, r["year"])
            ),
            "source_id": src,
            "quote": reg.quote_for(r["source_url"], r["quote"]),
            "note": note,
            "direction": direction,
        }
        if r["geography"] in PORT_IDS and r["metric"] in ("freight", "passengers"):
            ports.append(
                {
                    **base,
                    "port_id": PORT_IDS[r["geography"]],
                    "metric": r["metric"],
                    "scope": scope_of(r["series_id"]),
                }
            )
            continue
        series.append(
            {
                **base,
                "series_id": r["series_id"],
                "geography": r["geography"],
                "metric": r["metric"],
                "commodity": r["commodity"],
            }
        )
    return series, ports


def _researched_source(r: dict) -> dict:
    """How a researched row (``flows_extra.csv``) describes its page: publisher, title, language,
    date and grade as it gives them; a copy is a page graded "secondary copy"; the original
    publisher is the one the publisher column credits ("UBN (ubn.news), credits World Railways").
    """
    keys = ("publisher", "title", "language", "date_published", "date_accessed", "grade")
    out = {k: r[k] for k in keys if r.get(k)}
    credited = re.search(r",? credits (.+)$", r["publisher"])
    out["original_publisher"] = credited.group(1) if credited else ""
    out["is_mirror"] = yn(r.get("grade") == "secondary copy")
    given = ["publisher", "grade"] + [k for k in ("title", "date_published") if r.get(k)]
    out["notes"] = f"{', '.join(given)} from our research (scripts/inputs/flows_extra.csv)"
    if not r.get("title"):
        out["notes"] += "; headline not shown on the stored page (bracketed: from the quote)"
    return out


def dedupe(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """Drop rows repeating an earlier row's ``key`` (the same value from the same source)."""
    out, keys = [], set()
    for row in rows:
        k = tuple(row[c] for c in key)
        if k not in keys:
            keys.add(k)
            out.append(row)
    return out


# Units that are the same quantity on another scale ("1.32亿吨" is 132 mt and 13,200 10k_t).
BASE_UNITS = {"t": ("t", 1), "10k_t": ("t", 1e4), "mt": ("t", 1e6), "10k_persons": ("persons", 1e4)}


def _quantity(row: dict) -> tuple[str, float]:
    """A row's value in its unit's base unit, rounded for comparison."""
    base, factor = BASE_UNITS.get(row["unit"], (row["unit"], 1))
    return base, round(float(row["value"]) * factor, 3)


def drop_repeats_across_series(rows: list[dict]) -> list[dict]:
    """Ship a published figure once: a row repeating an earlier row's source, year, period,
    metric, direction and quantity (in any unit scale) under another series id is dropped, and
    the kept row's note names the series it also stood in."""
    kept: dict[tuple, dict] = {}
    out = []
    for row in rows:
        k = (row["source_id"], row["year"], row["period"], row["metric"], row["direction"])
        k += _quantity(row)
        first = kept.get(k)
        if first is None:
            kept[k] = row
            out.append(row)
        elif first["series_id"] != row["series_id"]:
            also = (
                f"the same figure is in our research as {row['series_id']} "
                f"({row['value']} {row['unit']}); shipped once"
            )
            first["note"] = "; ".join(n for n in (first.get("note", ""), also) if n)
    return out


def _prints_as_written(row: dict) -> bool:
    """Whether the row's quote prints its value as written (1003.3 for "1003.3萬噸")."""
    text = unicodedata.normalize("NFKC", row.get("quote") or "")
    value = float(row["value"])
    return any(_close(r, value) for *_, readings in _printed_numbers(text) for r in readings)


# A count printed in 万人次 / 萬人 ("168.8萬人次"): the number before the ten-thousand sign.
TEN_K_PERSONS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*[万萬]人次?")


def as_printed(row: dict) -> dict:
    """A port's passenger count whose quote prints it in 万人次 (10,000 persons) and not as
    written ("168.8萬人次" recorded as 1688000 persons) is stored as printed: 168.8 10k_persons.

    Only the scale changes, to the one the source prints; the note says how our research had
    recorded the figure. Passengers only: the charts draw that metric from either unit.
    """
    if row["metric"] != "passengers" or row["unit"] != "persons" or _prints_as_written(row):
        return row
    text = unicodedata.normalize("NFKC", row.get("quote") or "")
    value = float(row["value"])
    for m in TEN_K_PERSONS.finditer(text):
        printed = m.group(1).replace(",", "")
        if _close(float(printed) * 1e4, value):
            also = (
                f"our research recorded this figure as {row['value']} persons; "
                f"stored as the source prints it ({m.group(0)})"
            )
            note = "; ".join(n for n in (row.get("note", ""), also) if n)
            return {**row, "value": printed, "unit": "10k_persons", "note": note}
    return row


def dedupe_port_figures(rows: list[dict]) -> list[dict]:
    """Ship a port's published figure once: rows of the same port, year, period, metric,
    direction and source with the same quantity (in any unit scale, "1003.3萬噸" recorded as
    1003.3 10k_t and as 10.033 mt) are one figure. The row in the unit the quote prints is
    kept; its note names the other recording."""
    kept: dict[tuple, int] = {}
    out: list[dict] = []
    for row in rows:
        k = tuple(row[c] for c in ("port_id", "year", "period", "metric", "direction"))
        k += (row["source_id"], *_quantity(row))
        if k not in kept:
            kept[k] = len(out)
            out.append(row)
            continue
        first = out[kept[k]]
        if first["value"] == row["value"] and first["unit"] == row["unit"]:
            continue
        if _prints_as_written(row) and not _prints_as_written(first):
            first, row = row, first
            out[kept[k]] = first
        also = f"our research also recorded this figure as {row['value']} {row['unit']}"
        if row.get("note"):
            also += f" ({row['note']})"
        also += "; shipped once, in the unit the source prints"
        first["note"] = "; ".join(n for n in (first.get("note", ""), also) if n)
    return out


def write(path: Path, fields: list[str], rows: list[dict]) -> None:
    """Write ``rows`` as CSV with a fixed column order and LF line ends."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


SOURCE_FIELDS = [
    "source_id",
    "publisher",
    "title",
    "url",
    "language",
    "date_published",
    "date_accessed",
    "grade",
    "original_publisher",
    "is_mirror",
    "notes",
]


CORRECTION_KEYS = {"port_flows": "port_id", "flows": "series_id"}


def apply_corrections(rows: list[dict], table: str, path: Path, reg: Registry) -> list[dict]:
    """Apply ``figure_corrections.csv`` to the rows of ``table``: each correction names one row
    (key, year, metric, value, unit and page) and drops it, replaces one field (naming the
    value it replaces) or only annotates it; its reason goes into the row's note. A correction
    that matches no row, or more than one, stops the build: the research tables changed under
    it."""
    key = CORRECTION_KEYS[table]
    for c in (c for c in csv.DictReader(path.open(encoding="utf-8")) if c["table"] == table):
        sid = reg.source_for(c["source_url"])
        hits = [
            r
            for r in rows
            if (r[key], str(r["year"]), r["metric"], r["unit"], r["source_id"])
            == (c["key"], c["year"], c["metric"], c["unit"], sid)
            and float(r["value"]) == float(c["value"])
        ]
        if len(hits) != 1:
            raise SystemExit(f"figure_corrections.csv: {len(hits)} rows match {dict(c)}")
        row = hits[0]
        if c["field"] == "drop":
            rows = [r for r in rows if r is not row]
            continue
        if c["field"] == "annotate":  # the figure stands as published; its note says why
            pass
        elif str(row[c["field"]]) != c["replaces"]:
            raise SystemExit(
                f"figure_corrections.csv: {c['key']} {c['field']} is not {c['replaces']}"
            )
        row[c["field"]] = c["new_value"]
        if c["reason"] not in row["note"]:
            row["note"] = "; ".join(n for n in (row["note"], c["reason"]) if n)
    return rows


def build_tables(inputs: Path, data_dir: Path, reg: Registry) -> None:
    """Write ``port_flows.csv`` and ``flows.csv`` into ``data_dir`` from the research tables
    in ``inputs/research`` and the researched extras in ``inputs``; register every page they
    cite in ``reg``."""
    research = inputs / "research"
    ports, agg = port_timeseries_rows(research / "port_timeseries.csv", reg)
    series, more_ports = flow_series_rows(research / "flow_series.csv", reg)
    s2, p2 = flow_series_rows(inputs / "flows_extra.csv", reg, describes_pages=True)
    series, more_ports = series + s2, more_ports + p2
    liu = liu_table1_rows(research / "erenhot_2015_2019_liu_table1.csv")
    corrections = inputs / "figure_corrections.csv"
    port_rows = [as_printed(r) for r in liu + ports + more_ports]
    port_rows = apply_corrections(port_rows, "port_flows", corrections, reg)
    port_rows = dedupe_port_figures(port_rows)
    port_rows.sort(key=lambda r: (r["port_id"], int(r["year"]), r["metric"], r["direction"]))
    # the port table's aggregates first: of one figure in two series they keep theirs, which
    # names the scope the quote names (陆路口岸, land ports)
    flow_rows = dedupe(agg + series, ("series_id", "year", "value", "source_id", "direction"))
    flow_rows = apply_corrections(drop_repeats_across_series(flow_rows), "flows", corrections, reg)
    inferred_with_siblings(port_rows + flow_rows)
    note_undated_pages(port_rows + flow_rows, reg)
    flow_rows.sort(key=lambda r: (r["series_id"], int(r["year"]), r["source_id"]))
    write(data_dir / "port_flows.csv", PORT_FLOW_FIELDS, port_rows)
    write(data_dir / "flows.csv", FLOW_FIELDS, flow_rows)
    print(f"port_flows: {len(port_rows)} rows; flows: {len(flow_rows)} rows")


def write_sources(inputs: Path, data_dir: Path, reg: Registry) -> None:
    """Write ``sources.csv`` into ``data_dir``: the core sources (``inputs/core_sources.csv``)
    and every page the build cited."""
    web = [{**r, "date_accessed": r.get("date_accessed") or ACCESSED} for r in reg.seen.values()]
    with (inputs / "core_sources.csv").open(encoding="utf-8") as fh:
        core = list(csv.DictReader(fh))
    rows = sorted(core + web, key=lambda r: r["source_id"])
    write(data_dir / "sources.csv", SOURCE_FIELDS, rows)
    print(f"sources: {len(rows)}")

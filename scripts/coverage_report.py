"""Print how many years the series readers look for first have a full-year figure, and how
many figures cite an original publisher.

    python scripts/coverage_report.py

Counts distinct years with a full-year figure that is not a lower bound (part-years and
lower bounds are not counted), from the shipped data: port freight and passengers by port
complex (road, rail and whole port together), trade by country pair and province (any
reporter, any currency), China–Europe trains by border port (series and port rows together).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

PORTS = ["erenhot", "manzhouli", "suifenhe", "ganqimaodu", "ceke", "heihe"]
TRADE = {
    "China–Russia": ("CNRU_total",),
    "China–Mongolia": ("CNMN_total",),
    "Russia–Mongolia": ("RUMN_total",),
    "Inner Mongolia–Mongolia": ("IM_MN_trade",),
    "Inner Mongolia–Russia": ("IM_RU_trade",),
    "Heilongjiang–Russia": ("HLJ_RU_trade",),
}
# Both directions of a pair from one reporter (no total is made from them: docs/data.md).
DIRECTIONS = {
    "China–Russia (China's customs)": ("CNRU_exports", "CNRU_imports"),
    "Mongolia–China (Mongolia's statistics)": ("MNCN_exports_MNstats", "MNCN_imports_MNstats"),
    "Mongolia–Russia (Mongolia's statistics)": ("MNRU_exports_MNstats", "MNRU_imports_MNstats"),
}
TRAINS = {"Manzhouli": "manzhouli", "Erenhot": "erenhot", "Suifenhe": "suifenhe"}


def full_years(df: pd.DataFrame, first: int, last: int) -> list[int]:
    """Distinct years in [first, last] with a full-year figure that is not a lower bound."""
    ok = df[~df["is_partial_year"] & ~df["is_lower_bound"] & df["year"].between(first, last)]
    return sorted(set(ok["year"].astype(int)))


def report(data_dir: Path) -> list[tuple[str, list[int]]]:
    """(series, years) for every series of the table."""
    pf = pd.read_csv(data_dir / "port_flows.csv")
    fl = pd.read_csv(data_dir / "flows.csv")
    complex_of = pf["port_id"].str.replace(r"_(rail|road)$", "", regex=True)
    out = []
    for metric in ("freight", "passengers"):
        for port in PORTS:
            rows = pf[(complex_of == port) & (pf["metric"] == metric)]
            out.append((f"{metric}: {port}", full_years(rows, 2010, 2025)))
    for name, prefixes in TRADE.items():
        rows = fl[fl["series_id"].str.startswith(prefixes) & (fl["metric"] == "trade_total")]
        out.append((f"trade: {name}", full_years(rows, 2010, 2025)))
    for name, (exports, imports) in DIRECTIONS.items():
        both = set(full_years(fl[fl["series_id"] == exports], 2010, 2025))
        both &= set(full_years(fl[fl["series_id"] == imports], 2010, 2025))
        out.append((f"trade by direction, both: {name}", sorted(both)))
    for name, port in TRAINS.items():
        series = fl[fl["series_id"] == f"CRE_trains_{name}"]
        ports = pf[(complex_of == port) & (pf["metric"] == "ce_trains")]
        years = sorted(set(full_years(series, 2013, 2025)) | set(full_years(ports, 2013, 2025)))
        out.append((f"China–Europe trains via {name}, 2013–2025", years))
    return out


def sources_summary(data_dir: Path) -> dict[str, int]:
    """The counts ``docs/data.md`` gives of the sources and of the figures citing them.

    ``original`` counts figure rows (port and flow tables) whose source is not a copy on another
    host; ``named_first`` adds the copies that credit their original publisher (the citation
    then names that publisher first, the copy in its details).
    """
    src = pd.read_csv(data_dir / "sources.csv")
    rows = pd.concat(
        [pd.read_csv(data_dir / f)[["source_id"]] for f in ("port_flows.csv", "flows.csv")]
    ).merge(src, on="source_id", how="left")
    return {
        "sources": len(src),
        "copies": int(src["is_mirror"].sum()),
        "credited": int(src["original_publisher"].notna().sum()),
        "bracketed": int(src["title"].str.startswith("[").sum()),
        "figures": len(rows),
        "original": int((~rows["is_mirror"]).sum()),
        "named_first": int((~rows["is_mirror"] | rows["original_publisher"].notna()).sum()),
    }


def main() -> None:
    """Print the table, then the sources' counts."""
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data"
    for name, years in report(data_dir):
        print(f"{name:66} {len(years):3}  {' '.join(map(str, years))}")
    counts = sources_summary(data_dir)
    print()
    for key, n in counts.items():
        print(f"{key:66} {n:3}")
    for key in ("original", "named_first"):
        print(f"{key + ' share of figures':66} {counts[key] / counts['figures']:.1%}")


if __name__ == "__main__":
    main()

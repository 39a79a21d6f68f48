"""The build's rules for figures: corrections, lower bounds, years read from context."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from corridor.paths import ROOT
from tests.scripts_import import script as _script

IR = _script("import_research")
REG = _script("registry")


def _row(**kw) -> dict:
    base = {
        "port_id": "p",
        "year": "2023",
        "metric": "freight",
        "value": "19",
        "unit": "mt",
        "source_id": "",
        "is_inferred": "false",
        "quote": "",
        "note": "",
    }
    return {**base, **kw}


@pytest.fixture
def reg(tmp_path):
    return REG.Registry(tmp_path)  # no inputs: every page is registered as a fallback


def _corrections(tmp_path, *lines: str):
    path = tmp_path / "figure_corrections.csv"
    head = "table,key,year,metric,value,unit,source_url,field,replaces,new_value,reason\n"
    path.write_text(head + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_correction_drops_replaces_or_annotates_one_named_row(tmp_path, reg):
    url = "http://example.org/a"
    sid = reg.source_for(url)
    rows = [
        _row(value="1900", unit="10k_t", source_id=sid),
        _row(value="19", unit="mt", source_id=sid, year="2022"),
        _row(value="5", unit="mt", source_id=sid, year="2021"),
    ]
    path = _corrections(
        tmp_path,
        f"port_flows,p,2023,freight,1900,10k_t,{url},drop,,,same sentence twice",
        f"port_flows,p,2022,freight,19,mt,{url},unit,mt,10k_t,as printed",
        f"port_flows,p,2021,freight,5,mt,{url},annotate,,,the page disagrees with itself",
    )
    out = IR.apply_corrections(rows, "port_flows", path, reg)
    assert [(r["year"], r["value"], r["unit"]) for r in out] == [
        ("2022", "19", "10k_t"),
        ("2021", "5", "mt"),
    ]
    assert out[0]["note"] == "as printed"
    assert out[1]["note"] == "the page disagrees with itself"


def test_a_correction_that_matches_nothing_or_a_changed_value_stops_the_build(tmp_path, reg):
    url = "http://example.org/a"
    rows = [_row(source_id=reg.source_for(url))]
    missing = _corrections(tmp_path, f"port_flows,p,2023,freight,20,mt,{url},drop,,,x")
    with pytest.raises(SystemExit, match="0 rows match"):
        IR.apply_corrections(rows, "port_flows", missing, reg)
    stale = _corrections(tmp_path, f"port_flows,p,2023,freight,19,mt,{url},unit,10k_t,t,x")
    with pytest.raises(SystemExit, match="unit is not 10k_t"):
        IR.apply_corrections(rows, "port_flows", stale, reg)


def test_the_shipped_port_figures_are_stored_as_printed_and_once():
    pf = pd.read_csv(ROOT / "data" / "port_flows.csv")
    # 54万标箱 are China–Europe containers, not the whole port's freight
    assert not ((pf.port_id == "manzhouli") & (pf.unit == "teu")).any()
    # one sentence ("over 19 million tonnes in 2023", to 29 December) ships once, as printed
    erenhot = pf[(pf.port_id == "erenhot") & (pf.year == 2023) & (pf.metric == "freight")]
    assert list(zip(erenhot.value, erenhot.unit, erenhot.is_partial_year)) == [(19.0, "mt", True)]
    gq = pf[(pf.port_id == "ganqimaodu") & (pf.year == 2022) & (pf.metric == "freight")]
    for _, r in gq.iterrows():
        printed_in_wan = "萬噸" in r.quote or "万吨" in r.quote
        assert r.unit == ("10k_t" if printed_in_wan else "mt"), r.quote


@pytest.mark.parametrize(
    "note_says, quote, value, expected",
    [
        (False, "was over 19 million tonnes in 2023", 19, True),
        (True, "今年以来截至12月8日,该站共验放出入境人员244.1万人次", 244.1, False),  # part-year
        (True, "a record-breaking coal export of 60 million tons this year", 60, False),
        (False, "2025年中歐班列開行超過2萬列", 20000, True),
        (True, "连续两年货运量破亿吨", 100, True),
        (True, "2023年の貨物通過量は3800万トンを超えた", 3800, True),
        (True, "exceeded one billion dollars in 2010", 1, True),
        (False, "trade reached 12.2 billion", 12.2, False),
    ],
)
def test_a_lower_bound_needs_a_lower_bound_word_in_the_quote(note_says, quote, value, expected):
    assert IR.lower_bound(note_says, quote, value) is expected


def test_no_shipped_lower_bound_lacks_a_lower_bound_word():
    for name in ("port_flows", "flows"):
        df = pd.read_csv(ROOT / "data" / f"{name}.csv")
        for _, r in df[df.is_lower_bound].iterrows():
            assert IR.LOWER_ANYWHERE.search(IR.unicodedata.normalize("NFKC", r.quote)), r.quote


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("截至12月2日,进出口运量完成1203.87万吨", True),
        ("12月22日までに出入境者は275万3千人", True),
        ("figures as of Dec 29 show", True),
        ("一年来黑河海关公路口岸旅检通道共监管出入境人员", True),
        ("as of the end of the period", False),
        ("2018年,进出口运量完成1203.87万吨", False),
    ],
)
def test_a_day_without_a_year_dates_a_figure_from_context(quote, expected):
    assert IR.year_from_context(quote, "2018") is expected


def test_rows_of_one_page_and_year_share_one_reading():
    rows = [
        _row(source_id="s", quote="去年贸易额69.9亿元", is_inferred="true"),
        _row(source_id="s", quote="exports came in at 78.57 billion yuan"),
        _row(source_id="s", quote="In 2023 exports came in at 78.57 billion yuan"),
        _row(source_id="t", quote="exports came in at 78.57 billion yuan"),
    ]
    out = IR.inferred_with_siblings(rows)
    assert [r["is_inferred"] for r in out] == ["true", "true", "false", "false"]


def test_a_year_read_from_an_undated_page_says_so(reg):
    undated = reg.source_for("http://example.org/no-date")
    dated = reg.source_for("http://example.org/2024/0101/x.html")
    rows = [
        _row(source_id=undated, is_inferred="true"),
        _row(source_id=dated, is_inferred="true"),
        _row(source_id=undated),
    ]
    out = IR.note_undated_pages(rows, reg)
    assert ["shows no date" in r["note"] for r in out] == [True, False, False]


def test_every_shipped_inferred_row_on_an_undated_page_says_so():
    sources = pd.read_csv(ROOT / "data" / "sources.csv").set_index("source_id")
    for name in ("port_flows", "flows"):
        df = pd.read_csv(ROOT / "data" / f"{name}.csv", keep_default_na=False)
        for _, r in df[df.is_inferred].iterrows():
            if not str(sources.date_published.get(r.source_id) or "").strip() or pd.isna(
                sources.date_published.get(r.source_id)
            ):
                assert "shows no date" in r.note, (name, r.source_id)


# Spellings of a crossing that the port layer does not carry (transliterations).
ALIASES = {"manzhouli_rail": ["Zabaikalsk"], "suifenhe_rail": ["Гродеково"]}


def test_each_rail_crossing_cites_a_page_about_that_crossing():
    """A page about Erenhot does not source Suifenhe's or Hunchun's break of gauge."""
    ports = {
        f["properties"]["port_id"]: f["properties"]
        for f in json.loads((ROOT / "geodata" / "ports.geojson").read_text("utf-8"))["features"]
    }
    sources = pd.read_csv(ROOT / "data" / "sources.csv", keep_default_na=False)
    sources = sources.set_index("source_id")
    crossings = pd.read_csv(ROOT / "data" / "rail_crossings.csv")
    for _, r in crossings.iterrows():
        p = ports[r.port_id]
        names = [p["name_en"].split()[0], p["name_zh"][:2], p["counterpart_name_en"].split()[0]]
        names += ALIASES.get(r.port_id, [])
        s = sources.loc[r.source_id]
        text = " ".join([r.quote, s.title, s.url]).lower()
        assert any(n.lower() in text for n in names if n), (r.port_id, r.source_id)

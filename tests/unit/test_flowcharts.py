"""What the Flows page draws for a view, built without Streamlit."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.catalog import load_catalog
from corridor.flowcharts import port_items, trade_items
from corridor.viewstate import View
from corridor.vocabulary import FLOW_SECTIONS

SECTIONS = list(FLOW_SECTIONS)


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def test_trade_items_in_page_order_with_their_rows_and_sources(cat):
    items = trade_items(cat, View())
    headers = [i.text for i in items if i.kind == "subheader"]
    assert headers == ["By direction: exports, imports and the total"]
    assert [i.section for i in items] == sorted([i.section for i in items], key=SECTIONS.index)
    charts = [i for i in items if i.kind == "chart"]
    assert len({c.key for c in charts}) == len(charts)  # one widget key each
    for c in charts:
        assert not c.rows.empty and "label" not in c.rows.columns
        assert set(c.source_ids) == set(c.rows["source_id"]) - {""}
        assert c.figure.layout.title.text
    direction = [c for c in charts if c.key.startswith("trade_dir_")]
    assert direction and all(c.parts is not None for c in direction)
    assert all(c.parts is None for c in charts if c not in direction)


def test_a_partner_filter_leaves_out_the_other_pairs(cat):
    items = trade_items(cat, View(partner="MNG"))
    keys = {i.key for i in items if i.kind == "chart"}
    # Russia–Mongolia concerns Mongolia: charted by direction (Mongolia's statistics of its
    # exports to and imports from Russia); China–Russia is neither charted nor named
    assert {"trade_dir_CN-MN", "trade_dir_RU-MN"} <= keys and "trade_dir_CN-RU" not in keys
    notes = " ".join(i.text for i in items if i.kind == "info")
    assert "China–Russia" not in notes


def test_years_outside_every_figure_leave_notes_not_charts(cat):
    items = trade_items(cat, View(years=(1990, 1991)))
    assert not [i for i in items if i.kind == "chart"]
    assert [i for i in items if i.kind == "info"]


def test_port_items_chart_the_shown_ports_or_say_there_is_nothing(cat):
    ports = cat.layers["ports"]
    items = port_items(cat, ports, View(), dict(zip(ports["port_id"], ports["name_en"])))
    assert [i.key for i in items] == ["ports_freight", "ports_passengers"]
    assert [i.name for i in items] == ["port_freight", "port_passengers"]
    none = port_items(cat, ports.iloc[0:0], View(), {})
    assert [i.kind for i in none] == ["info", "info"]
    assert isinstance(items[0].rows, pd.DataFrame)


def _labels(items, key):
    (chart,) = [i for i in items if i.key == key]
    return {t.name.replace("<br>", " ").split(" (")[0] for t in chart.figure.data}


def test_the_trains_chart_follows_the_port_filters(cat):
    every = _labels(trade_items(cat, View()), "ce_trains")
    assert {"through Erenhot", "through Manzhouli"} <= every
    erenhot = _labels(trade_items(cat, View(ports=("erenhot_rail",))), "ce_trains")
    assert "through Erenhot" in erenhot and "through Manzhouli" not in erenhot
    assert "China–Europe trains, national" in erenhot  # no port's figure: it stays
    road = trade_items(cat, View(modes=("road",)))
    assert not {"through Erenhot", "through Manzhouli"} & _labels(road, "ce_trains")
    assert any("national count is not a port's figure" in i.text for i in road)


def test_provincial_trade_follows_the_province_filter(cat):
    items = trade_items(cat, View(provinces=("heilongjiang",)))
    names = _labels(items, "trade_provincial_usd_bn")
    assert names and all(n.startswith("Heilongjiang") for n in names)
    national = _labels(items, "trade_national_usd_bn")
    assert "China–Russia" in national  # a country pair is no province's


def test_a_chart_keys_only_the_symbols_it_draws(cat):
    from corridor.flowcharts import symbol_key

    base = {"direction": "total", "reporter": "CHN", "is_partial_year": False}
    rows = pd.DataFrame([{**base, "year": 2015, "is_lower_bound": False}])
    assert symbol_key(rows) == ""
    rows = pd.DataFrame(
        [
            {**base, "year": 2015, "is_lower_bound": True},
            {**base, "year": 2018, "is_lower_bound": False, "reporter": "MNG"},
        ]
    )
    key = symbol_key(rows)
    assert "lower bound" in key and "partner country's statistics" in key
    assert "break in a line" in key and "part of a year" not in key
    inbound = rows.assign(direction=["in", "out"])
    assert "inbound" in symbol_key(inbound, by_direction=True)
    assert "partner" not in symbol_key(inbound, by_direction=True)


@pytest.mark.parametrize("years", [None, (2012, 2020)])
def test_the_year_axis_ends_at_the_filters_last_year_and_starts_at_the_first_figure(cat, years):
    from corridor.filters import year_bounds

    last = (years or year_bounds(cat))[1]
    charts = [i for i in trade_items(cat, View(years=years)) if i.kind == "chart"]
    trade = next(c for c in charts if c.key == "trade_national_usd_bn")
    assert trade.figure.layout.title.text.startswith("Bilateral trade (US$ bn)")
    for c in charts:
        lo, hi = c.figure.layout.xaxis.range
        first = int(c.rows["year"].min())
        assert last <= hi < last + 1, c.key  # no room for a year after the filter's last
        assert first - 1 < lo <= first, c.key  # none before the first year with a figure


def test_the_mongolian_pairs_get_a_chart_of_their_own_scale(cat):
    """China–Russia's trade (about US$ 240 bn) put China–Mongolia's and Russia–Mongolia's
    (a few bn) on its zero line: they are charted apart, each pair in one chart only."""
    items = trade_items(cat, View())
    russia = _labels(items, "trade_national_usd_bn")
    mongolia = _labels(items, "trade_national_usd_bn_mn")
    assert russia and all(n.startswith("China–Russia") for n in russia)
    assert mongolia and not any(n.startswith("China–Russia") for n in mongolia)
    assert any(n.startswith("China–Mongolia") for n in mongolia)
    # with Mongolia chosen, China–Russia is filtered out: one chart, no split
    mongolia_only = trade_items(cat, View(partner="MNG"))
    assert "China–Mongolia" in _labels(mongolia_only, "trade_national_usd_bn")
    assert "trade_national_usd_bn_mn" not in {i.key for i in mongolia_only}

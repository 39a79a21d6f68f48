"""Selecting the flows page's series: filters that leave nothing give an empty table."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.flowsets import (
    NATIONAL_TRADE,
    ce_train_series,
    direction_series,
    parts_vs_total,
    trade_series,
)
from corridor.viewstate import View

FLOWS = pd.DataFrame(
    {
        "geography": ["CN-RU", "CN-MN", "RU-MN", "CN-MN"],
        "series_id": ["a", "b", "c", "CRE_trains_Erenhot"],
        "metric": ["trade_total"] * 3 + ["trains"],
        "unit": ["usd_bn", "usd_bn", "usd_bn", "trains"],
        "year": [2019, 2019, 2019, 2019],
        "value": [110.8, 8.1, 1.6, 1000.0],
    }
)


@pytest.mark.parametrize(
    "partner,expected",
    [
        ("both", {"CN-RU", "CN-MN", "RU-MN"}),
        ("MNG", {"CN-MN", "RU-MN"}),
        ("RUS", {"CN-RU", "RU-MN"}),
    ],
)
def test_partner_filter(partner, expected):
    df = trade_series(FLOWS, View(partner=partner), NATIONAL_TRADE, "usd_bn")
    assert set(df["geography"]) == expected
    assert set(df["label"]) == {NATIONAL_TRADE[g] for g in expected}


@pytest.mark.parametrize("partner", ["both", "MNG", "RUS"])
def test_nothing_left_is_an_empty_table_with_its_columns(partner):
    # No cny_bn rows: the result keeps its columns (a chart says "no published figures").
    df = trade_series(FLOWS, View(partner=partner), NATIONAL_TRADE, "cny_bn")
    assert df.empty
    assert {"geography", "value", "label"} <= set(df.columns)


def test_train_series_follow_the_partner():
    assert set(ce_train_series(FLOWS, View(partner="MNG"))["series_id"]) == {"CRE_trains_Erenhot"}
    assert ce_train_series(FLOWS, View(partner="RUS")).empty


@pytest.mark.parametrize(
    "partner,expected",
    [
        (
            "both",
            {
                "CRE_trains_national",
                "CRE_trains_Erenhot",
                "CRE_trains_Suifenhe",
                "CRE_trains_MZL_ERL",
            },
        ),
        ("MNG", {"CRE_trains_national", "CRE_trains_Erenhot"}),
        ("RUS", {"CRE_trains_national", "CRE_trains_Suifenhe"}),
    ],
)
def test_port_train_series_follow_their_border(partner, expected):
    ids = ["CRE_trains_national", "CRE_trains_Erenhot", "CRE_trains_Suifenhe", "CRE_CA_trains"]
    ids.append("CRE_trains_MZL_ERL")  # two ports' joint figure: shown without a partner filter
    flows = pd.DataFrame({"series_id": ids, "unit": "trains", "year": 2022, "value": 1.0})
    df = ce_train_series(flows, View(partner=partner))
    assert set(df["series_id"]) == expected
    assert df["label"].notna().all()


def _trade(rows):
    cols = ["geography", "metric", "reporter", "year", "value", "is_lower_bound"]
    df = pd.DataFrame(rows, columns=cols)
    return df.assign(unit="usd_bn", is_partial_year=False, source_id="s")


def test_direction_series_keeps_both_orientations_and_names_the_reporter():
    flows = _trade(
        [
            ("CN-MN", "exports", "CHN", 2019, 1.9, False),
            ("MN-CN", "exports", "MNG", 2019, 6.0, False),
            ("CN-MN", "trade_total", "CHN", 2019, 8.1, False),
            ("CN-RU", "exports", "CHN", 2019, 49.7, False),
        ]
    )
    df = direction_series(flows, View(), "CN-MN", "usd_bn")
    assert list(zip(df["label"], df["reporter"])) == [
        ("China's exports to Mongolia", "CHN"),
        ("Mongolia's exports to China", "MNG"),
        ("China–Mongolia total", "CHN"),
    ]
    assert direction_series(flows, View(partner="RUS"), "CN-MN", "usd_bn").empty
    # a pair with a total only has no direction chart
    assert direction_series(
        flows[flows["metric"] == "trade_total"], View(), "CN-MN", "usd_bn"
    ).empty


def test_parts_vs_total_allows_for_rounding_and_keeps_every_total():
    flows = _trade(
        [
            ("CN-RU", "exports", "CHN", 2015, 32.9, False),
            ("CN-RU", "imports", "CHN", 2015, 31.4, False),
            ("CN-RU", "trade_total", "CHN", 2015, 64.2, False),  # 64.3 within rounding
            ("CN-RU", "trade_total", "CHN", 2015, 68.0, False),  # another source: off by 3.7
            ("CN-RU", "trade_total", "CHN", 2016, 70.0, True),  # a lower bound: not compared
            ("CN-RU", "exports", "CHN", 2016, 37.297, False),
            ("CN-RU", "imports", "CHN", 2016, 32.228, False),
            ("CN-RU", "exports", "CHN", 2017, 42.6, False),  # no imports that year
            ("CN-RU", "trade_total", "CHN", 2017, 84.0, False),
        ]
    )
    out = parts_vs_total(flows)
    assert list(zip(out["year"], out["total_published"], out["adds_up"])) == [
        (2015, 64.2, True),
        (2015, 68.0, False),
    ]
    assert out["difference"].tolist() == pytest.approx([0.1, -3.7])


@pytest.mark.parametrize(
    "value,half",
    [(42.6, 0.05), (37.297, 0.0005), (84.0, 0.5), (17, 0.5), (1740.0, 5), (1e-05, 5e-06)],
)
def test_half_unit_of_the_last_published_digit(value, half):
    from corridor.flowsets import _half_unit

    assert _half_unit(value) == pytest.approx(half)


@pytest.mark.parametrize(
    "partner,expected",
    [
        ("both", {"Inner Mongolia-MN", "Inner Mongolia-RU", "Inner Mongolia"}),
        ("MNG", {"Inner Mongolia-MN"}),
        ("RUS", {"Inner Mongolia-RU"}),
    ],
)
def test_a_provinces_all_partner_total_is_shown_only_without_a_partner_filter(partner, expected):
    from corridor.flowsets import PROVINCIAL_TRADE

    geos = ["Inner Mongolia-MN", "Inner Mongolia-RU", "Inner Mongolia"]
    flows = pd.DataFrame(
        {"geography": geos, "metric": "trade_total", "unit": "cny_bn", "year": 2023, "value": 1.0}
    )
    df = trade_series(flows, View(partner=partner), PROVINCIAL_TRADE, "cny_bn")
    assert set(df["geography"]) == expected


def test_parts_vs_total_compares_like_with_like():
    """Same side, same year, either orientation of the pair; no part-year or approximate figure."""
    cols = ["geography", "metric", "reporter", "year", "value", "is_partial_year", "is_approximate"]
    flows = pd.DataFrame(
        [
            # Mongolia's figures: its exports and imports (MN-CN) against its total (CN-MN)
            ("MN-CN", "exports", "MNG", 2019, 6.0, False, False),
            ("MN-CN", "imports", "MNG", 2019, 2.1, False, False),
            ("CN-MN", "trade_total", "MNG", 2019, 8.1, False, False),
            # China's total the same year is another side's: not compared with Mongolia's parts
            ("CN-MN", "trade_total", "CHN", 2019, 8.9, False, False),
            # a part-year total and an approximate total are not compared
            ("CN-MN", "trade_total", "MNG", 2019, 5.0, True, False),
            ("CN-MN", "trade_total", "MNG", 2019, 9.0, False, True),
            # two sources give different exports: no single sum to compare
            ("MN-CN", "exports", "MNG", 2020, 5.0, False, False),
            ("MN-CN", "exports", "MNG", 2020, 5.5, False, False),
            ("MN-CN", "imports", "MNG", 2020, 2.0, False, False),
            ("CN-MN", "trade_total", "MNG", 2020, 7.0, False, False),
        ],
        columns=cols,
    ).assign(is_lower_bound=False, source_id=[f"s{i}" for i in range(10)])
    out = parts_vs_total(flows)
    assert out[["year", "reporter", "total_published", "adds_up"]].values.tolist() == [
        [2019, "MNG", 8.1, True]
    ]
    assert out["source_ids"].tolist() == [("s0", "s1", "s2")]


def test_port_train_counts_join_the_train_series_once():
    """A rail port's researched count is charted with the port's series; the same figure from
    the same source in both tables is one point; the partner filter applies to it too."""
    base = {"unit": "trains", "period": "year", "reporter": "CHN"}
    flows = pd.DataFrame(
        [
            {
                **base,
                "series_id": "CRE_trains_Erenhot",
                "year": 2017,
                "value": 570.0,
                "source_id": "a",
            },
        ]
    )
    port_flows = pd.DataFrame(
        [
            {
                **base,
                "port_id": "erenhot_rail",
                "metric": "ce_trains",
                "year": 2017,
                "value": 570.0,
                "source_id": "a",
            },
            {
                **base,
                "port_id": "erenhot_rail",
                "metric": "ce_trains",
                "year": 2021,
                "value": 2739.0,
                "source_id": "b",
            },
            {
                **base,
                "port_id": "erenhot_rail",
                "metric": "freight",
                "year": 2021,
                "value": 9.0,
                "source_id": "c",
            },
            {
                **base,
                "port_id": "manzhouli_rail",
                "metric": "ce_trains",
                "year": 2021,
                "value": 4000.0,
                "source_id": "d",
            },
        ]
    )
    df = ce_train_series(flows, View(), port_flows)
    assert sorted(zip(df["label"], df["year"], df["value"])) == [
        ("through Erenhot", 2017, 570.0),
        ("through Erenhot", 2021, 2739.0),
        ("through Manzhouli", 2021, 4000.0),
    ]
    assert set(ce_train_series(flows, View(partner="MNG"), port_flows)["label"]) == {
        "through Erenhot"
    }

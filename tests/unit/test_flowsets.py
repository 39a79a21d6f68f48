"""Selecting the flows page's series: filters that leave nothing give an empty table."""

from __future__ import annotations

import pandas as pd
import pytest

from corridor.flowsets import NATIONAL_TRADE, ce_train_series, trade_series
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
        ("both", {"CRE_trains_national", "CRE_trains_Erenhot", "CRE_trains_Suifenhe"}),
        ("MNG", {"CRE_trains_national", "CRE_trains_Erenhot"}),
        ("RUS", {"CRE_trains_national", "CRE_trains_Suifenhe"}),
    ],
)
def test_port_train_series_follow_their_border(partner, expected):
    ids = ["CRE_trains_national", "CRE_trains_Erenhot", "CRE_trains_Suifenhe", "CRE_CA_trains"]
    flows = pd.DataFrame(
        {"series_id": ids, "unit": ["trains"] * 4, "year": [2022] * 4, "value": [1.0] * 4}
    )
    df = ce_train_series(flows, View(partner=partner))
    assert set(df["series_id"]) == expected
    assert df["label"].notna().all()

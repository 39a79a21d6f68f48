"""Headline figures of the Map page, from small frames."""

from __future__ import annotations

import pandas as pd

from corridor.summary import ports_by_partner


def test_ports_by_partner_lists_the_largest_group_first():
    ports = pd.DataFrame(
        {
            "partner_country": ["RUS", "MNG", "RUS", "MULTI", "RUS", "MNG", ""],
            "coord_source_id": ["a", "b", "", "c", "a", "", ""],
        }
    )
    fig = ports_by_partner(ports)
    assert fig.value == "7"
    labels = [part.rsplit(" ", 1)[0] for part in fig.detail.split(" · ")]
    counts = [int(part.rsplit(" ", 1)[1]) for part in fig.detail.split(" · ")]
    assert counts == sorted(counts, reverse=True) == [3, 2, 1, 1]
    assert labels[:2] == ["Russia", "Mongolia"]
    assert fig.source_ids == ("a", "b", "c")

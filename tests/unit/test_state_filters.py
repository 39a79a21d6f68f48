"""The filters kept across a page switch (corridor.state), on a plain dict as session state."""

from __future__ import annotations

import streamlit

from corridor import state
from corridor.viewstate import Options


def test_filters_survive_when_streamlit_drops_their_widget_state(monkeypatch):
    """Streamlit drops the state of a never-opened popover's widget when the reader switches
    page after another interaction (seen in Chromium: a shared link's filters were lost and
    the years slider came back as one number, an error on the next page; the browser test
    test_a_shared_links_filters_survive_a_click_and_a_page_switch). The app keeps the
    filters at the end of each run and puts back what was dropped, and nothing else."""
    ss = {"partner": "MNG", "years": (2015, 2019), "mode": ["rail"], "port": "ceke"}
    monkeypatch.setattr(streamlit, "session_state", ss)
    state.keep_filters()
    for key in ("partner", "years", "mode"):
        del ss[key]  # what Streamlit dropped
    ss["port"] = "erenhot_rail"  # a selection made since is not undone
    state.restore_filters()
    assert ss["partner"] == "MNG" and ss["years"] == (2015, 2019) and ss["mode"] == ["rail"]
    assert ss["port"] == "erenhot_rail"
    ss["partner"] = "RUS"  # a filter the reader changed is not put back
    state.restore_filters()
    assert ss["partner"] == "RUS"


def test_a_years_value_that_is_not_a_range_reads_as_all_years():
    opts = Options(ports=(), provinces=(), year_min=2000, year_max=2025)
    for junk in (2000, None, "2010", (2010,), [1, 2, 3]):
        assert state._years(junk, opts) == (opts.year_min, opts.year_max)
    assert state._years([2010, 2012], opts) == (2010, 2012)


def test_the_port_picker_lists_what_the_other_filters_leave_and_names_what_they_hide():
    import pandas as pd

    from corridor.filters import hidden_choices, ports_allowed
    from corridor.viewstate import View

    ports = pd.DataFrame(
        {
            "port_id": ["ceke", "manzhouli_rail", "erenhot_rail"],
            "name_en": ["Ceke", "Manzhouli", "Erenhot"],
            "partner_country": ["MNG", "RUS", "MNG"],
            "province": ["Inner Mongolia", "Inner Mongolia", "Inner Mongolia"],
            "modes": ["road", "rail", "rail"],
        }
    )
    assert ports_allowed(ports, View(partner="MNG")) == ["ceke", "erenhot_rail"]
    assert ports_allowed(ports, View(partner="MNG", modes=("rail",))) == ["erenhot_rail"]
    chosen = View(partner="MNG", modes=("rail",), ports=("ceke", "manzhouli_rail", "erenhot_rail"))
    assert ports_allowed(ports, chosen) == ["erenhot_rail"]  # the ports filter is not applied
    assert hidden_choices(ports, chosen) == {
        "ceke": ["Mode"],
        "manzhouli_rail": ["Partner country"],
    }
    assert hidden_choices(ports, View(ports=("ceke",))) == {}
    assert hidden_choices(ports, View(provinces=("heilongjiang",), ports=("ceke",))) == {
        "ceke": ["Province"]
    }


def test_events_and_channels_follow_the_years_and_the_partner():
    import pandas as pd

    from corridor.filters import channels_for_partner, events_in_years
    from corridor.viewstate import View

    events = pd.DataFrame({"date": ["1997", "2016-09", "2019-06-25", ""], "title": list("abcd")})
    assert list(events_in_years(events, View())["title"]) == list("abcd")
    assert list(events_in_years(events, View(years=(2016, 2019)))["title"]) == ["b", "c"]
    channels = pd.DataFrame(
        {"channel_id": ["ch1", "ch2", "ch3"], "countries": ["CHN", "CHN;MNG", "CHN;RUS"]}
    )
    assert list(channels_for_partner(channels, View(partner="MNG"))["channel_id"]) == ["ch2"]
    assert list(channels_for_partner(channels, View())["channel_id"]) == ["ch1", "ch2", "ch3"]


def test_the_map_view_the_browser_sends_is_checked_like_a_link(monkeypatch):
    ss = {}
    monkeypatch.setattr(streamlit, "session_state", ss)
    state.handle_map_view({"zoom": 6.5, "lat": 45.12345, "lng": 118.4})
    assert (ss[state.MAP_ZOOM], ss[state.MAP_CENTER]) == (6.5, (45.123, 118.4))
    for junk in (
        None,
        "x",
        {},
        {"zoom": "a", "lat": 1, "lng": 2},
        {"zoom": 40, "lat": 45, "lng": 118},
    ):
        state.handle_map_view(junk)
        assert (ss[state.MAP_ZOOM], ss[state.MAP_CENTER]) == (6.5, (45.123, 118.4))
    opts = Options(ports=(), provinces=(), year_min=2000, year_max=2025)
    view = state.current_view(opts)
    assert (view.zoom, view.center) == (6.5, (45.123, 118.4))

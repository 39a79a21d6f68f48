"""URL parameters -> view: valid links restore the view; junk falls back with a notice."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.viewstate import KNOWN_KEYS, Options, View, parse_view, view_to_params

OPTS = Options(
    ports=("ceke", "erenhot_rail", "manzhouli_rail"),
    provinces=("heilongjiang", "inner_mongolia"),
    channels=("ch1", "ch2"),
    year_min=2000,
    year_max=2025,
)


def test_empty_link_is_the_default_view():
    view = parse_view({}, OPTS)
    assert view == View() and view.notices == ()


def test_full_view_round_trips_through_the_url():
    view = View(
        partner="MNG",
        provinces=("inner_mongolia",),
        modes=("rail", "road"),
        ports=("ceke", "erenhot_rail"),
        years=(2015, 2019),
        port="erenhot_rail",
        channel="ch2",
        tiles="osm",
    )
    params = view_to_params(view)
    back = parse_view({k: [v] for k, v in params.items()}, OPTS)
    assert back == view and back.notices == ()


def test_default_values_are_left_out_of_the_url():
    assert view_to_params(View()) == {}


@pytest.mark.parametrize(
    ("params", "field", "expected", "named"),
    [
        ({"partner": "<script>alert(1)</script>"}, "partner", "both", "partner"),
        ({"port": "atlantis"}, "port", None, "port"),
        ({"years": "2019-2015"}, "years", None, "years"),
        ({"years": "1800-2020"}, "years", None, "years"),
        ({"years": "abc"}, "years", None, "years"),
        ({"mode": "rail,teleport"}, "modes", ("rail",), "mode"),
        ({"channel": "ch9"}, "channel", None, "channel"),
        ({"tiles": "http://evil.example/{z}"}, "tiles", "none", "tiles"),
        ({"ports": ["ceke", "ceke", "nowhere"]}, "ports", ("ceke",), "ports"),
        ({"utm_source": "x"}, "partner", "both", "utm_source"),
    ],
)
def test_bad_parameter_falls_back_with_a_notice(params, field, expected, named):
    view = parse_view(params, OPTS)
    assert getattr(view, field) == expected
    assert any(named in n for n in view.notices), view.notices


def test_repeated_keys_take_the_last_single_value():
    assert parse_view({"partner": ["MNG", "RUS"]}, OPTS).partner == "RUS"


def test_notice_shortens_very_long_values():
    view = parse_view({"port": "x" * 10_000}, OPTS)
    assert view.port is None
    assert max(len(n) for n in view.notices) < 200


values = st.text(alphabet=string.printable + "<>\"'&;中文Эрээн\u202e\x00", max_size=300)
keys = st.sampled_from(
    [
        *KNOWN_KEYS,
        "page",
        "<b>",
        "x" * 50,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(keys, st.lists(values, min_size=1, max_size=4), max_size=8))
def test_any_link_parses_to_a_valid_view(params):
    view = parse_view(params, OPTS)
    assert view.partner in ("both", "MNG", "RUS")
    assert set(view.ports) <= set(OPTS.ports)
    assert set(view.provinces) <= set(OPTS.provinces)
    assert view.port in (None, *OPTS.ports)
    assert view.channel in (None, *OPTS.channels)
    assert view.tiles in ("none", "osm")
    if view.years:
        assert OPTS.year_min <= view.years[0] <= view.years[1] <= OPTS.year_max
    assert (view.zoom is None) == (view.center is None)
    if view.zoom is not None:
        assert 3 <= view.zoom <= 12 and 30 <= view.center[0] <= 56 and 72 <= view.center[1] <= 136
    # Whatever the link said, the view written back holds only known values.
    for value in view_to_params(view).values():
        assert "<" not in value and ">" not in value


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (None, "Mode: All"),
        ([], "Mode: All"),
        ("rail", "Mode: Rail"),
        (["rail", "road"], "Mode: Rail or Road"),
        (["rail", "road", "air"], "Mode: 3 chosen"),
    ],
)
def test_filter_button_label_names_up_to_two_choices_then_counts(values, expected):
    from corridor.filters import chosen_label

    assert chosen_label("Mode", values, str.title) == expected


def test_series_names_label_complex_figures_and_keep_the_names_given():
    from corridor.filters import series_names

    names = {"erenhot_rail": "Erenhot railway port"}
    got = series_names(names, ["erenhot_rail", "erenhot", "erenhot"])
    assert got == {"erenhot_rail": "Erenhot railway port", "erenhot": "Erenhot port, all modes"}
    assert names == {"erenhot_rail": "Erenhot railway port"}  # a shared dict stays as it was


def test_an_address_deeper_than_a_page_is_named_in_a_notice_and_left_out_of_the_link():
    view = parse_view({"not_found": "/ports/x", "port": "ceke"}, OPTS)
    assert view.port == "ceke"
    assert len(view.notices) == 1 and "'/ports/x'" in view.notices[0]
    assert "not_found" not in view_to_params(view)


def test_map_zoom_and_centre_round_trip_through_the_url():
    view = parse_view({"zoom": ["6.25"], "center": ["45.12345,118.5"]}, OPTS)
    assert (view.zoom, view.center, view.notices) == (6.25, (45.123, 118.5), ())
    params = view_to_params(view)
    assert params == {"zoom": "6.25", "center": "45.123,118.500"}
    again = parse_view({k: [v] for k, v in params.items()}, OPTS)
    assert (again.zoom, again.center) == (view.zoom, view.center)
    assert "zoom" not in view_to_params(parse_view({}, OPTS))


@pytest.mark.parametrize(
    "params",
    [
        {"zoom": ["6"]},  # no centre
        {"center": ["45,118"]},  # no zoom
        {"zoom": ["99"], "center": ["45,118"]},  # beyond the map's zooms
        {"zoom": ["6.33"], "center": ["45,118"]},  # not a step the map takes
        {"zoom": ["6"], "center": ["10,118"]},  # outside the basemap's frame
        {"zoom": ["6"], "center": ["45;118"]},
        {"zoom": ["<b>"], "center": ["<script>alert(1)</script>"]},
        {"zoom": ["NaN"], "center": ["inf,1e400"]},
    ],
)
def test_a_junk_map_view_falls_back_to_the_default_with_a_notice(params):
    view = parse_view(params, OPTS)
    assert view.zoom is None and view.center is None
    assert any(n.startswith("Ignored zoom=") for n in view.notices)

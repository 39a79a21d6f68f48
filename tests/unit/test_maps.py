"""Map builders tested without a browser: layers, local scripts, feature ids, escaping."""

from __future__ import annotations

import html
import re

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from corridor.maps import build_channel_map, build_corridor_map, marker_radius


def _layers(name="Ceke road port"):
    countries = gpd.GeoDataFrame(
        {"iso_a3": ["CHN", "MNG"], "name_en": ["China", "Mongolia"], "name_zh": ["中国", "蒙古国"]},
        geometry=[box(100, 35, 120, 42), box(100, 42, 120, 50)],
        crs="EPSG:4326",
    )
    borders = gpd.GeoDataFrame(
        {
            "border_id": ["cn_mn", "cn_mn_nm"],
            "level": ["national", "province"],
            "name_en": ["China–Mongolia", "Inner Mongolia–Mongolia"],
            "length_km": [1700.0, 900.0],
        },
        geometry=[LineString([(100, 42), (120, 42)])] * 2,
        crs="EPSG:4326",
    )
    ports = gpd.GeoDataFrame(
        {
            "port_id": ["ceke", "erenhot_rail"],
            "name_en": [name, "Erenhot railway port"],
            "name_zh": ["策克口岸", "二连浩特铁路口岸"],
            "partner_country": ["MNG", "MNG"],
            "counterpart_name_en": ["Shivee Khüren", "Zamyn-Üüd"],
            "counterpart_name_local": ["", "Замын-Үүд"],
            "modes": ["road", "rail"],
            "location_precision": ["exact", "town"],
            "latest_label": [
                "1,257.7 × 10,000 t in 2016",
                "no full-year figure in China's statistics",
            ],
            "latest_freight_10k_t": [1257.67, None],
        },
        geometry=[Point(101.5, 42.0), Point(112.0, 43.6)],
        crs="EPSG:4326",
    )
    channels = gpd.GeoDataFrame(
        {
            "channel_id": ["ch2"],
            "number": [2],
            "name_en": ["Erenhot – Xilinhot – Beijing"],
            "length_km_schematic": [650.0],
            "stations": ["erenhot;beijing"],
        },
        geometry=[LineString([(112, 43.6), (116.4, 39.9)])],
        crs="EPSG:4326",
    )
    return {"countries": countries, "borders": borders, "ports": ports, "channels": channels}


def test_map_uses_only_scripts_the_app_serves():
    html = build_corridor_map(_layers()).get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert urls, "no script or style links at all"
    assert all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert "cdn.jsdelivr" not in html and "code.jquery.com" not in html


def test_map_has_no_tiles_by_default_and_osm_on_request():
    assert "tile.openstreetmap.org" not in build_corridor_map(_layers()).get_root().render()
    html = build_corridor_map(_layers(), tiles="osm").get_root().render()
    assert "tile.openstreetmap.org" in html


def test_every_port_feature_carries_its_id():
    html = build_corridor_map(_layers()).get_root().render()
    assert '"port_id": "ceke"' in html and '"port_id": "erenhot_rail"' in html
    assert '"channel_id": "ch2"' in html


def test_layers_have_names_for_the_layer_control():
    html = build_corridor_map(_layers()).get_root().render()
    for name in ("Ports", "Borders", "Rail channels (schematic)"):
        assert name in html
    assert "L.control.layers" in html


def test_port_names_are_escaped_in_the_map():
    html = build_corridor_map(_layers("<img src=x onerror=alert(1)>")).get_root().render()
    assert "<img src=x" not in html
    # Escaped once for HTML, then JSON-encoded by folium (& -> \u0026).
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html


def test_selected_port_is_highlighted():
    plain = build_corridor_map(_layers()).get_root().render()
    chosen = build_corridor_map(_layers(), selected_port="ceke").get_root().render()
    assert plain != chosen


def test_map_build_is_deterministic_apart_from_element_ids():
    def normal(html):
        return re.sub(r"_[0-9a-f]{32}", "_ID", html)

    a = build_corridor_map(_layers()).get_root().render()
    b = build_corridor_map(_layers()).get_root().render()
    assert normal(a) == normal(b)


@pytest.mark.parametrize(
    ("freight", "bigger_than_plain"), [(None, False), (0, False), (100, True), (2000, True)]
)
def test_marker_size_grows_with_freight(freight, bigger_than_plain):
    assert (marker_radius(freight) > marker_radius(None)) is bigger_than_plain
    assert marker_radius(2000) > marker_radius(100)


def test_channel_map_shows_one_channel():
    layers = _layers()
    html = build_channel_map(layers, "ch2").get_root().render()
    assert "Channel 2" in html and "along OpenStreetMap railway lines" in html


def test_basemap_is_fetched_from_the_app_not_sent_inline():
    html = build_corridor_map(_layers()).get_root().render()
    assert "/app/static/geo/countries.geojson" in html
    assert '"name_zh": "\\u4e2d\\u56fd"' not in html  # country polygons are not inline


def test_tianditu_is_offered_only_with_a_token(monkeypatch):
    from corridor.maps import tile_sources

    monkeypatch.delenv("TIANDITU_TOKEN", raising=False)
    assert "tianditu" not in tile_sources()
    html = build_corridor_map(_layers(), tiles="tianditu").get_root().render()
    assert "tianditu.gov.cn" not in html  # no key: our basemap only
    monkeypatch.setenv("TIANDITU_TOKEN", "0123456789abcdef0123456789abcdef")
    html = build_corridor_map(_layers(), tiles="tianditu").get_root().render()
    assert "tianditu.gov.cn/vec_w/wmts" in html and "TILEMATRIXSET=w" in html
    monkeypatch.setenv("TIANDITU_TOKEN", "x'); alert(1); //")
    assert "tianditu" not in tile_sources()


def test_map_frame_takes_in_every_drawn_port():
    from corridor.maps import CORRIDOR_FRAME, map_bounds

    assert map_bounds(None) == [list(CORRIDOR_FRAME[0]), list(CORRIDOR_FRAME[1])]
    ports = gpd.GeoDataFrame(
        {"port_id": ["west", "inside", "unlocated"]},
        geometry=[Point(90.8, 46.2), Point(117.4, 49.6), None],
        crs="EPSG:4326",
    )
    (s, w), (n, e) = map_bounds(ports)
    assert w == pytest.approx(90.3) and (s, n, e) == (39.0, 53.5, 134.0)
    # a port inside the frame does not move it
    assert map_bounds(ports.iloc[1:]) == map_bounds(None)


def test_the_selection_highlight_lets_clicks_through():
    """folium drops ``interactive`` from a marker's arguments: the layer sets it itself, or
    the ring and the channel's highlight catch clicks meant for the ports under them."""
    import folium

    from corridor.catalog import load_catalog
    from corridor.maps import build_selection_layer

    fg = build_selection_layer(load_catalog().layers, "ceke", "ch2")
    layers = list(fg._children.values())
    assert len(layers) == 2
    assert all(layer.options.get("interactive") is False for layer in layers)
    host = folium.Map(tiles=None)
    fg.add_to(host)
    assert host.get_root().render().count('"interactive": false') == 2


def _place(ids, points, modes, radii=None):
    return gpd.GeoDataFrame(
        {
            "port_id": ids,
            "modes": modes,
            "radius": radii or [5.0] * len(ids),
        },
        geometry=points,
        crs="EPSG:4326",
    )


def test_ports_of_one_place_are_drawn_side_by_side_each_clear_of_the_next():
    from corridor.maps import port_groups, port_offsets

    ports = _place(
        ["road", "rail", "air", "alone", "unlocated"],
        [Point(112, 43.65), Point(112, 43.65), Point(111.99, 43.66), Point(120, 45), None],
        ["road", "rail", "air", "road", "road"],
        [14.6, 14.6, 5.0, 5.0, 5.0],
    )
    assert port_groups(ports) == [[1, 0, 2], [3]]  # rail, road, air; one alone
    offsets = port_offsets(ports)
    assert set(offsets) == {"road", "rail", "air"}  # a port alone keeps its point
    xs = [offsets[p][0] for p in ("rail", "road", "air")]
    assert xs == sorted(xs) and all(offsets[p][1] == 0 for p in offsets)
    # each circle clear of the next, the row centred on the place
    assert xs[1] - xs[0] >= 14.6 + 14.6 and xs[2] - xs[1] >= 14.6 + 5.0
    assert abs((xs[0] - 14.6) + (xs[2] + 5.0)) < 0.2


def test_a_port_drawn_aside_carries_its_offset_to_the_browser_and_its_ring():
    from corridor.maps import build_selection_layer

    layers = _layers()
    ports = layers["ports"]
    ports = ports.assign(modes=["road", "rail"])
    ports.loc[0, "geometry"] = ports.loc[1, "geometry"]  # both ports at one place
    layers["ports"] = ports
    html = build_corridor_map(layers).get_root().render()
    assert html.count('"pixelOffset": [') == 2
    assert "L.CircleMarker.prototype._project" in html  # drawn aside at every zoom
    ring = build_selection_layer(layers, "ceke", None, (8.0, 0.0))
    (marker,) = ring._children.values()
    assert marker.options["pixelOffset"] == [8.0, 0.0]


def test_short_names_name_the_place():
    from corridor.maps import short_name

    assert short_name("Erenhot (Erlian) railway port") == "Erenhot (Erlian)"
    assert short_name("Heihe port (river + road bridge)") == "Heihe"
    assert short_name("Hohhot Baita International Airport (air port)") == "Hohhot Baita airport"
    assert short_name("Mohe river port (at Lianyin)") == "Mohe"


def test_labels_come_from_the_layers_in_order_of_priority():
    from corridor.maps import map_labels

    layers = _layers("<b>Ceke</b> road port")
    towns = gpd.GeoDataFrame(
        {"town_id": ["ub"], "name_en": ["Ulaanbaatar"], "population": [900000]},
        geometry=[Point(106.9, 47.9)],
        crs="EPSG:4326",
    )
    layers["towns"] = towns
    items = map_labels(layers, layers["ports"])
    kinds = [it["kind"] for it in items]
    texts = [it["text"] for it in items]
    # the main crossing (rail) first, then channels, countries, towns, other ports zoomed in
    assert kinds == ["port", "channel", "country", "country", "town", "port"]
    assert texts[1] == "2 Erenhot – Xilinhot – Beijing" and "Mongolia" in texts
    ceke = items[-1]
    assert ceke["zoom"] > 0 and ceke["text"] == "<b>Ceke</b>"  # as text: the map sets textContent
    assert all(len(it["at"]) >= 1 and len(it["at"][0]) == 5 for it in items)


def test_the_legend_names_every_symbol_the_year_and_escapes_data():
    from corridor.maps import legend_html

    layers = _layers()
    layers["channels"] = layers["channels"].assign(name_en=["<img src=x onerror=alert(1)>"])
    text = legend_html(layers, layers["ports"], 2019, (2015, 2019))
    for words in ("Russia", "Mongolia", "Rail", "Road", "River", "Air", "national border"):
        assert words in text
    assert "freight in <strong>2019</strong>" in text and "2015–2019" in text
    assert "no figure in China's statistics for 2019" in html.unescape(text)
    assert "not surveyed track" in text and "© OpenStreetMap contributors" in text
    assert "<img src=x" not in text and "&lt;img src=x" in text
    none = legend_html(layers, layers["ports"], None, (2000, 2001))
    assert "2000–2001" in none and "all plain" in none


def test_the_map_sizes_ports_by_one_year_and_says_which():
    from corridor.catalog import load_catalog
    from corridor.maps import corridor_map_for, map_ports
    from corridor.viewstate import View

    cat = load_catalog()
    early, year_early = map_ports(cat, View(years=(2015, 2019)))
    late, year_late = map_ports(cat, View(years=(2020, 2023)))
    assert (year_early, year_late) == (2019, 2023)
    size = dict(zip(early["port_id"], early["radius"]))
    size_late = dict(zip(late["port_id"], late["radius"]))
    assert size != size_late
    assert size["ganqimaodu"] == marker_radius(None) < size_late["ganqimaodu"]
    label = dict(zip(early["port_id"], early["year_label"]))
    assert label["ganqimaodu"] == "no full-year figure in China's statistics for 2019"
    assert "in 2019" in label["erenhot_rail"]
    html = corridor_map_for(cat, View(years=(2015, 2019))).get_root().render()
    assert "freight in 2019" in html and "Freight (full year)" in html


def test_the_channels_follow_the_filters():
    from corridor.catalog import load_catalog
    from corridor.maps import shown_channels
    from corridor.viewstate import View

    ch = load_catalog().layers["channels"]
    assert len(shown_channels(ch, View())) == len(ch)
    assert set(shown_channels(ch, View(partner="MNG"))["channel_id"]) == {"ch2", "ch4"}
    assert shown_channels(ch, View(modes=("road",))).empty
    assert set(shown_channels(ch, View(ports=("manzhouli_rail",)))["channel_id"]) == {"ch3"}


def test_the_maps_ports_are_cached_per_language():
    """The ports the map draws carry words (the figures that differ): a port's tooltip
    read in Chinese after an English reader must not be the English one."""
    from corridor import cache, i18n
    from corridor.viewstate import View

    try:
        i18n.use("en")
        en, _ = cache.map_ports(View())
        i18n.use("zh")
        zh, _ = cache.map_ports(View())
    finally:
        i18n.use("en")
    said = [(a, b) for a, b in zip(en["differ"], zh["differ"]) if a]
    assert said and all(a != b for a, b in said)


def test_a_ports_latest_figures_are_cached_per_language():
    """The card's latest figures are labelled in words ("Freight (total)")."""
    from corridor import cache, i18n

    try:
        i18n.use("en")
        en = cache.port_latest("erenhot_rail")
        i18n.use("ru")
        ru = cache.port_latest("erenhot_rail")
    finally:
        i18n.use("en")
    assert len(en) and list(en["label"]) != list(ru["label"])


def test_a_whole_ports_figure_sizes_one_of_its_markers():
    """Erenhot 2019 is published for the whole port: its rail and road markers were drawn as
    two equal bubbles, which read as twice the freight. The rail marker carries it; the road
    marker is drawn plainly and says where the figure is."""
    from corridor.catalog import load_catalog
    from corridor.maps import map_ports
    from corridor.viewstate import View

    ports, year = map_ports(load_catalog(), View(partner="MNG", years=(2015, 2019)))
    assert year == 2019
    by_id = ports.set_index("port_id")
    assert by_id.loc["erenhot_rail", "radius"] > marker_radius(None)
    assert by_id.loc["erenhot_road", "radius"] == marker_radius(None)
    assert "(whole port)" in by_id.loc["erenhot_road", "year_label"]
    road = by_id.loc["erenhot_road", "year_label"]
    assert road.endswith("drawn at Erenhot (Erlian) railway port")


def test_a_fuller_year_is_offered_when_the_maps_year_rests_on_few_ports():
    """The map's year is the last with any figure; when it sizes one port and an earlier year
    of the range sizes at least twice as many, the page offers that year (the latest such)."""
    import pandas as pd

    from corridor.filters import fuller_year
    from corridor.viewstate import View

    def row(port, year):
        return {
            "port_id": port,
            "year": year,
            "metric": "freight",
            "direction": "total",
            "is_partial_year": False,
            "unit": "10k_t",
            "reporter": "CHN",
            "value": 10.0,
        }

    ports = pd.DataFrame({"port_id": ["a", "b", "c"], "complex_id": ["a", "b", "c"]})
    flows = pd.DataFrame(
        [row("a", 2024), row("a", 2023), row("b", 2023), row("a", 2020)]
        + [row(p, 2019) for p in "abc"]
    )
    assert fuller_year(flows, ports, View()) == (2024, 1, 2023, 2)
    assert fuller_year(flows, ports, View(years=(2019, 2023))) is None  # 2023 has 2 of 3
    assert fuller_year(flows, ports, View(years=(2019, 2020))) == (2020, 1, 2019, 3)
    assert fuller_year(None, ports, View()) is None

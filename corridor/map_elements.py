"""Leaflet elements of our own for the folium maps: static basemap, legend, accessible name.

Each is a small Jinja template (folium's MacroElement); none inserts data-derived text.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement, Template

from corridor.style import COUNTRY_FILL

GEO_URL = "/app/static/geo"  # copies of geodata/countries and provinces (build_geodata.py)


STATIC_BASEMAP = Template("""
{% macro script(this, kwargs) %}
// Our basemap, fetched from the app's own static files: the browser caches it, so it is not
// part of the map payload sent on every rerun.
(function () {
    var fill = {{ this.fill|tojson }};
    function load(url, style) {
        return fetch(url).then(function (r) { return r.json(); }).then(function (d) {
            return L.geoJSON(d, {style: style, interactive: false});
        });
    }
    Promise.all([
        load({{ this.countries_url|tojson }}, function (f) {
            return {fillColor: fill[f.properties.iso_a3] || "#f4f4f4",
                    fillOpacity: {{ this.fill_opacity }}, color: "#999", weight: 0.6};
        }),
        {% if this.provinces_url %}load({{ this.provinces_url|tojson }}, function () {
            return {fill: false, color: "#b0a890", weight: 0.7};
        }){% else %}null{% endif %}
    ]).then(function (layers) {
        {% if this.provinces %}
        layers[1].addTo({{ this.provinces.get_name() }});
        layers[1].bringToBack();
        {% endif %}
        layers[0].addTo({{ this.countries.get_name() }});
        layers[0].bringToBack();
    }).catch(function (e) { console.warn("basemap not loaded", e); });
})();
{% endmacro %}""")


def add_static_basemap(m: folium.Map, with_provinces: bool, fill_opacity: float = 1.0) -> None:
    """Draw the country (and province) polygons from the files the app serves itself."""
    countries = folium.FeatureGroup(name="Countries", control=False).add_to(m)
    provinces = folium.FeatureGroup(name="Provinces").add_to(m) if with_provinces else None
    el = MacroElement()
    el._template = STATIC_BASEMAP
    el.countries, el.provinces = countries, provinces
    el.countries_url = f"{GEO_URL}/countries.geojson"
    el.provinces_url = f"{GEO_URL}/provinces.geojson" if with_provinces else ""
    el.fill, el.fill_opacity = COUNTRY_FILL, fill_opacity
    m.add_child(el)


LEGEND = Template("""
{% macro html(this, kwargs) %}
<div role="note" aria-label="Map legend" style="position:absolute; bottom:18px; left:10px;
 z-index:9999; background:rgba(255,255,255,.92); padding:6px 8px; font:12px sans-serif;
 border:1px solid #999; border-radius:4px; max-width:210px; font-size:11px">
 <b>Ports</b> — colour: partner<br>
 <span style="color:#0072B2">&#9679;</span> Russia &nbsp;
 <span style="color:#E69F00">&#9679;</span> Mongolia<br>
 outline: solid rail · dashed road · dotted river · long-dash air<br>
 size: latest full-year freight (10,000 t); small = no figure<br>
 <b>Rail channels</b>: dashed, schematic<br>
 Basemap: Natural Earth (public domain)
</div>
{% endmacro %}""")


MAP_TITLE = Template("""
{% macro script(this, kwargs) %}
// The map's accessible name; the map element (map_component.js) gives its region the same.
try {
    var mapTitle = {{ this.title|tojson }};
    {{ this._parent.get_name() }}.getContainer().setAttribute("aria-label", mapTitle);
} catch (e) {}
{% endmacro %}""")


def add_accessible_name(m: folium.Map, title: str) -> None:
    """Name the map for screen readers; the title is ours, not data."""
    el = MacroElement()
    el._template = MAP_TITLE
    el.title = title
    m.add_child(el)


def add_legend(m: folium.Map) -> None:
    """A static legend (no data-derived text)."""
    legend = MacroElement()
    legend._template = LEGEND
    m.get_root().html.add_child(legend)

"""Leaflet elements of our own for the folium maps: static basemap, default view, labels,
legend, metric scale, accessible name.

Each is a small Jinja template (folium's MacroElement). Data-derived text reaches the page only
as text: labels are JSON data set with ``textContent``; the legend's HTML is escaped by its
builder (``maps.legend_html``).
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


def _add(parent, template: Template, **attrs) -> None:
    """Add to ``parent`` an element that renders ``template``, with ``attrs`` for it to read."""
    el = MacroElement()
    el._template = template
    for name, value in attrs.items():
        setattr(el, name, value)
    parent.add_child(el)


def add_static_basemap(m: folium.Map, with_provinces: bool, fill_opacity: float = 1.0) -> None:
    """Draw the country (and province) polygons from the files the app serves itself."""
    countries = folium.FeatureGroup(name="Countries", control=False).add_to(m)
    provinces = folium.FeatureGroup(name="Provinces").add_to(m) if with_provinces else None
    _add(
        m,
        STATIC_BASEMAP,
        countries=countries,
        provinces=provinces,
        countries_url=f"{GEO_URL}/countries.geojson",
        provinces_url=f"{GEO_URL}/provinces.geojson" if with_provinces else "",
        fill=COUNTRY_FILL,
        fill_opacity=fill_opacity,
    )


METRIC_SCALE = Template("""
{% macro script(this, kwargs) %}
L.control.scale({imperial: false, metric: true, maxWidth: 120})
    .addTo({{ this._parent.get_name() }});
{% endmacro %}""")


def add_metric_scale(m: folium.Map) -> None:
    """A scale bar in kilometres only (folium's reads in miles too)."""
    _add(m, METRIC_SCALE)


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
    _add(m, MAP_TITLE, title=title)


VIEW = Template("""
{% macro script(this, kwargs) %}
// The default view, and markers drawn a fixed number of pixels from their
// point (ports that share a place are drawn side by side at every zoom).
(function (map) {
    if (!L.CircleMarker.prototype.__corridorOffset) {
        var project = L.CircleMarker.prototype._project;
        L.CircleMarker.prototype._project = function () {
            project.call(this);
            var o = this.options.pixelOffset;
            if (o) {
                this._point = this._point.add(L.point(o[0], o[1]));
                this._updateBounds();
            }
        };
        L.CircleMarker.prototype.__corridorOffset = true;
    }
    var corridor = L.latLngBounds({{ this.corridor|tojson }});
    var frame = L.latLngBounds({{ this.frame|tojson }});
    // the whole corridor, within the basemap's frame: no area outside the drawn countries'
    // frame is ever shown, and the reader cannot zoom out past it
    var cover = map.getBoundsZoom(frame, true);
    var whole = map.getBoundsZoom(corridor, false, L.point(10, 10));
    var fit = Math.max(whole, cover);
    // set as options, not with setMinZoom/setMaxBounds: those start animations that would end
    // after (and undo) a view set next, such as the one a link holds
    map.options.minZoom = Math.min(cover, fit);
    map.options.maxBounds = frame;
    map.options.maxBoundsViscosity = 1.0;
    map.setView(corridor.getCenter(), fit, {animate: false});
    if (fit > whole) {
        // a narrow map (a phone) cannot take in the whole corridor within the frame: show its
        // east end, where most ports are (Heilongjiang, Jilin, Manzhouli), not cut both ends
        var c = map.getCenter();
        var east = corridor.getEast() - map.getBounds().getEast();
        map.setView([c.lat, c.lng + east], fit, {animate: false});
    }
    map.on("moveend", map._panInsideMaxBounds);
    map.fire("zoomlevelschange");
    map.__corridorBaseZoom = map.getZoom();  // labels show from it (add_labels)
})({{ this._parent.get_name() }});
{% endmacro %}""")


def add_view(m: folium.Map, corridor: list, frame: list) -> None:
    """The map's default view (the corridor, inside the basemap's frame) and the pixel
    offsets of markers drawn side by side. Added right after the map is made,
    before any marker."""
    _add(m, VIEW, corridor=corridor, frame=frame)


LABELS = Template("""
{% macro script(this, kwargs) %}
// Labels drawn by the map itself (no tile server): text set as text, never HTML. Placed in
// order of priority at each zoom; a label that would cover a marker or an earlier label tries
// its other positions, then waits for a closer zoom.
(function (map, items) {
    var pane = map.createPane("corridorLabels");
    pane.style.zIndex = 450;
    pane.style.pointerEvents = "none";
    var Labels = L.Layer.extend({
        onAdd: function (map) {
            this._box = L.DomUtil.create("div", "corridor-labels", pane);
            this._els = items.map(function (it) {
                var el = L.DomUtil.create("span", "corridor-label corridor-label-" + it.kind,
                    this._box);
                el.textContent = it.text;
                el.setAttribute("data-label", it.key);
                if (it.color) {
                    el.style.color = it.color;
                    el.style.borderColor = it.color;
                }
                return el;
            }, this);
            map.on("zoomend moveend viewreset layeradd", this._later, this);
            this._draw();
        },
        onRemove: function (map) {
            map.off("zoomend moveend viewreset layeradd", this._later, this);
            L.DomUtil.remove(this._box);
        },
        _later: function () {
            clearTimeout(this._timer);
            this._timer = setTimeout(L.bind(this._draw, this), 0);
        },
        _draw: function () {
            var map = this._map;
            if (!map) { return; }
            var z = map.getZoom(), base = map.__corridorBaseZoom || z, placed = [];
            var size = map.getSize();
            var tl = map.containerPointToLayerPoint([0, 0]);
            var br = map.containerPointToLayerPoint([size.x, size.y]);
            var inside = function (r) {  // within the map's visible area
                return r.x1 >= tl.x && r.y1 >= tl.y && r.x2 <= br.x && r.y2 <= br.y;
            };
            map.eachLayer(function (l) {  // the ports' markers are obstacles
                if (l.feature && l.feature.properties.port_id && l._point && l._radius) {
                    var p = l._point, r = l._radius + 1;
                    placed.push({x1: p.x - r, y1: p.y - r, x2: p.x + r, y2: p.y + r});
                }
            });
            var hit = function (r) {
                return placed.some(function (q) {
                    return r.x1 < q.x2 && q.x1 < r.x2 && r.y1 < q.y2 && q.y1 < r.y2;
                });
            };
            items.forEach(function (it, i) {
                var el = this._els[i];
                el.removeAttribute("data-shown");
                if (z < base + it.zoom - 0.1) {
                    el.style.display = "none";
                    return;
                }
                el.style.display = "";
                var w = el.offsetWidth, h = el.offsetHeight;
                var rects = it.at.map(function (a) {
                    var p = map.latLngToLayerPoint([a[0], a[1]]).add(L.point(a[2], a[3]));
                    var x = a[4] === "r" ? p.x - w : a[4] === "c" ? p.x - w / 2 : p.x;
                    var y = p.y - h / 2;
                    return {x1: x - 2, y1: y - 1, x2: x + w + 2, y2: y + h + 1, x: x, y: y};
                });
                // a free place in view; for a label that must show (a channel's), any in view,
                // and the labels it would cover give way (hidden) so that none overlap
                var r = rects.filter(function (q) { return inside(q) && !hit(q); })[0];
                if (!r && it.always) {
                    // a place that covers no other label that must show (another channel's);
                    // the other labels it covers give way
                    var meets = function (q, o) {
                        return o.x1 < q.x2 && q.x1 < o.x2 && o.y1 < q.y2 && q.y1 < o.y2;
                    };
                    var kept = rects.filter(inside);
                    r = kept.filter(function (o) {
                        return !placed.some(function (q) { return q.always && meets(q, o); });
                    })[0] || kept[0];
                    if (r) {
                        placed = placed.filter(function (q) {
                            var covers = q.el && !q.always && meets(q, r);
                            if (covers) {
                                q.el.style.display = "none";
                                q.el.removeAttribute("data-shown");
                            }
                            return !covers;
                        });
                    }
                }
                if (!r) {
                    el.style.display = "none";
                    return;
                }
                r.el = el;
                r.always = !!it.always;
                placed.push(r);
                L.DomUtil.setPosition(el, L.point(Math.round(r.x), Math.round(r.y)));
                el.setAttribute("data-shown", "1");
            }, this);
        }
    });
    new Labels().addTo(map);
})({{ this._parent.get_name() }}, {{ this.items|tojson }});
{% endmacro %}""")

LABEL_CSS = """
.corridor-label{position:absolute;white-space:nowrap;font:11px/1.2 sans-serif;color:#222;
 text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff}
.corridor-label-country{font-size:13px;letter-spacing:.18em;text-transform:uppercase;color:#6b6b6b}
.corridor-label-port{font-weight:600}
.corridor-label-town{color:#444;font-style:italic}
.corridor-label-town::before{content:"";display:inline-block;width:5px;height:5px;
 border-radius:50%;background:#555;margin-right:3px;vertical-align:1px}
.corridor-label-channel{font-weight:700;background:rgba(255,255,255,.85);border:1.5px solid;
 border-radius:3px;padding:0 3px;text-shadow:none}
.corridor-legend{background:rgba(255,255,255,.95);border:1px solid #999;border-radius:4px;
 font:11px/1.35 sans-serif;padding:4px 7px;max-width:250px;overflow:auto}
.corridor-legend summary{cursor:pointer;font-weight:700}
.corridor-legend b{display:block;margin-top:3px}
.corridor-legend svg{vertical-align:middle}
.corridor-map .leaflet-container{background:#dbe6ee}
.corridor-map .leaflet-tooltip{white-space:normal;width:max-content;max-width:min(320px,80vw)}
/* a clicked line or marker took the browser's focus box; the keyboard's ring stays */
.corridor-map .leaflet-interactive:focus:not(:focus-visible){outline:none}
"""


def add_labels(m: folium.Map, items: list[dict]) -> None:
    """Map labels: ``items`` in order of priority, each ``{"key", "text", "kind", "zoom",
    "at": [[lat, lng, dx, dy, anchor], ...], "color"}``; ``zoom`` is the zoom above the
    default view from which it shows; ``anchor`` "l" (text starts at the point), "r" or "c"."""
    _add(m, LABELS, items=items)
    style = Template(
        "{% macro header(this, kwargs) %}<style>" + LABEL_CSS + "</style>{% endmacro %}"
    )
    _add(m.get_root().header, style)


LEGEND_CONTROL = Template("""
{% macro script(this, kwargs) %}
// The legend: a collapsible control in the corner opposite the scale bar.
(function (map) {
    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
        var div = L.DomUtil.create("div", "corridor-legend");
        div.setAttribute("role", "note");
        div.setAttribute("aria-label", "Map legend");
        // built and escaped in Python (corridor.map_elements.legend_html)
        div.innerHTML = {{ this.html|tojson }};
        var details = div.querySelector("details");
        var size = map.getSize();
        if (details && (size.x < 900 || size.y < 560)) {
            details.removeAttribute("open");  // it would cover the map: it starts folded
        }
        div.style.maxHeight = Math.max(120, size.y - 60) + "px";
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
})({{ this._parent.get_name() }});
{% endmacro %}""")


def add_legend_control(m: folium.Map, html_text: str) -> None:
    """The map's legend from ``html_text`` (built by the caller, data text escaped)."""
    _add(m, LEGEND_CONTROL, html=html_text)

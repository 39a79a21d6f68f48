"""The view a reader sees, as plain data, and its URL form (pure: no Streamlit).

Every URL parameter is parsed against what the data allows; anything else falls back to
its default and is reported in a notice that names it (as text, never as HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from corridor.i18n import _

PARTNERS = ("both", "MNG", "RUS")
MODES = ("rail", "road", "river", "air")
TILES = ("none", "osm", "tianditu")  # tianditu is drawn only where the host has a key
MAX_VALUE_CHARS = 64
MAX_LIST_ITEMS = 60


@dataclass(frozen=True)
class Options:
    """What a valid view may hold: the ids and bounds present in the data."""

    ports: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    year_min: int = 2000
    year_max: int = 2025


@dataclass(frozen=True)
class View:
    """Filters and selection shared by every page."""

    partner: str = "both"
    provinces: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    port: str | None = None
    channel: str | None = None
    tiles: str = "none"
    zoom: float | None = None
    center: tuple[float, float] | None = None
    notices: tuple[str, ...] = field(default=(), compare=False)


def _shown(value: str) -> str:
    """A URL value shortened for a notice (the notice is rendered as plain text)."""
    value = value.replace("\n", " ")
    return value if len(value) <= 40 else value[:40] + "…"


def _one(params: dict, key: str) -> str | None:
    """The single value of ``key`` (the last one when the key is repeated)."""
    values = params.get(key)
    if values is None:
        return None
    return values[-1] if isinstance(values, (list, tuple)) else values


def _many(params: dict, key: str) -> list[str]:
    """All values of ``key``, from repeated keys or one comma-separated value."""
    values = params.get(key)
    if values is None:
        return []
    values = values if isinstance(values, (list, tuple)) else [values]
    return [v for raw in values for v in str(raw).split(",") if v != ""]


def _choice(params, key, allowed, default, notices):
    """One value from ``allowed``; anything else -> default and a notice."""
    raw = _one(params, key)
    if raw is None or raw == "":
        return default
    if raw in allowed and len(raw) <= MAX_VALUE_CHARS:
        return raw
    notices.append(
        _("Ignored {key}={value}: not a known value; showing the default.").format(
            key=key, value=repr(_shown(raw))
        )
    )
    return default


def _subset(params, key, allowed, notices) -> tuple[str, ...]:
    """Values from ``allowed`` (deduplicated, in the data's order); others are reported."""
    raw = _many(params, key)
    bad = [v for v in raw if v not in allowed]
    if bad or len(raw) > MAX_LIST_ITEMS:
        shown = ", ".join(repr(_shown(v)) for v in bad[:3]) or f"{len(raw)} values"
        notices.append(_("Ignored {key}: {values} not known.").format(key=key, values=shown))
    keep = set(raw[:MAX_LIST_ITEMS])
    return tuple(v for v in allowed if v in keep)


def _years(params, opts: Options, notices) -> tuple[int, int] | None:
    """A year range within the data's bounds; reversed or junk ranges -> default."""
    raw = _many(params, "years")
    if not raw:
        return None
    parts = raw if len(raw) == 2 else (raw[0].split("-") if len(raw) == 1 else [])
    if len(parts) == 2 and all(re.fullmatch(r"\d{4}", p) for p in parts):
        lo, hi = int(parts[0]), int(parts[1])
        if opts.year_min <= lo <= hi <= opts.year_max:
            return (lo, hi)
    shown = _shown(",".join(raw))
    notices.append(
        _(
            "Ignored years={value}: expected two years from {first} to {last}, first not after "
            "second; showing all years."
        ).format(value=repr(shown), first=opts.year_min, last=opts.year_max)
    )
    return None


# The map's zoom and centre a link may hold: the zooms the map allows (steps of 0.05), a centre
# inside the
# basemap's frame (maps.BASEMAP_FRAME), to three decimals (about 100 m).
ZOOM_RANGE = (3.0, 12.0)
CENTER_LAT = (30.0, 56.0)
CENTER_LNG = (72.0, 136.0)
_NUMBER = r"-?\d{1,3}(\.\d{1,6})?"


def _map_view(params, notices) -> tuple[float | None, tuple[float, float] | None]:
    """Zoom (a multiple of 0.05) and centre ("lat,lng") of the map; both or neither, within
    bounds; anything else -> the default view and a notice."""
    zoom_raw, center_raw = _one(params, "zoom"), _one(params, "center")
    if zoom_raw in (None, "") and center_raw in (None, ""):
        return None, None
    zoom_raw, center_raw = str(zoom_raw or ""), str(center_raw or "")
    parts = center_raw.split(",")
    ok = (
        re.fullmatch(r"\d{1,2}(\.\d{1,2})?", zoom_raw) is not None
        and len(parts) == 2
        and all(re.fullmatch(_NUMBER, p) for p in parts)
    )
    if ok:
        zoom, lat, lng = float(zoom_raw), float(parts[0]), float(parts[1])
        ok = (
            ZOOM_RANGE[0] <= zoom <= ZOOM_RANGE[1]
            and round(zoom * 20) == zoom * 20
            and CENTER_LAT[0] <= lat <= CENTER_LAT[1]
            and CENTER_LNG[0] <= lng <= CENTER_LNG[1]
        )
    if not ok:
        notices.append(
            _(
                "Ignored zoom={zoom}, center={center}: expected a zoom from {low} to {high} and "
                "a centre 'latitude,longitude' inside the map; showing the default view."
            ).format(
                zoom=repr(_shown(zoom_raw)),
                center=repr(_shown(center_raw)),
                low=f"{ZOOM_RANGE[0]:g}",
                high=f"{ZOOM_RANGE[1]:g}",
            )
        )
        return None, None
    return zoom, (round(lat, 3), round(lng, 3))


def map_view_params(zoom: float | None, center: tuple[float, float] | None) -> dict[str, str]:
    """The URL form of the map's zoom and centre (nothing for the default view)."""
    if zoom is None or center is None:
        return {}
    return {"zoom": f"{zoom:g}", "center": f"{center[0]:.3f},{center[1]:.3f}"}


KNOWN_KEYS = (
    "partner",
    "province",
    "mode",
    "ports",
    "years",
    "port",
    "channel",
    "tiles",
    "zoom",
    "center",
)
# The language is read and written by ``state`` (seed_language, language_param).
LANG_KEY = "lang"
# Set by serve.py's middleware when it sends a reader from an address deeper than any page
# (``/ports/x``) to the page (``/ports``): the address asked for, for the notice.
NOT_FOUND_KEY = "not_found"


def parse_view(params: dict, opts: Options) -> View:
    """Build a View from URL query parameters; bad values fall back with a notice.

    Parameters
    ----------
    params : dict
        Query parameters: each value a string or a list of strings (repeated keys).
    opts : Options
        The valid ids and bounds.
    """
    notices: list[str] = []
    asked = _one(params, NOT_FOUND_KEY)
    if asked:
        notices.append(
            _(
                "There is no page at the address {address}: showing the nearest page of the "
                "dashboard instead."
            ).format(address=repr(_shown(asked)))
        )
    unknown = sorted(k for k in params if k not in (*KNOWN_KEYS, NOT_FOUND_KEY, LANG_KEY))
    if unknown:
        notices.append(
            _("Ignored unknown parameter(s): {names}.").format(
                names=", ".join(repr(_shown(str(k))) for k in unknown[:5])
            )
        )
    view = View(
        partner=_choice(params, "partner", PARTNERS, "both", notices),
        provinces=_subset(params, "province", opts.provinces, notices),
        modes=_subset(params, "mode", MODES, notices),
        ports=_subset(params, "ports", opts.ports, notices),
        years=_years(params, opts, notices),
        port=_choice(params, "port", opts.ports, None, notices),
        channel=_choice(params, "channel", opts.channels, None, notices),
        tiles=_choice(params, "tiles", TILES, "none", notices),
    )
    zoom, center = _map_view(params, notices)
    return replace(view, zoom=zoom, center=center, notices=tuple(notices))


def view_to_params(view: View) -> dict[str, str | list[str]]:
    """The URL form of a view: only what differs from the default."""
    out: dict[str, str | list[str]] = {}
    if view.partner != "both":
        out["partner"] = view.partner
    for key, values in (("province", view.provinces), ("mode", view.modes), ("ports", view.ports)):
        if values:
            out[key] = ",".join(values)
    if view.years:
        out["years"] = f"{view.years[0]}-{view.years[1]}"
    for key in ("port", "channel"):
        if getattr(view, key):
            out[key] = getattr(view, key)
    if view.tiles != "none":
        out["tiles"] = view.tiles
    out.update(map_view_params(view.zoom, view.center))
    return out

"""The view a reader sees, as plain data, and its URL form (pure: no Streamlit).

Every URL parameter is parsed against what the data allows; anything else falls back to
its default and is reported in a notice that names it (as text, never as HTML).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

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
    notices.append(f"Ignored {key}={_shown(raw)!r}: not a known value; showing the default.")
    return default


def _subset(params, key, allowed, notices) -> tuple[str, ...]:
    """Values from ``allowed`` (deduplicated, in the data's order); others are reported."""
    raw = _many(params, key)
    bad = [v for v in raw if v not in allowed]
    if bad or len(raw) > MAX_LIST_ITEMS:
        shown = ", ".join(repr(_shown(v)) for v in bad[:3]) or f"{len(raw)} values"
        notices.append(f"Ignored {key}: {shown} not known.")
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
        f"Ignored years={shown!r}: expected two years from {opts.year_min} to "
        f"{opts.year_max}, first not after second; showing all years."
    )
    return None


KNOWN_KEYS = ("partner", "province", "mode", "ports", "years", "port", "channel", "tiles")
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
            f"There is no page at the address {_shown(asked)!r}: showing the nearest page of "
            "the dashboard instead."
        )
    unknown = sorted(k for k in params if k not in (*KNOWN_KEYS, NOT_FOUND_KEY, LANG_KEY))
    if unknown:
        notices.append(
            "Ignored unknown parameter(s): "
            + ", ".join(repr(_shown(str(k))) for k in unknown[:5])
            + "."
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
    return replace(view, notices=tuple(notices))


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
    return out

"""Names of places, rail channels and border sections in the reader's language (pure).

A port, station or town has its English name (``name_en``) and, where a source prints one, a
name in Chinese, Russian or Mongolian (``name_zh``, ``name_ru``, ``name_mn``: ports take their
Chinese name from the research table, the rest from ``scripts/inputs/place_names.csv``). A name
the data lacks is shown in English, never guessed. A rail channel is named by its stations in
order, so its name follows the language of its stations' names; a border section is a short
code with its words in the vocabulary.
"""

from __future__ import annotations

import re

from corridor import i18n
from corridor.vocabulary import BORDER_SECTIONS, PORT_KINDS

_ZH_PORT_WORDS = re.compile(r"(铁路|公路|水运|航空)?口岸$")
CHANNEL_DASH = " – "


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def local_name(row, name_en: str | None = None) -> str:
    """A place's name in the reader's language: its ``name_<lang>`` where the data has one,
    else its English name (``name_en``, or the one given)."""
    lang = i18n.current()
    if lang != i18n.DEFAULT:
        found = _text(row.get(f"name_{lang}"))
        if found:
            return found
    return _text(row.get("name_en")) if name_en is None else name_en


def port_name(row) -> str:
    """A port's name in the reader's language, telling apart the ports of one town.

    English and Chinese names are the port's own ("Erenhot (Erlian) railway port",
    "二连浩特铁路口岸"); a Russian or Mongolian source names the town ("Эрэн-Хото"), so a
    rail, road or air port gets what it is in brackets ("Эрэн-Хото (железнодорожный пункт
    пропуска)"). No name in the language: the English one.
    """
    lang = i18n.current()
    own = _text(row.get(f"name_{lang}")) if lang not in (i18n.DEFAULT, "zh") else ""
    if not own:
        return local_name(row)
    kind = str(row.get("port_id", "")).rpartition("_")[2]
    if kind not in PORT_KINDS:
        return own
    return i18n._("{place} ({kind})").format(place=own, kind=PORT_KINDS[kind])


def zh_place(name_zh) -> str:
    """A port's Chinese name without 口岸 ("二连浩特铁路口岸" -> "二连浩特"): the town's name."""
    name = _text(name_zh)
    return _ZH_PORT_WORDS.sub("", name) or name


def station_names(stations, ports=None) -> dict[str, str]:
    """Station id -> the station's name in the reader's language.

    Its own sourced name first; for Chinese, where the station's town has a border port of the
    same name (station ``erenhot``, port ``erenhot_rail``), the port's Chinese place name (the
    research table's); else English.
    """
    if stations is None:
        return {}
    towns_zh: dict[str, str] = {}
    if i18n.current() == "zh" and ports is not None:
        for pid, zh in zip(ports["port_id"], ports["name_zh"]):
            # an airport's name is the airport's, not the town's
            if str(pid).endswith("_air") or not zh_place(zh):
                continue
            place = re.sub(r"_(rail|road|river)$", "", str(pid))
            if place not in towns_zh or pid == place:
                towns_zh[place] = zh_place(zh)
    out = {}
    for row in stations.to_dict("records"):
        sid = row["station_id"]
        own = local_name(row, "")
        out[sid] = own or towns_zh.get(sid) or _text(row.get("name_en")) or sid
    return out


def channel_name(station_ids, names: dict[str, str], short: bool = False) -> str:
    """A rail channel's name: its stations in order ("Daqing – Tongliao – Jinzhou"), each by
    its name without a variant in brackets; ``short`` keeps the two ends of a longer one
    ("Manzhouli – … – Vladivostok")."""
    ids = str(station_ids).split(";") if isinstance(station_ids, str) else list(station_ids)
    words = [re.sub(r"\s*\(.*?\)", "", names.get(s, s)).strip() for s in ids if s]
    if short and len(words) > 3:
        words = [words[0], "…", words[-1]]
    return CHANNEL_DASH.join(words)


def channel_names(channels, stations, ports=None, short: bool = False) -> dict[str, str]:
    """Channel id -> its name in the reader's language (:func:`channel_name`). In English, the
    name the source paper gives it (``name_en``), and that too where no station is listed."""
    names = station_names(stations, ports)
    out = {}
    for r in channels.to_dict("records"):
        english = str(r["name_en"])
        if i18n.current() == i18n.DEFAULT or not r.get("stations"):
            words = [w.strip() for w in english.split("–")]
            out[r["channel_id"]] = (
                CHANNEL_DASH.join([words[0], "…", words[-1]])
                if short and len(words) > 3
                else english
            )
        else:
            out[r["channel_id"]] = channel_name(r["stations"], names, short)
    return out


def section_name(border_id: str, name_en: str = "") -> str:
    """A border section's name in the reader's language (the stored English name for a
    section the vocabulary does not know)."""
    return BORDER_SECTIONS.get(border_id) or name_en or border_id


def with_local_names(layers: dict) -> dict:
    """The map's layers with ``name_local`` (and, for channels, ``name_short``) in the reader's
    language: channels named by their stations, stations and towns by their own names."""
    out = dict(layers)
    stations, ports = layers.get("stations"), layers.get("ports")
    if layers.get("channels") is not None:
        ch = layers["channels"]
        full = channel_names(ch, stations, ports)
        short = channel_names(ch, stations, ports, short=True)
        out["channels"] = ch.assign(
            name_local=[full[c] for c in ch["channel_id"]],
            name_short=[short[c] for c in ch["channel_id"]],
        )
    if stations is not None:
        names = station_names(stations, ports)
        out["stations"] = stations.assign(name_local=[names[s] for s in stations["station_id"]])
    if layers.get("towns") is not None:
        towns = layers["towns"]
        out["towns"] = towns.assign(name_local=[local_name(r) for r in towns.to_dict("records")])
    return out

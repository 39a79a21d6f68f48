"""Colours and symbols shared by the map and the charts (one place, one palette).

Words (country, mode, metric and direction names) live in ``corridor.vocabulary``; they are
imported here too for the modules that took them from this one.
"""

from corridor.vocabulary import DIRECTION_LABELS, METRIC_LABELS, MODE_LABELS, PARTNER_NAMES

__all__ = [
    "CHANNEL_COLOURS",
    "COUNTRY_FILL",
    "DIRECTION_LABELS",
    "METRIC_LABELS",
    "MODE_DASH",
    "MODE_LABELS",
    "PARTNER_COLOURS",
    "PARTNER_NAMES",
]

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PARTNER_COLOURS = {"RUS": "#0072B2", "MNG": "#E69F00"}
CHANNEL_COLOURS = {"ch1": "#009E73", "ch2": "#CC79A7", "ch3": "#D55E00", "ch4": "#56B4E9"}
# Mode is shown by the marker outline as well as in words, never by colour alone.
MODE_DASH = {"rail": None, "road": "3 3", "river": "1 4", "air": "6 2"}
COUNTRY_FILL = {
    "CHN": "#f2efe9",
    "MNG": "#e8eef2",
    "RUS": "#eef2e8",
    "KAZ": "#f4f4f4",
    "PRK": "#f4f4f4",
}

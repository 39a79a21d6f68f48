"""Colours, labels and symbols shared by the map and the charts (one place, one palette)."""

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
PARTNER_COLOURS = {"RUS": "#0072B2", "MNG": "#E69F00"}
PARTNER_NAMES = {
    "RUS": "Russia",
    "MNG": "Mongolia",
    "CHN": "China",
    "PRK": "North Korea",
    "KAZ": "Kazakhstan",
    "MULTI": "several (air)",
    "": "not recorded (air)",
}
CHANNEL_COLOURS = {"ch1": "#009E73", "ch2": "#CC79A7", "ch3": "#D55E00", "ch4": "#56B4E9"}
# Mode is shown by the marker outline as well as in words, never by colour alone.
MODE_DASH = {"rail": None, "road": "3 3", "river": "1 4", "air": "6 2"}
MODE_LABELS = {"rail": "Rail", "road": "Road", "river": "River", "air": "Air"}
COUNTRY_FILL = {
    "CHN": "#f2efe9",
    "MNG": "#e8eef2",
    "RUS": "#eef2e8",
    "KAZ": "#f4f4f4",
    "PRK": "#f4f4f4",
}
METRIC_LABELS = {
    "freight": "Freight",
    "passengers": "Passengers",
    "ce_trains": "China–Europe trains",
    "ce_teu": "China–Europe containers",
    "cross_border_tourists": "Cross-border tourists",
}
DIRECTION_LABELS = {
    "total": "total",
    "in": "inbound (into China)",
    "out": "outbound (out of China)",
    "import": "imports",
    "export": "exports",
}

"""Script rerun time of each page in AppTest, and the slowest step inside it (cProfile)."""

from __future__ import annotations

import statistics
import sys
import time

from common import ROOT

sys.path.insert(0, str(ROOT))

PAGES = [
    "pages/map.py",
    "pages/ports.py",
    "pages/channels.py",
    "pages/borders.py",
    "pages/flows.py",
    "pages/cooperation.py",
    "pages/sources.py",
]


def step_times(runs: int = 5) -> dict:
    """Median seconds of each step a Map page rerun does, outside Streamlit.

    AppTest runs the script in its own thread, out of a profiler's reach; these are the same
    calls the page makes, timed one by one.
    """
    from corridor import mapcomponent
    from corridor.catalog import load_catalog
    from corridor.filters import shown_ports
    from corridor.maps import build_selection_layer, corridor_map_for
    from corridor.viewstate import View

    cat = load_catalog()
    view = View(port="ceke")
    layers = {**cat.layers, "ports": shown_ports(cat, view)}
    # Steps marked "once per filter set" are cached (corridor/cache.py): a rerun with the
    # same filters, such as a port click, skips them.
    steps = {
        "load and validate every file (once per server)": lambda: load_catalog(),
        "filter ports, attach latest freight": lambda: shown_ports(cat, view),
        "build the folium map (once per filter set)": lambda: corridor_map_for(cat, view),
        "build and render the map for the component (once per filter set)": lambda: (
            mapcomponent.payload(corridor_map_for(cat, view))
        ),
        "build and render the selection layer (every rerun)": lambda: mapcomponent.layer_script(
            build_selection_layer(layers, "ceke", None)
        ),
    }
    out = {}
    for name, fn in steps.items():
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        out[name] = round(statistics.median(times), 3)
    return out


def rerun_times(runs: int = 5) -> dict:
    """Median rerun seconds per page (after a first run) and its slowest step."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *a, **k):  # run pages through st.navigation, as the server does
        original(self, *a, **k)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    out = {}
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["port"] = "erenhot_rail"
        at.run()
        if page != "pages/map.py":
            at.switch_page(page)
            at.run()
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
        out[page] = {"rerun_s": round(statistics.median(times), 3)}
    PagesManager.__init__ = original
    steps = step_times(runs)
    out["map_page_steps_s"] = steps
    out["slowest_map_step"] = max(steps, key=steps.get)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(rerun_times(), indent=2))

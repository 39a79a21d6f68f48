"""Script rerun time of each page in AppTest, and the slowest step inside it."""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

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
    from corridor.figures import port_card_figure
    from corridor.filters import attach_latest, filter_ports, flows_for_port
    from corridor.maps import build_selection_layer, corridor_map_for
    from corridor.summary import latest_by_metric
    from corridor.viewstate import View

    cat = load_catalog()
    view = View(port="ceke")
    latest = attach_latest(cat.layers["ports"], cat.tables["port_flows"])
    layers = {**cat.layers, "ports": filter_ports(latest, view)}
    # Steps marked "once per filter set" are cached (corridor/cache.py): a rerun with the
    # same filters, such as a port click, skips them.
    steps = {
        "load and validate every file (once per server)": lambda: load_catalog(),
        "attach latest freight to the ports (once per server)": lambda: attach_latest(
            cat.layers["ports"], cat.tables["port_flows"]
        ),
        "filter the ports (every rerun)": lambda: filter_ports(latest, view),
        "build the folium map (once per filter set)": lambda: corridor_map_for(cat, view),
        "build and render the map for the component (once per filter set)": lambda: (
            mapcomponent.payload(corridor_map_for(cat, view))
        ),
        "build and render the selection layer (once per selection)": lambda: (
            mapcomponent.layer_script(build_selection_layer(layers, "ceke", None))
        ),
        "latest figures of the selected port (once per port)": lambda: latest_by_metric(
            flows_for_port(cat.tables["port_flows"], cat.layers["ports"], "ceke")
        ),
        "build the port card's chart (once per port)": lambda: port_card_figure(
            cat, "ceke", "freight"
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


class StepTimer:
    """Seconds spent in each call a page script makes at its top level (a "step").

    AppTest runs the script in a thread of its own; ``threading.setprofile`` reaches it. Only
    calls made directly from the page's (or app.py's) module code are timed, inclusively, so
    ``ui.render_port_table(...)`` counts as one step with all it does. The profiler slows the
    run down; the steps are for ranking, the rerun time above is measured without it.
    """

    def __init__(self, scripts: set[str]):
        self.scripts = scripts
        self.started: dict[int, float] = {}
        self.totals: dict[str, float] = {}

    def __call__(self, frame, event, arg):
        # a Python call's frame is the callee's; a C call's frame is its caller's
        caller = frame if event.startswith("c_") else frame.f_back
        if caller is None or caller.f_code.co_name != "<module>":
            return
        if caller.f_code.co_filename not in self.scripts:
            return
        if event in ("call", "c_call"):
            self.started[id(frame) if event == "call" else id(arg)] = time.perf_counter()
        elif event in ("return", "c_return", "c_exception"):
            key = id(frame) if event == "return" else id(arg)
            t0 = self.started.pop(key, None)
            if t0 is None:
                return
            name = frame.f_code.co_name if event == "return" else getattr(arg, "__name__", "?")
            where = f"{Path(caller.f_code.co_filename).name}:{caller.f_lineno} {name}()"
            self.totals[where] = self.totals.get(where, 0.0) + time.perf_counter() - t0


def rerun_times(runs: int = 5) -> dict:
    """Median rerun seconds per page (after a first run) and the slowest step inside it."""
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
        timer = StepTimer({str(ROOT / page), str(ROOT / "app.py")})
        threading.setprofile(timer)
        try:
            at.run()
        finally:
            threading.setprofile(None)
        # app.py's page.run() holds the whole page: its steps are counted one by one instead
        steps = {
            k: v
            for k, v in timer.totals.items()
            if not k.startswith("app.py:") or not k.endswith(" run()")
        }
        slowest = max(steps, key=steps.get)
        out[page] = {
            "rerun_s": round(statistics.median(times), 3),
            "slowest_step": slowest,
            "slowest_step_s_profiled": round(steps[slowest], 3),
        }
    PagesManager.__init__ = original
    steps = step_times(runs)
    out["map_page_steps_s"] = steps
    out["slowest_map_step"] = max(steps, key=steps.get)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(rerun_times(), indent=2))

"""How many readers two replicas behind nginx hold, and how fast a killed replica's readers
come back.

Run: ``python bench/cluster.py [--levels 10,20,40,60] [--seconds 20]`` (needs nginx:
``apt-get install -y nginx``). Starts ``deploy/cluster.py``'s 2 replicas behind nginx on free
loopback ports, then, level by level, holds N concurrent readers for a bounded time. Each
reader is a Streamlit session driven over its websocket exactly as the browser drives it
(Streamlit's own protobuf messages): it opens the Ports page from a link, then every 1–3 s
chooses another port in the page's port box; *click → chart* is the time from sending that
choice to the end of the script run that draws the port's chart (the app's select + rerun,
both runs). No browser: Chromium would take the CPU the replicas need on this 2-core machine;
the browser's own share of a click is measured by ``bench/run.py``.

It reports the largest N whose click → chart p95 stays ≤ 1 s with no errors, each replica's
memory (resident set, idle and under load), and the time from killing a replica (SIGKILL) to
every one of its readers showing its view again on the survivor: each reconnects and asks for
a run with its link, as Streamlit's frontend does (tests/e2e/test_cluster.py checks the
frontend does). Writes ``bench/cluster_results.json``. Every loop ends by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import write_results  # noqa: E402

from deploy.cluster import Cluster  # noqa: E402

PAGE = "ports"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


class Reader:
    """One Streamlit session over its websocket, reading the Ports page."""

    def __init__(self, base: str, index: int, port_ids: list[str]):
        self.base = base
        self.ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
        self.rng = random.Random(index)
        self.link = f"port={self.rng.choice(port_ids)}"
        self.cookie = f"corridor_replica={self.rng.getrandbits(128):032x}"
        self.select_id: str | None = None
        self.options: list[str] = []
        self.latencies: list[float] = []
        self.charts = 0
        self.errors: list[str] = []
        self.ws = None

    def _rerun(self, widget=None) -> bytes:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.link
        cs.page_name = PAGE
        if widget is not None:
            w = cs.widget_states.widgets.add()
            w.id, w.string_value = widget
        return msg.SerializeToString()

    async def connect(self) -> None:
        import websockets

        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            origin=self.base,
            additional_headers={"Cookie": self.cookie},
            max_size=None,
            open_timeout=30,
        )

    async def run(self, widget=None) -> bool:
        """Ask for a run; read until the run that draws a chart finishes. True if it drew one."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        await self.ws.send(self._rerun(widget))
        chart = False
        while True:
            msg = ForwardMsg.FromString(await asyncio.wait_for(self.ws.recv(), 30))
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                el = msg.delta.new_element
                what = el.WhichOneof("type")
                if what == "selectbox" and el.selectbox.label == "Port":
                    self.select_id, self.options = el.selectbox.id, list(el.selectbox.options)
                chart = chart or what == "plotly_chart"
            # the app's select-then-rerun ends its first run early: wait for the second
            elif (
                kind == "script_finished"
                and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            ):
                return chart

    async def click(self) -> None:
        choice = self.rng.choice(self.options)
        t = time.perf_counter()
        # a port with no published figure shows its card without a chart: timed all the same
        self.charts += await self.run((self.select_id, choice))
        self.latencies.append(time.perf_counter() - t)

    async def read(self, until: float) -> None:
        try:
            await self.connect()
            await self.run()
            while time.monotonic() < until:
                await asyncio.sleep(self.rng.uniform(1.0, 3.0))
                if time.monotonic() >= until:
                    break
                await self.click()
        except Exception as exc:  # noqa: BLE001 - counted and reported, the level fails
            self.errors.append(f"{type(exc).__name__}: {exc}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def hold(cluster: Cluster, n: int, seconds: float, port_ids, keep=False):
    readers = [Reader(cluster.url, i, port_ids) for i in range(n)]
    until = time.monotonic() + seconds
    # arrivals spread over the first 2 s, as a crowd arrives, not all in one millisecond
    await asyncio.gather(
        *(stagger(r.read(until), i * 2.0 / max(n, 1)) for i, r in enumerate(readers))
    )
    mem = [rss_mb(node.proc.pid) for node in cluster.nodes if node.alive()]
    if not keep:
        await asyncio.gather(*(r.close() for r in readers))
    return readers, mem


async def stagger(coro, delay: float):
    await asyncio.sleep(delay)
    return await coro


def level_result(n: int, readers, mem) -> dict:
    lat = sorted(x for r in readers for x in r.latencies)
    errors = [e for r in readers for e in r.errors]
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("inf")
    return {
        "readers": n,
        "clicks": len(lat),
        "clicks_that_drew_a_chart": sum(r.charts for r in readers),
        "click_to_chart_median_s": round(statistics.median(lat), 3) if lat else None,
        "click_to_chart_p95_s": round(p95, 3),
        "errors": len(errors),
        "first_errors": errors[:3],
        "replica_rss_mb": mem,
    }


async def recovery(cluster: Cluster, n: int, port_ids) -> dict:
    """Kill replica 0 under n connected readers; time until each of its readers has its view
    again on the survivor (reconnect, then a run with its link, as the frontend does)."""
    readers = [Reader(cluster.url, 1000 + i, port_ids) for i in range(n)]
    for r in readers:
        await r.connect()
        await r.run()
    victim = cluster.nodes[0].port
    # which readers are on the victim: its connection closes when it is killed
    t0 = time.monotonic()
    cluster.nodes[0].kill()
    back: list[float] = []

    async def watch(r: Reader) -> None:
        try:
            while True:  # the killed replica's readers see their websocket close
                await asyncio.wait_for(r.ws.recv(), 3)
        except TimeoutError:
            return  # still connected: a reader of the survivor
        except Exception:  # noqa: BLE001 - the websocket closed: reconnect like the frontend
            pass
        for _ in range(50):
            try:
                await r.connect()
                if await r.run():
                    back.append(time.monotonic() - t0)
                return
            except Exception:  # noqa: BLE001
                await asyncio.sleep(0.2)

    await asyncio.gather(*(watch(r) for r in readers))
    await asyncio.gather(*(r.close() for r in readers), return_exceptions=True)
    return {
        "readers": n,
        "readers_of_killed_replica": len(back),
        "killed_port": victim,
        "all_back_after_s": round(max(back), 3) if back else None,
        "median_back_after_s": round(statistics.median(back), 3) if back else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", default="10,15,20,25,30,40,60")
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--recovery-readers", type=int, default=20)
    ap.add_argument("--warmup", type=float, default=30, help="seconds of clicks before timing")
    args = ap.parse_args()
    ports = json.loads((ROOT / "geodata" / "ports.geojson").read_text(encoding="utf-8"))
    port_ids = [f["properties"]["port_id"] for f in ports["features"]]
    results: dict = {
        "replicas": 2,
        "seconds_per_level": args.seconds,
        # the machine is shared: its load says how much of the 2 cores the replicas had
        "load_average_1m_at_start": os.getloadavg()[0],
        "levels": [],
    }
    with Cluster(replicas=2, session_rate="100000r/m", session_burst=10000) as cluster:
        time.sleep(2)
        results["replica_rss_idle_mb"] = [rss_mb(n.proc.pid) for n in cluster.nodes]
        # warm both replicas: each port's chart is built once per replica, then shared
        asyncio.run(hold(cluster, 8, args.warmup, port_ids))
        time.sleep(3)  # the warm-up's sessions closed: data and charts loaded and cached
        results["replica_rss_warm_mb"] = [rss_mb(n.proc.pid) for n in cluster.nodes]
        held = 0
        for n in (int(x) for x in args.levels.split(",")):
            readers, mem = asyncio.run(hold(cluster, n, args.seconds, port_ids))
            res = level_result(n, readers, mem)
            res["load_average_1m"] = round(os.getloadavg()[0], 2)
            results["levels"].append(res)
            print(res, flush=True)
            if res["errors"] or res["click_to_chart_p95_s"] > 1.0:
                break
            held = n
            time.sleep(3)  # sessions closed; let the replicas settle
        results["readers_held_p95_under_1s"] = held
        passing = [lv for lv in results["levels"] if lv["readers"] == held]
        if passing:
            warm = sum(results["replica_rss_warm_mb"])
            extra = (sum(passing[0]["replica_rss_mb"]) - warm) / held
            results["memory_per_extra_reader_mb"] = round(extra, 2)
        results["recovery"] = asyncio.run(recovery(cluster, args.recovery_readers, port_ids))
        print(results["recovery"], flush=True)
    write_results("cluster_results", results)


if __name__ == "__main__":
    main()

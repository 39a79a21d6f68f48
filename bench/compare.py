"""Map load, click and server CPU of this checkout against another commit, on this machine.

Run: ``python bench/compare.py REF [--runs 11]`` (e.g. ``python bench/compare.py HEAD~1``).
Checks REF out into a temporary git worktree, serves both apps and the bare page, and measures
each in turn, round after round (the two apps in alternate order), so that a noisy or slower
machine shifts all three alike.
Prints the medians and writes ``bench/compare_results.json``. Not part of the test suite.

Why: absolute times differ from one machine (or hour) to the next by up to 2x here; a change
is judged by its ratio to the bare page and to the commit before it, measured together.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, App, launch, median, write_results
from run import clicks, cpu_per_view, visible_bare, visible_map


def worktree(ref: str, where: Path) -> str:
    """Check ``ref`` out at ``where``; return its commit."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-f", str(where), ref],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=where, check=True, capture_output=True
    )
    return out.stdout.decode().strip()


def entry(root: Path) -> Path:
    """How a checkout is served: ``serve.py`` where it has one (from 2026-11-25's fourth
    session), else ``app.py`` as ``streamlit run`` served it before."""
    return root / "serve.py" if (root / "serve.py").exists() else root / "app.py"


def in_turn(apps: dict, i: int) -> list[str]:
    """The apps' names in round ``i``'s order: an app's place in a round moved its time by
    about 0.1 s (either way, measured), so each round takes them in the other order."""
    names = list(apps)
    return names if i % 2 == 0 else names[::-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ref", help="the commit to compare against (any git revision)")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp) / "ref"
        commit = worktree(args.ref, where)
        apps = {"this checkout": App(entry(ROOT)), commit: App(entry(where), cwd=where)}
        bare = App(ROOT / "bench" / "bare_serve.py")
        times: dict[str, list[float]] = {name: [] for name in apps}
        bare_times: list[float] = []
        try:
            with sync_playwright() as pw:
                browser = launch(pw)
                for app in apps.values():  # the first page after a start is slow: warm up
                    visible_map(browser, app.url)
                visible_bare(browser, bare.url)
                for i in range(args.runs):
                    bare_times.append(visible_bare(browser, bare.url))
                    for name in in_turn(apps, i):
                        times[name].append(visible_map(browser, apps[name].url))
                cpu = {name: cpu_per_view(browser, app, args.runs) for name, app in apps.items()}
                click = {name: [] for name in apps}
                for i in range(2):  # the first click of a session loads Plotly: dropped
                    for name in in_turn(apps, i):
                        click[name] += clicks(browser, apps[name].url, args.runs)[1:]
                cpu["bare page"] = cpu_per_view(browser, bare, args.runs, bare=True)
                browser.close()
        finally:
            for app in [*apps.values(), bare]:
                app.stop()
            subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=ROOT)
    b = median(bare_times)
    write_results(
        "compare_results",
        {
            "runs": args.runs,
            "bare_visible_s": b,
            "map_visible_s": {name: median(t) for name, t in times.items()},
            "map_vs_bare_ratio": {name: round(median(t) / b, 2) for name, t in times.items()},
            "server_cpu_s_per_view": cpu,
            "click_to_chart_s": {name: median(t) for name, t in click.items()},
        },
    )


if __name__ == "__main__":
    main()

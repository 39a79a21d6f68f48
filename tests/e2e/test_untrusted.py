"""Hostile text inside the data is shown as text everywhere and never runs."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from playwright.sync_api import expect

from corridor.paths import DATA_DIR, GEODATA_DIR
from tests.e2e.conftest import Session, start_server

pytestmark = pytest.mark.e2e
PAYLOAD = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(2)</script>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """The app serving a copy of the data whose port name and source title carry markup."""
    root = tmp_path_factory.mktemp("hostile")
    data, geo = root / "data", root / "geodata"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(GEODATA_DIR, geo)
    fc = json.loads((geo / "ports.geojson").read_text(encoding="utf-8"))
    ceke = next(f for f in fc["features"] if f["properties"]["port_id"] == "ceke")
    ceke["properties"]["name_en"] = f"Ceke {PAYLOAD}"
    ceke["properties"]["counterpart_name_en"] = SCRIPT
    (geo / "ports.geojson").write_text(json.dumps(fc), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((data / "sources.csv").read_text(encoding="utf-8"))))
    for r in rows:
        if r["source_id"] == "liu_c2021":
            r["title"] = f"Liu {SCRIPT} {PAYLOAD}"
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    (data / "sources.csv").write_text(out.getvalue(), encoding="utf-8")
    yield from start_server(
        {"CORRIDOR_DATA_DIR": str(data), "CORRIDOR_GEODATA_DIR": str(geo)}, "hostile_server"
    )


def test_markup_in_data_is_text_in_card_table_tooltip_and_chart(browser, hostile_server):
    s = Session(browser, hostile_server, viewport={"width": 1400, "height": 1000})
    dialogs = []
    s.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page = s.open("/?port=ceke")
    expect(page.get_by_role("heading", name=f"Ceke {PAYLOAD}")).to_be_visible()
    page.wait_for_selector(".corridor-map")  # the map element, drawn in the page
    page.wait_for_function(
        "() => window.map && document.querySelector('.corridor-map path.leaflet-interactive')"
    )
    page.locator(".corridor-map").first.scroll_into_view_if_needed()
    box = page.evaluate("""() => { let r = null; window.map.eachLayer(l => {
        if (l.feature && l.feature.properties.port_id === 'ceke' && l._path) {
            l.bringToFront(); const b = l._path.getBoundingClientRect();
            r = {x: b.x + b.width / 2, y: b.y + b.height / 2}; } }); return r; }""")
    page.mouse.move(box["x"], box["y"])
    tooltip = page.locator(".leaflet-tooltip").first
    expect(tooltip).to_contain_text(PAYLOAD)
    expect(tooltip).to_contain_text(SCRIPT)
    assert page.locator("img[src=x]").count() == 0
    s.open("/ports?port=erenhot_rail")
    expect(page.get_by_text(f"Liu {SCRIPT}").filter(visible=True).first).to_be_visible()
    page.wait_for_timeout(1000)
    assert dialogs == [], dialogs
    assert page.locator("img[src=x]").count() == 0
    assert s.errors == []
    s.close()

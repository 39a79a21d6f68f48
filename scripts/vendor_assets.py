"""Vendor the map's scripts and styles into static/vendor/ from the npm registry.

folium loads Leaflet and jQuery from public CDNs, which many readers cannot reach (and
jsdelivr is often blocked in China). This script fetches pinned packages with ``npm pack``,
copies the files the map needs and records versions, licences and checksums in
``static/vendor/VERSIONS.json``. Run: ``python scripts/vendor_assets.py`` (needs npm).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "static" / "vendor"
PACKAGES = {
    "leaflet@1.9.3": {
        "licence": "BSD-2-Clause",
        "files": {
            "package/dist/leaflet.js": "leaflet/leaflet.js",
            "package/dist/leaflet.css": "leaflet/leaflet.css",
            "package/dist/images/marker-icon.png": "leaflet/images/marker-icon.png",
            "package/dist/images/marker-icon-2x.png": "leaflet/images/marker-icon-2x.png",
            "package/dist/images/marker-shadow.png": "leaflet/images/marker-shadow.png",
            "package/dist/images/layers.png": "leaflet/images/layers.png",
            "package/dist/images/layers-2x.png": "leaflet/images/layers-2x.png",
            "package/LICENSE": "leaflet/LICENSE",
        },
    },
    "jquery@3.7.1": {
        "licence": "MIT",
        "files": {
            "package/dist/jquery.min.js": "jquery/jquery.min.js",
            "package/LICENSE.txt": "jquery/LICENSE.txt",
        },
    },
}


def pack(spec: str, workdir: Path) -> Path:
    """Download one npm package tarball into ``workdir`` and return its path."""
    out = (
        subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=workdir,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return workdir / out


def main() -> None:
    """Fetch, copy and record every vendored package."""
    record = {}
    with tempfile.TemporaryDirectory() as tmp:
        for spec, info in PACKAGES.items():
            with tarfile.open(pack(spec, Path(tmp))) as tar:
                for member, target in info["files"].items():
                    dest = VENDOR / target
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(member) as src, dest.open("wb") as fh:
                        shutil.copyfileobj(src, fh)
                    record[target] = {
                        "package": spec,
                        "licence": info["licence"],
                        "sha256": hashlib.sha256(dest.read_bytes()).hexdigest(),
                    }
    (VENDOR / "VERSIONS.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    print(f"vendored {len(record)} files into {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Vendor the map's scripts and styles and the CJK web font into static/vendor/ from npm.

folium loads Leaflet and jQuery from public CDNs, which many readers cannot reach (and
jsdelivr is often blocked in China). This script fetches pinned packages with ``npm pack``,
copies the files the map needs and records versions, licences and checksums in
``static/vendor/VERSIONS.json``. Run: ``python scripts/vendor_assets.py`` (needs npm).

A reader without a Chinese font on their machine saw every Chinese port name as boxes, so the
app serves Noto Sans SC itself: only the package's numbered unicode-range slices (the CJK
ones), so Latin and Cyrillic text keeps Streamlit's Source Sans and a browser fetches only the
slices a page's characters fall in. The slices' ``@font-face`` rules are written twice from
the package's own CSS into one style sheet beside the files, which ``serve.py`` links from every
page's head and the map element loads where the page lacks it (``docs/fonts.md``).
"""

from __future__ import annotations

import hashlib
import json
import re
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


# The CJK web font: @fontsource's per-weight CSS names every slice, its file and its
# unicode-range. The named subsets are left out (Source Sans draws Latin and Cyrillic).
# Weight 400 only: Chinese text is bold almost nowhere (the browser thickens 400 where it is),
# and a second weight doubles the vendored files (docs/fonts.md).
FONT = {
    "spec": "@fontsource/noto-sans-sc@5.3.1",
    "licence": "OFL-1.1",
    "family": "noto-sans-sc",
    "dir": "fonts/noto-sans-sc",
    "weights": (400,),
    "skip": ("latin", "latin-ext", "cyrillic", "vietnamese"),
}
FONT_CSS = "noto-sans-sc.css"  # the slices' @font-face rules, beside the files
_FACE = re.compile(r"/\*\s*noto-sans-sc-(\S+)-(\d+)-normal\s*\*/\s*@font-face\s*\{(.*?)\}", re.S)


def font_faces(css: str, weight: int) -> list[dict]:
    """The CJK slices one weight's CSS declares: subset, weight, woff2 file and unicode-range.

    Raises ValueError if the CSS names a subset that is neither a numbered slice nor one of
    the left-out named ones (a new package layout must be looked at, not guessed).
    """
    faces = []
    for subset, w, body in _FACE.findall(css):
        if subset in FONT["skip"]:
            continue
        if not re.fullmatch(r"\[\d+\]", subset) or int(w) != weight:
            raise ValueError(f"unexpected @font-face {subset} {w} in the {weight} CSS")
        file = re.search(r"url\(\./files/([\w.-]+\.woff2)\)", body).group(1)
        ranges = re.search(r"unicode-range:\s*([^;]+);", body).group(1).replace(" ", "")
        faces.append({"subset": subset, "weight": weight, "file": file, "range": ranges})
    if not faces:
        raise ValueError(f"no CJK slices found in the {weight} CSS")
    return faces


def font_css(faces: list[dict]) -> str:
    """The slices' ``@font-face`` rules as one style sheet (URLs relative to it)."""
    rules = [
        f"/* Noto Sans SC ({FONT['spec']}, {FONT['licence']}): CJK slices only. "
        "Written by scripts/vendor_assets.py. */"
    ]
    for f in faces:
        rules.append(
            f"@font-face{{font-family:{FONT['family']};font-style:normal;font-display:swap;"
            f"font-weight:{f['weight']};src:url({f['file']}) format('woff2');"
            f"unicode-range:{f['range']}}}"
        )
    return "\n".join(rules) + "\n"


def vendor_font(tar: tarfile.TarFile, record: dict) -> list[dict]:
    """Copy the font's CJK slices and licence, write the map's CSS; return the slices."""
    dest_dir = VENDOR / FONT["dir"]
    if dest_dir.exists():
        shutil.rmtree(dest_dir)  # slices of an older version must not linger
    dest_dir.mkdir(parents=True)
    faces = []
    for weight in FONT["weights"]:
        css = tar.extractfile(f"package/{weight}.css").read().decode("utf-8")
        faces += font_faces(css, weight)
    copies = {f"package/files/{f['file']}": f["file"] for f in faces}
    copies["package/LICENSE"] = "LICENSE"
    for member, name in copies.items():
        with tar.extractfile(member) as src, (dest_dir / name).open("wb") as fh:
            shutil.copyfileobj(src, fh)
    (dest_dir / FONT_CSS).write_text(font_css(faces), encoding="utf-8")
    for name in [*copies.values(), FONT_CSS]:
        record[f"{FONT['dir']}/{name}"] = {
            "package": FONT["spec"],
            "licence": FONT["licence"],
            "sha256": hashlib.sha256((dest_dir / name).read_bytes()).hexdigest(),
        }
    return faces


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
        with tarfile.open(pack(FONT["spec"], Path(tmp))) as tar:
            faces = vendor_font(tar, record)
    size = sum((VENDOR / FONT["dir"] / f["file"]).stat().st_size for f in faces)
    print(f"{len(faces)} font slices ({size / 1e6:.1f} MB) and their style sheet {FONT_CSS}")
    (VENDOR / "VERSIONS.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
    print(f"vendored {len(record)} files into {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

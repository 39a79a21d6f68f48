"""The served CJK font: its style sheet (linked from every page's head by serve.py) and the
vendored files say the same thing, and the theme names the family (docs/fonts.md)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".streamlit" / "config.toml"
FONT_DIR = ROOT / "static" / "vendor" / "fonts" / "noto-sans-sc"
RANGE = re.compile(r"U\+([0-9a-fA-F]{1,6})(?:-([0-9a-fA-F]{1,6}))?")


def _vendor_script():
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", ROOT / "scripts" / "vendor_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _faces() -> list[dict]:
    """The style sheet's @font-face rules, as family, style, weight, url and unicodeRange."""
    css = (FONT_DIR / "noto-sans-sc.css").read_text(encoding="utf-8")
    return [
        {
            "family": family,
            "style": style,
            "weight": int(weight),
            "url": "app/static/vendor/fonts/noto-sans-sc/" + file,
            "unicodeRange": ranges,
        }
        for family, style, weight, file, ranges in re.findall(
            r"@font-face\{font-family:([\w-]+);font-style:(\w+);font-display:swap;"
            r"font-weight:(\d+);src:url\(([\w.-]+)\) format\('woff2'\);unicode-range:([^}]+)\}",
            css,
        )
    ]


def _ranges(text: str) -> list[tuple[int, int]]:
    """The code point intervals of a CSS unicode-range; ValueError if any part is not one."""
    out = []
    for part in text.split(","):
        m = RANGE.fullmatch(part.strip())
        if not m:
            raise ValueError(f"not a unicode range: {part!r}")
        lo = int(m.group(1), 16)
        hi = int(m.group(2) or m.group(1), 16)
        if not lo <= hi <= 0x10FFFF:
            raise ValueError(f"empty or out of range: {part!r}")
        out.append((lo, hi))
    return out


def test_every_font_face_names_a_vendored_file_once():
    faces = _faces()
    assert faces, "the style sheet declares no @font-face"
    files = set()
    for face in faces:
        assert face["family"] == "noto-sans-sc"
        assert face["style"] == "normal" and face["weight"] in (100, 200, 300, 400, 500, 600, 700)
        url = face["url"]
        assert url.startswith("app/static/vendor/fonts/noto-sans-sc/") and url.endswith(".woff2")
        path = ROOT / "static" / url.removeprefix("app/static/")
        assert path.is_file(), f"{url} is declared but not vendored"
        files.add(path.name)
    assert len(files) == len(faces), "a file is declared twice"
    vendored = {p.name for p in FONT_DIR.glob("*.woff2")}
    assert vendored == files, f"vendored but not declared: {sorted(vendored - files)}"


def test_unicode_ranges_are_valid_cjk_and_do_not_overlap():
    seen: dict[int, list[tuple[int, int, str]]] = {}
    ideographs = set()
    for face in _faces():
        for lo, hi in _ranges(face["unicodeRange"]):
            seen.setdefault(face["weight"], []).append((lo, hi, face["url"]))
            ideographs |= {c for c in range(max(lo, 0x4E00), min(hi, 0x9FFF) + 1)}
    for intervals in seen.values():
        intervals.sort()
        for (_, hi, a), (lo, _, b) in zip(intervals, intervals[1:]):
            assert lo > hi, f"{a} and {b} both cover U+{lo:X}"
    # the slices together cover the common ideographs a port name is written in
    assert all(ord(c) in ideographs for c in "二连浩特铁路口岸满洲里绥芬河策克")


def test_no_latin_or_cyrillic_subset_is_vendored():
    names = [p.name for p in FONT_DIR.iterdir()]
    assert not [n for n in names if re.search(r"latin|cyrillic|vietnamese", n)]
    assert all(
        re.fullmatch(r"noto-sans-sc-\d+-\d00-normal\.woff2", n)
        for n in names
        if n.endswith(".woff2")
    )


def test_the_theme_declares_no_font_faces_of_its_own():
    # fontFaces tables travel with every script run (docs/fonts.md): the style sheet has them
    assert "fontFaces" not in tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    css = (FONT_DIR / "noto-sans-sc.css").read_text(encoding="utf-8")
    assert css.count("@font-face") == len(_faces())


def test_the_map_draws_with_the_pages_font_list():
    js = (ROOT / "corridor" / "map_component.js").read_text(encoding="utf-8")
    declared = re.search(r"const FONTS = ((?:'[^']*'\s*\+?\s*)+);", js).group(1)
    in_js = "".join(re.findall(r"'([^']*)'", declared))
    theme = tomllib.loads(CONFIG.read_text())["theme"]["font"]
    assert in_js == theme.replace(", ", ",")


def test_theme_font_keeps_source_sans_first_and_falls_back_to_the_served_font():
    # Streamlit appends '"Source Sans", sans-serif' to theme.font; the served family must be
    # in the list, after Source Sans (its slices also hold some Latin letters).
    families = [
        f.strip().strip("\"'")
        for f in tomllib.loads(CONFIG.read_text())["theme"]["font"].split(",")
    ]
    assert families[0] == "Source Sans"
    # the reader's own Chinese fonts first (nothing to fetch), the served one last
    assert families[-1] == "noto-sans-sc" and "Microsoft YaHei" in families


def test_versions_record_every_font_file_with_its_checksum():
    record = json.loads((ROOT / "static" / "vendor" / "VERSIONS.json").read_text())
    for path in FONT_DIR.iterdir():
        entry = record[f"fonts/noto-sans-sc/{path.name}"]
        assert entry["licence"] == "OFL-1.1" and entry["package"].startswith(
            "@fontsource/noto-sans-sc@"
        )
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), path.name
    assert "SIL Open Font License" in (FONT_DIR / "LICENSE").read_text()


SAMPLE_CSS = """
/* noto-sans-sc-[4]-400-normal */
@font-face {
  font-family: 'Noto Sans SC';
  font-weight: 400;
  src: url(./files/noto-sans-sc-4-400-normal.woff2) format('woff2'),
    url(./files/noto-sans-sc-4-400-normal.woff) format('woff');
  unicode-range: U+4e00-4e01, U+9fa5;
}
/* noto-sans-sc-latin-400-normal */
@font-face {
  font-family: 'Noto Sans SC';
  font-weight: 400;
  src: url(./files/noto-sans-sc-latin-400-normal.woff2) format('woff2');
  unicode-range: U+0000-00FF;
}
"""


def test_vendor_script_reads_the_cjk_slices_and_writes_their_style_sheet():
    va = _vendor_script()
    faces = va.font_faces(SAMPLE_CSS, 400)
    assert faces == [
        {
            "subset": "[4]",
            "weight": 400,
            "file": "noto-sans-sc-4-400-normal.woff2",
            "range": "U+4e00-4e01,U+9fa5",
        }
    ]
    with pytest.raises(ValueError, match="unexpected"):
        va.font_faces(SAMPLE_CSS.replace("latin-400", "korean-400"), 400)
    css = va.font_css(faces)
    assert css.count("@font-face") == 1
    assert (
        "font-family:noto-sans-sc;font-style:normal;font-display:swap;font-weight:400;"
        "src:url(noto-sans-sc-4-400-normal.woff2) format('woff2');"
        "unicode-range:U+4e00-4e01,U+9fa5}"
    ) in css

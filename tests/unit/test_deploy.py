"""The nginx configuration shipped for deployments fills in and, where nginx is installed,
passes nginx's own check."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def filled(tmp_path: Path) -> str:
    (tmp_path / "st").mkdir()
    return TEMPLATE.read_text(encoding="utf-8").format(
        listen="127.0.0.1:18080",
        upstream="127.0.0.1:8501",
        streamlit_static=tmp_path / "st",
        app_static=ROOT / "static",
        pid=tmp_path / "nginx.pid",
        error_log=tmp_path / "error.log",
    )


def test_template_fills_every_placeholder(tmp_path):
    text = filled(tmp_path)  # a missing value raises KeyError
    assert "{listen}" not in text and "proxy_pass http://127.0.0.1:8501;" in text
    assert "location /static/" in text and "location /app/static/" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text  # Streamlit's websocket


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_it(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(filled(tmp_path))
    out = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr

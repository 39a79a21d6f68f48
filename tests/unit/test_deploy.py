"""The deployment files: the Dockerfile passes hadolint, the Kubernetes manifests validate
offline, the compose file and its nginx configuration agree with the Dockerfile and the
renderer, and the nginx configuration (one or many replicas) passes nginx's own check."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deploy.cluster import compose_config, content_security_policy, nginx_config, streamlit_static
from tests.conftest import need_nginx

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
MANIFESTS = sorted((ROOT / "deploy" / "kubernetes").glob("*.yaml"))
INDEX_HTML = (streamlit_static() / "index.html").read_text(encoding="utf-8")


def _tool(name: str) -> str:
    """A dev dependency's executable (installed beside this Python by pip)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt")
    return found


def hadolint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("hadolint"), "--no-color", str(path)], capture_output=True, text=True
    )


def test_dockerfile_passes_hadolint():
    out = hadolint(DOCKERFILE)
    assert out.returncode == 0, out.stdout + out.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path):
    # the lint can fail: an unpinned base image run as root is reported
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install streamlit\nUSER root\n")
    out = hadolint(bad)
    assert out.returncode != 0 and "DL3007" in out.stdout


def test_dockerfile_is_pinned_non_root_healthchecked_and_runs_serve_py():
    text = DOCKERFILE.read_text(encoding="utf-8")
    bases = re.findall(r"^FROM (\S+)", text, re.M)
    assert bases and all(re.search(r":\d+\.\d+\.\d+-", b) for b in bases), bases
    app_stage = text.split("FROM ")[1]
    assert "python:3.11" in app_stage and "-slim" in app_stage
    users = re.findall(r"^USER (\S+)", app_stage, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "HEALTHCHECK" in app_stage and "/_stcore/health" in app_stage
    assert re.search(r'ENTRYPOINT \[.*"serve\.py"', app_stage, re.S)
    assert "requirements.txt" in app_stage  # the app's pins, not the dev set


def test_dockerfile_copies_everything_the_app_reads():
    text = DOCKERFILE.read_text(encoding="utf-8")
    for needed in ("app.py", "serve.py", "corridor/", "pages/", "data/", "geodata/", "static/"):
        assert needed in text, needed
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert not {"data", "geodata", "static", "corridor", "pages"} & set(ignored)


def kubernetes_validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("kubernetes-validate"), "--strict", "--no-warn", str(path)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("path", MANIFESTS, ids=[p.name for p in MANIFESTS])
def test_kubernetes_manifest_validates_offline(path):
    out = kubernetes_validate(path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_kubernetes_validate_catches_a_broken_manifest(tmp_path):
    doc = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "deployment.yaml").read_text())
    doc["spec"]["replicas"] = "two"
    doc["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGett"] = {}
    bad = tmp_path / "deployment.yaml"
    bad.write_text(yaml.safe_dump(doc))
    assert kubernetes_validate(bad).returncode != 0


def _docs() -> dict[str, dict]:
    out = {}
    for path in MANIFESTS:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            out[doc["kind"]] = doc
    return out


def test_manifests_fit_together():
    docs = _docs()
    assert set(docs) == {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler"}
    dep = docs["Deployment"]
    labels = dep["spec"]["template"]["metadata"]["labels"]
    assert docs["Service"]["spec"]["selector"].items() <= labels.items()
    box = dep["spec"]["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert box[probe]["httpGet"]["path"] == "/_stcore/health"
    assert box["ports"][0]["containerPort"] == 8501  # the Dockerfile's port
    assert dep["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    notes = docs["Ingress"]["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"  # the websocket sticks
    backend = docs["Ingress"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == docs["Service"]["metadata"]["name"]
    target = docs["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", dep["metadata"]["name"])


def test_compose_builds_the_dockerfiles_stages_and_its_nginx_conf_is_current():
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
    stages = set(re.findall(r"^FROM \S+ AS (\S+)", DOCKERFILE.read_text(), re.M))
    services = compose["services"]
    assert {s["build"]["target"] for s in services.values()} <= stages
    assert "replicas" in services["app"]["deploy"]
    assert services["web"]["depends_on"]["app"]["condition"] == "service_healthy"
    shipped = (ROOT / "deploy" / "compose" / "nginx.conf").read_text(encoding="utf-8")
    assert shipped == compose_config(), (
        "deploy/compose/nginx.conf is stale: python deploy/cluster.py --write-compose-config"
    )


def filled(tmp_path: Path, upstreams=("127.0.0.1:8501",)) -> str:
    return nginx_config(
        "127.0.0.1:18080", list(upstreams), workdir=tmp_path, as_root=os.geteuid() == 0
    )


def test_config_fills_every_placeholder(tmp_path):
    text = filled(tmp_path, ["127.0.0.1:8501", "127.0.0.1:8502"])
    assert not re.search(r"\{[a-z_]+\}", text)
    assert "server 127.0.0.1:8501" in text and "server 127.0.0.1:8502" in text
    assert "hash $sticky_key consistent;" in text  # one browser, one replica
    assert "location /static/" in text and "location /app/static/" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text  # Streamlit's websocket
    assert "proxy_next_upstream error timeout" in text  # a gone replica is skipped
    assert "limit_req zone=sessions" in text and "client_max_body_size 1m;" in text


def test_every_location_that_adds_headers_repeats_the_security_headers(tmp_path):
    # nginx drops the server's add_header lines in a location with its own add_header
    text = filled(tmp_path)
    for block in re.findall(r"location [^{]+\{(.*?)\n        \}", text, re.S):
        if "add_header" in block:
            for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
                assert f"add_header {name} " in block, (name, block[:80])


def test_csp_allows_streamlits_inline_script_by_hash_and_framing_by_anyone():
    csp = content_security_policy(INDEX_HTML)
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert re.search(r"script-src [^;]*'sha256-[A-Za-z0-9+/=]{44}'", csp)
    assert "frame-ancestors *" in csp and "object-src 'none'" in csp
    other = content_security_policy("<script>window.x = 1</script>")
    assert other != csp  # the hash follows the page's script


@pytest.mark.parametrize("count", [1, 3])
def test_nginx_accepts_it(tmp_path, count):
    conf = tmp_path / "nginx.conf"
    conf.write_text(filled(tmp_path, [f"127.0.0.1:{8501 + i}" for i in range(count)]))
    nginx = need_nginx()
    out = subprocess.run(
        [nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr


def test_csp_lets_every_tile_server_the_map_offers_through(monkeypatch):
    from fnmatch import fnmatch
    from urllib.parse import urlsplit

    from corridor.maps import tile_sources

    monkeypatch.setenv("TIANDITU_TOKEN", "0" * 32)  # Tianditu is offered only with a key
    csp = content_security_policy(INDEX_HTML)
    allowed = [
        s.split("://")[1] for s in csp.split("img-src")[1].split(";")[0].split() if "://" in s
    ]
    offered = [
        urlsplit(src[0].replace("{s}", "0")).netloc for src in tile_sources().values() if src
    ]
    assert len(offered) == 2
    for host in offered:
        assert any(fnmatch(host, pattern) for pattern in allowed), host

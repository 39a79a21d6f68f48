# The dashboard as a container: `docker build -t corridor-dashboard .` then
# `docker run -p 8501:8501 corridor-dashboard` (one replica; docs/deploying.md has the rest).
# The second target, `web`, is nginx with Streamlit's and the app's static files and the
# configuration from deploy/cluster.py, for deploy/compose.yaml.

FROM python:3.11.7-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# No system packages: every dependency ships as a wheel (GEOS, PROJ and GDAL inside shapely,
# pyproj and pyogrio), and no text is drawn on the server. Fonts are the reader's browser's
# (Streamlit ships its own Latin fonts; CJK and Cyrillic names use the reader's system fonts),
# so the image needs none.
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-compile -r requirements.txt \
    && useradd --create-home --uid 10001 --shell /usr/sbin/nologin dashboard
COPY --chown=root:root .streamlit/ .streamlit/
COPY --chown=root:root app.py serve.py ./
COPY --chown=root:root corridor/ corridor/
COPY --chown=root:root pages/ pages/
COPY --chown=root:root data/ data/
COPY --chown=root:root geodata/ geodata/
COPY --chown=root:root static/ static/

# The app reads its files and writes nothing: owned by root, run as an unprivileged user.
USER 10001
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2)"]
ENTRYPOINT ["python", "-m", "streamlit", "run", "serve.py", \
            "--server.port=8501", "--server.address=0.0.0.0"]


# nginx in front of the replicas (deploy/compose.yaml): serves the static files itself.
FROM nginxinc/nginx-unprivileged:1.28.0-alpine AS web
COPY --from=app /usr/local/lib/python3.11/site-packages/streamlit/static/ /srv/streamlit-static/
COPY static/ /srv/app-static/
COPY deploy/compose/nginx.conf /etc/nginx/nginx.conf
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/_stcore/health"]

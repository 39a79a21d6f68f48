"""Share and embed a view (pure: no Streamlit): the link, its embedded form and the
<iframe> code, as Our World in Data's grapher offers them.

The whole view lives in the link's query, so the embedded form is the same link with
Streamlit's ``embed=true`` (which shows the page without Streamlit's header and toolbar; the
app then leaves out its sidebar and adds a link back to the full dashboard).
"""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

EMBED_KEYS = ("embed", "embed_options")
EMBED_WIDTH = "100%"
EMBED_HEIGHT = 680  # the map, or a page's first chart with its title, without scrolling


def full_url(link: str) -> str:
    """The link without Streamlit's embed parameters: the view in the full dashboard."""
    parts = urlsplit(link)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in EMBED_KEYS]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def embed_url(link: str) -> str:
    """The same view in Streamlit's embed mode."""
    parts = urlsplit(full_url(link))
    query = parse_qsl(parts.query) + [("embed", "true")]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def embed_code(link: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """An <iframe> of the view, sized, titled for screen readers, every attribute escaped."""
    return (
        f'<iframe src="{escape(embed_url(link))}" title="{escape(title)}" '
        f'width="{EMBED_WIDTH}" height="{int(height)}" style="border: 0" loading="lazy" '
        'allow="fullscreen"></iframe>'
    )

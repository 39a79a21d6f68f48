"""The share link's embedded form and its <iframe> code (corridor.share)."""

from __future__ import annotations

from corridor.share import embed_code, embed_url, full_url

LINK = "https://corridor.example.org/ports?partner=MNG&port=erenhot_rail"


def test_embed_url_adds_streamlits_embed_mode_once():
    assert embed_url(LINK) == LINK + "&embed=true"
    assert embed_url(embed_url(LINK)) == LINK + "&embed=true"
    assert embed_url("https://x.org/") == "https://x.org/?embed=true"


def test_full_url_drops_the_embed_parameters_only():
    assert full_url(LINK + "&embed=true&embed_options=light_theme") == LINK
    assert full_url(LINK) == LINK


def test_embed_code_is_a_sized_titled_iframe_with_escaped_attributes():
    code = embed_code(LINK, 'Ports "quoted" <b>', height=500)
    assert code.startswith('<iframe src="https://corridor.example.org/ports?partner=MNG&amp;')
    assert 'embed=true"' in code and 'height="500"' in code and 'width="100%"' in code
    assert 'title="Ports &quot;quoted&quot; &lt;b&gt;"' in code
    assert "<b>" not in code

"""The scripts sitrep puts into pages and the policy that allows exactly those (sitrep.web)."""

from __future__ import annotations

import json
import re

import pytest

from sitrep import web


def test_json_for_html_cannot_close_its_block_and_round_trips():
    value = {"a": "</script><script>alert(1)</script>", "b": "<!-- & ]]> \u2028\u2029", "n": [1, None, 2.5]}
    text = web.json_for_html(value)
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == value
    block = web.data_block(value, cls="x")
    assert block.count("</script") == 1 and block.endswith("</script>")


def test_json_for_html_refuses_nan():
    with pytest.raises(ValueError):
        web.json_for_html({"x": float("nan")})


def test_policy_allows_exactly_sitreps_own_scripts():
    lib = web.library_tag("datatables") + web.library_tag("bokeh")
    smuggled = "<script>document.body.setAttribute('data-pwned','x')</script>"
    page = f"<html><head></head><body>{lib}{web.data_block({'k': 1}, cls='sitrep-bokeh-item')}{smuggled}</body></html>"
    hashes = web.script_hashes(page)
    assert set(hashes) == {web.sha256_source(s) for s in web.known_scripts()}
    assert web.sha256_source("document.body.setAttribute('data-pwned','x')") not in hashes
    policy = web.page_policy(page)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["script-src"] == hashes
    scripts = " ".join(directives["script-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in policy and "blob:" not in policy
    assert directives["default-src"] == ["'none'"] and "connect-src" not in directives  # no fetch, no XHR


def test_a_page_without_widgets_allows_no_script():
    assert "script-src 'none'" in web.page_policy("<html><body><p>hi</p><script>x()</script></body></html>")


def test_libraries_are_kept_once_per_page():
    page = web.library_tag("bokeh") + "<p>between</p>" + web.library_tag("bokeh")
    kept = web.dedupe_libraries(page)
    assert kept.count('data-sitrep-lib="bokeh"') == 1 and kept.count('data-sitrep-lib="bokeh-boot"') == 1
    assert "<p>between</p>" in kept


def test_the_datatables_bundle_becomes_a_global_without_eval_options():
    source = web.datatables_library()
    assert "window.sitrepDataTables=" in source and '"ITable":' in source
    assert not re.search(r"\bexport\s*\{", source[-2000:])


def test_runner_kernels_leave_the_libraries_to_the_renderer(monkeypatch):
    monkeypatch.setattr(web, "_emitted", set())
    monkeypatch.setenv(web.INLINE_ENV, "0")
    assert web.library_once("bokeh") == ""
    page = "<html><body>" + web.data_block({"a": 1}, cls="sitrep-bokeh-item") + "</body></html>"
    page = web.ensure_libraries(page)
    assert page.count('data-sitrep-lib="bokeh"') == 1 and 'data-sitrep-lib="datatables"' not in page
    assert page.index('data-sitrep-lib="bokeh"') < page.index("</body>")
    monkeypatch.delenv(web.INLINE_ENV)
    assert 'data-sitrep-lib="bokeh"' in web.library_once("bokeh") and web.library_once("bokeh") == ""

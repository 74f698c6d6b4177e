"""Interactive tables (sitrep.tables): cells as escaped HTML, numbers numeric, the static table for print."""

from __future__ import annotations

import html
import json
import re

import pandas as pd

from sitrep.tables import PROVENANCE_LINK, cell_html, interactive_table

PAYLOAD = "<img src=x onerror=\"document.body.setAttribute('data-pwned','cell')\"><script>x()</script>"


def arguments(widget_html: str) -> dict:
    block = re.search(r'<script type="application/json" class="sitrep-table-args">(.*?)</script>', widget_html, re.S)
    return json.loads(block.group(1))


def test_cells_are_marks_short_dates_numbers_and_escaped_text():
    assert cell_html(True) == "✓" and cell_html(False) == ""
    assert cell_html(3) == 3 and cell_html(3.0) == 3 and cell_html(None) == "" and cell_html(float("nan")) == ""
    assert cell_html(pd.Timestamp("2025-12-04 13:00")) == "2025-12-04"
    assert cell_html("2025-12-04T05:30:00+02:00").endswith(">2025-12-04</span>")
    long = "word " * 60 + PAYLOAD
    shown = cell_html(long, limit=40)
    assert shown.startswith('<span title="') and shown.endswith("…</span>")
    assert html.unescape(re.search(r'title="([^"]*)"', shown).group(1)) == " ".join(long.split())
    assert "<img" not in shown and "<script" not in shown
    assert cell_html(PAYLOAD) == html.escape(PAYLOAD, quote=True)


def test_interactive_table_carries_escaped_data_and_the_static_table():
    frame = pd.DataFrame({"place": [PAYLOAD, "Kharkiv"], "killed": [2, None], "conflicting": [True, False],
                          "entry": ["abc123", None]})
    widget = interactive_table(frame, caption=PAYLOAD, links={"entry": PROVENANCE_LINK})
    out = widget._repr_html_()
    args = arguments(out)
    rows = json.loads(args["data_json"])
    assert rows[0][0] == html.escape(PAYLOAD, quote=True) and rows[1][0] == "Kharkiv"
    assert str(rows[0][1]) == "2" and rows[1][1] == ""  # plain numbers: DataTables types the column numeric
    assert rows[0][2] == "✓" and rows[1][2] == ""
    assert rows[0][3] == '<a href="provenance.html#abc123">sources</a>' and rows[1][3] == ""
    assert not args.get("keys_to_be_evaluated") and "dt_url" not in args
    assert 'class="sitrep-static"' in out and 'class="sitrep-interactive"' in out
    # no raw markup from the data anywhere in the output
    assert "<img src=x" not in out and "<script>x()" not in out


def test_a_long_table_carries_at_most_max_rows_and_says_so():
    frame = pd.DataFrame({"n": range(30)})
    out = interactive_table(frame, max_rows=10, full="exports/x.parquet")._repr_html_()
    assert len(json.loads(arguments(out)["data_json"])) == 10
    assert "Showing 10 of 30 rows" in out


def test_an_empty_table_is_the_static_note():
    shown = interactive_table(pd.DataFrame(), empty="nothing here")
    assert "nothing here" in shown.data

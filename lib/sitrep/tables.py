"""Interactive tables for notebooks and the HTML report: sort, search and paginate, offline.

:func:`interactive_table` shows a DataFrame as a DataTable (the DataTables bundle that ships inside ``itables``, used
offline: nothing is fetched) in JupyterLab and in the report's pages, with the static table of
:func:`sitrep.analysis.display_table` beside it for print and for readers without scripts (a print stylesheet shows
the static one; on screen it is hidden once the interactive one is drawn).

Cells are made here, as escaped HTML (:func:`sitrep.escape.html_text`), and handed to itables with
``allow_html=True`` so that DataTables shows them as made: booleans as marks (✓), dates as ``YYYY-MM-DD``, numbers
kept numeric (DataTables right-aligns and sorts them), lists joined, long text cut with the full text on hover (a
``title`` attribute). The arguments travel as JSON in a data block (:func:`sitrep.web.data_block`), never as script.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re

import numpy as np
import pandas as pd
from itables.javascript import get_itable_arguments

from sitrep import web
from sitrep.escape import html_text

LONG_TEXT = 90  # characters shown of a longer text cell; the rest is in its title (hover)
PAGE_LENGTH = 25
MAX_ROWS = 5000  # rows an interactive table carries at most (the page stays small); the note says where the rest is
FRONT_PAGE_MAX_ROWS = 1000  # ... on the front page, which must stay small with its charts (< 8 MB at 2,000 articles)
PROVENANCE_LINK = "provenance.html#{}"  # where an entry's sources are listed (see sitrep.provenance)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_ids = itertools.count(1)


def cell_html(value, *, limit: int = LONG_TEXT):
    """One cell as DataTables gets it: a number stays a number (None when missing shows blank), everything else is
    escaped HTML text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return html_text(value.strftime("%Y-%m-%d"))
    if isinstance(value, list | tuple | set):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    match = _ISO_DATETIME.match(text)
    if match:
        return f'<span title="{html_text(text)}">{html_text(match.group(1))}</span>'
    if len(text) > limit:
        return f'<span title="{html_text(text)}">{html_text(text[:limit - 1].rstrip())}…</span>'
    return html_text(text)


def link_html(value, template: str, text: str = "sources") -> str:
    """A link to ``template.format(value)`` in the bundle; ``value`` is percent-encoded, the whole escaped."""
    import urllib.parse

    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return ""
    href = template.format(urllib.parse.quote(str(value), safe=""))
    return f'<a href="{html_text(href)}">{html_text(text)}</a>'


def _plain(value):
    """numpy scalars and arrays as Python values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _cells(df: pd.DataFrame, *, limit: int, links: dict[str, str] | None = None) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for name in df.columns:
        column = df[name]
        if links and name in links:
            values = [link_html(v, links[name]) for v in column.astype(object)]
        elif pd.api.types.is_bool_dtype(column):
            values = ["✓" if v is True or v == 1 else "" for v in column.astype(object)]
        else:
            values = [cell_html(_plain(v), limit=limit) for v in column.astype(object)]
        out[html_text(name)] = pd.Series(values, index=df.index, dtype=object)
    return out


class InteractiveTable:
    """A DataFrame shown as a DataTable (see the module's doc), with the static table for print."""

    def __init__(self, df: pd.DataFrame, *, static, caption: str | None = None, page_length: int = PAGE_LENGTH,
                 limit: int = LONG_TEXT, links: dict[str, str] | None = None, note: str = "") -> None:
        self.df, self.static, self.caption, self.note = df, static, caption, note
        self.page_length, self.limit, self.links = page_length, limit, links

    def arguments(self, table_id: str) -> dict:
        """itables' arguments for ``ITable`` (computed by itables, offline); no option is JavaScript."""
        args = dict(get_itable_arguments(
            _cells(self.df, limit=self.limit, links=self.links), connected=False, allow_html=True, showIndex=False,
            table_id=table_id,
            pageLength=self.page_length, lengthMenu=[10, 25, 100, 1000],
            autoWidth=False, maxBytes=0, warn_on_undocumented_option=False))
        for key in ("dt_url", "connected", "display_logo_when_loading", "table_style"):
            args.pop(key, None)
        # itables hides the controls of a short table; sitrep's always search
        args["layout"] = {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"}
        args["classes"] = ["display", "compact"]  # ITable adds each class and applies ``style`` as CSS properties
        args["style"] = {"width": "100%", "margin": "0"}
        if args.get("keys_to_be_evaluated"):  # would need 'unsafe-eval'; never emitted (no float/category columns)
            raise ValueError(f"itables asked to evaluate JavaScript: {args['keys_to_be_evaluated']}")
        return args

    def _repr_html_(self) -> str:
        static = self.static._repr_html_() if hasattr(self.static, "_repr_html_") else str(self.static)
        if self.df is None or self.df.empty:
            return static
        table_id = f"sitrep-table-{next(_ids)}"
        caption = " — ".join(c for c in (self.caption, self.note) if c)
        caption = f'<p class="sitrep-caption">{html_text(caption)}</p>' if caption else ""
        return (f'<div class="sitrep-widget sitrep-table">{web.library_once("datatables")}'
                f'<div class="sitrep-interactive">{caption}<table id="{table_id}" class="display compact"></table>'
                f'{web.data_block(self.arguments(table_id), cls="sitrep-table-args")}</div>'
                f'<div class="sitrep-static">{static}</div></div>')


def interactive_table(df: pd.DataFrame, *, caption: str | None = None, empty: str = "nothing to show",
                      highlight: str | None = None, limit: int | None = None, full: str | None = None,
                      page_length: int = PAGE_LENGTH, links: dict[str, str] | None = None, max_rows: int = MAX_ROWS):
    """``df`` as an interactive table (searchable, sortable, ``page_length`` rows a page) carrying up to ``max_rows``
    rows, and for print the static :func:`sitrep.analysis.display_table` (cut at ``limit`` rows, saying where the
    ``full`` table is). ``links`` maps a column to a link template, e.g. ``{"entry": PROVENANCE_LINK}``: its cells
    become links (to the entry's provenance) and stay out of the static table."""
    from sitrep.analysis import display_table, limit_note

    # the static version is for paper and readers without scripts: link columns (ids to click) stay out of it
    printed = df.drop(columns=[c for c in (links or {}) if c in df.columns]) if df is not None else df
    static = display_table(printed, caption=caption, empty=empty, highlight=highlight, limit=limit, full=full)
    if df is None or df.empty:
        return static
    note = ""
    if len(df) > max_rows:
        note = limit_note(len(df), max_rows, full)
        df = df.head(max_rows)
    return InteractiveTable(df, static=static, caption=caption, page_length=page_length, links=links, note=note)

"""Escaping for every place sitrep writes text that came from an input: HTML, Markdown and CSV.

Article titles, ids, sources, URLs, quoted speakers, file names and sidecar values are data, never markup or
formulas. Whatever builds HTML, Markdown or a CSV from them goes through one of these functions:

* :func:`html_text` — text for an HTML element or a quoted attribute value;
* :func:`markdown_text` — inline Markdown that renders as exactly the given text (no HTML, links, images,
  emphasis or headings), on one line;
* :func:`csv_cell`, :func:`csv_frame`, :func:`csv_row` — CSV cells a spreadsheet will not run as formulas (OWASP's
  rule: a text cell starting with ``= + - @``, tab or carriage return gets a leading ``'``); numbers stay numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Characters with a meaning in inline Markdown (CommonMark and Jupyter's renderers): a backslash makes each literal.
MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-!|~$")
HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# OWASP, "CSV Injection": cells starting with these are formulas to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?")


def html_text(value: object) -> str:
    """``value`` as HTML text, safe in element content and in single- or double-quoted attributes."""
    return html.escape(str(value), quote=True)


def markdown_text(value: object) -> str:
    """``value`` as inline Markdown that renders as the literal text: HTML special characters become entities,
    Markdown punctuation is backslash-escaped and line breaks become spaces (a value cannot start a new block)."""
    text = " ".join(str(value).split())
    return "".join(HTML_SPECIAL.get(c) or (f"\\{c}" if c in MARKDOWN_PUNCTUATION else c) for c in text)


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text: a string starting with a formula character gets a leading ``'``.
    Numbers (including negative ones, and strings that are just a number) and everything else are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(value):
        return FORMULA_GUARD + value
    return value


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with :func:`csv_cell` applied to every text cell and column name; dtypes kept."""
    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(csv_cell)
    return out.rename(columns=csv_cell)


def csv_row(row: Mapping) -> dict:
    """``row`` (for :class:`csv.DictWriter`) with :func:`csv_cell` applied to every value."""
    return {key: csv_cell(value) for key, value in row.items()}

"""Notebook parameters: declarations read from a ``parameters`` cell, and command-line text coerced to their types."""

from __future__ import annotations

import pytest

from sitrep.params import Parameter, ParameterError, coerce, parse_declarations

SUITE_CELL = """\
# Parameters (papermill overrides these; dates are ISO strings)
inputs: list = ["../seeds"]  # files or folders to read
store: str = "sitrep.duckdb"
published: str | None = None
since: Optional[str] = None
kinds: str | None = None
title: str = "Situation report"
interactive: bool = True
count: int = 3
ratio: float = 0.5
tags: list[str] = []
limits: dict | None = None
verbose = False
pages = 2
label = "x"
nothing = None
"""


def test_declarations_have_names_types_and_defaults():
    declared = parse_declarations(SUITE_CELL)
    assert list(declared) == ["inputs", "store", "published", "since", "kinds", "title", "interactive", "count",
                              "ratio", "tags", "limits", "verbose", "pages", "label", "nothing"]
    types = {name: (p.type, p.optional) for name, p in declared.items()}
    assert types == {
        "inputs": ("list", False), "store": ("str", False), "published": ("date", True), "since": ("date", True),
        "kinds": ("str", True), "title": ("str", False), "interactive": ("bool", False), "count": ("int", False),
        "ratio": ("float", False), "tags": ("list", False), "limits": ("dict", True),
        # without an annotation the default says what the parameter is
        "verbose": ("bool", False), "pages": ("int", False), "label": ("str", False), "nothing": ("str", True),
    }
    assert declared["inputs"].default == ["../seeds"]
    assert declared["title"].default == "Situation report"
    assert declared["interactive"].default is True


def test_a_cell_that_does_not_parse_declares_nothing():
    assert parse_declarations("inputs = [\n") == {}


@pytest.mark.parametrize(("kind", "text", "value"), [
    ("bool", "true", True), ("bool", "False", False), ("bool", "yes", True), ("bool", "NO", False),
    ("bool", "1", True), ("bool", "0", False),
    ("int", "42", 42), ("int", " -3 ", -3),
    ("float", "0.25", 0.25), ("float", "2", 2.0),
    ("list", "a, b,c", ["a", "b", "c"]), ("list", '["a", "b c"]', ["a", "b c"]), ("list", "", []),
    ("dict", '{"a": 1}', {"a": 1}),
    ("date", "2025-12-05", "2025-12-05"), ("date", " 2025-12-05 ", "2025-12-05"),
    ("str", "Night of 4 Dec", "Night of 4 Dec"), ("str", "", ""),
])
def test_values_are_coerced_to_the_declared_type(kind, text, value):
    coerced = coerce(Parameter("p", kind), text)
    assert coerced == value
    assert type(coerced) is type(value)


@pytest.mark.parametrize(("kind", "text", "message"), [
    ("bool", "False!", "-p p: not true or false (true/false, yes/no, 1/0): 'False!'"),
    ("bool", "", "-p p: not true or false (true/false, yes/no, 1/0): ''"),
    ("int", "1.5", "-p p: not an integer: '1.5'"),
    ("int", "x\ny", "-p p: not an integer: 'x\\ny'"),
    ("float", "inf", "-p p: not a finite number: 'inf'"),
    ("float", "nan", "-p p: not a finite number: 'nan'"),
    ("list", "a,,b", "-p p: not a list (comma-separated, or a JSON array): 'a,,b'"),
    ("list", '["a"', "-p p: not a list (comma-separated, or a JSON array): '[\"a\"'"),
    ("dict", "[1]", "-p p: not a JSON object: '[1]'"),
    ("date", "05/12/2025", "-p p: not a date (YYYY-MM-DD): '05/12/2025'"),
    ("date", "20251205", "-p p: not a date (YYYY-MM-DD): '20251205'"),
    ("date", "2025-02-30", "-p p: not a date (YYYY-MM-DD): '2025-02-30'"),
])
def test_bad_values_are_one_line_naming_the_parameter(kind, text, message):
    with pytest.raises(ParameterError) as info:
        coerce(Parameter("p", kind), text)
    assert str(info.value) == message


def test_the_label_names_the_option():
    with pytest.raises(ParameterError, match=r"^--since: not a date"):
        coerce(Parameter("since", "date"), "yesterday", label="--since")

"""Notebook parameters as data: what the suite's ``parameters`` cells declare, and command-line text checked against it.

A parameters cell is plain assignments, annotated or not (``since: str | None = None``, ``interactive: bool = True``,
``inputs: list = ["../seeds"]``). Each gives a :class:`Parameter`: a name, a type (from the annotation, else from the
default's type) and the default. ``sitrep report -p NAME=VALUE`` accepts only declared names that the runner does not
set itself (:data:`RUNNER_OWNED`), and :func:`coerce` turns the text into the declared type, so the notebooks and the
manifest get ``3``, ``False`` or ``["a", "b"]``, never the strings. Every mistake is a one-line :class:`ParameterError`
that names the parameter.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Set by the runner for every notebook; the reason a user cannot set them with -p.
RUNNER_OWNED = {
    "inputs": "give the inputs as arguments: sitrep report INPUT…",
    "store": "every run has its own store in its folder",
    "out_dir": "use --out",
    "interactive": "reports are always rendered non-interactive",
    "compare": "use --compare RUN_DIR (default: the newest earlier run in --out over the same inputs)",
}
DATE_NAMES = ("since", "until", "published")  # str parameters that hold a YYYY-MM-DD date
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")
TYPE_NAMES = {"str": "str", "bool": "bool", "int": "int", "float": "float", "list": "list", "List": "list",
              "Sequence": "list", "tuple": "list", "dict": "dict", "Dict": "dict", "Mapping": "dict"}


class ParameterError(ValueError):
    """A parameter the notebooks do not take, or a value that is not of its type: one line."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # str, date, bool, int, float, list or dict
    default: object = None
    optional: bool = False  # None is allowed (``str | None``, ``Optional[str]``, or a None default)


# --- declarations --------------------------------------------------------------------------------------------------

def parse_declarations(source: str) -> dict[str, Parameter]:
    """The parameters a ``parameters`` cell's source declares, in order. A cell that does not parse declares none."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    declared: dict[str, Parameter] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    declared[target.id] = _declaration(target.id, None, node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared[node.target.id] = _declaration(node.target.id, node.annotation, node.value)
    return declared


def _declaration(name: str, annotation: ast.expr | None, value: ast.expr | None) -> Parameter:
    default = _literal(value)
    kind, optional = _annotation_type(annotation) if annotation is not None else (None, False)
    if kind is None:
        kind = _value_type(default)
    optional = optional or default is None
    if kind == "str" and name in DATE_NAMES:
        kind = "date"
    return Parameter(name, kind, default, optional)


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _value_type(value: object) -> str:
    for kind in (bool, int, float, list, tuple, dict):  # bool before int: True is an int
        if isinstance(value, kind):
            return TYPE_NAMES[kind.__name__]
    return "str"


def _annotation_type(node: ast.expr) -> tuple[str | None, bool]:
    """(type, optional) of an annotation: ``str``, ``str | None``, ``Optional[str]``, ``list[str]``, ``"int"``;
    None for a type this module does not know (the default decides)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a string annotation
        try:
            return _annotation_type(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return None, False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        parts = [_annotation_type(side) for side in (node.left, node.right)]
        optional = any(opt for _, opt in parts)
        kinds = {kind for kind, _ in parts if kind is not None and kind != "None"}
        return (kinds.pop() if len(kinds) == 1 else "float" if kinds == {"int", "float"} else None), optional
    if isinstance(node, ast.Constant) and node.value is None:
        return "None", True
    if isinstance(node, ast.Subscript):
        outer = _dotted_name(node.value)
        if outer == "Optional":
            return _annotation_type(node.slice)[0], True
        return TYPE_NAMES.get(outer), False
    return TYPE_NAMES.get(_dotted_name(node)), False


def _dotted_name(node: ast.expr) -> str:
    """``Optional`` for ``Optional`` and ``typing.Optional``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


# --- values --------------------------------------------------------------------------------------------------------

def coerce(parameter: Parameter, text: str, *, label: str | None = None) -> object:
    """``text`` as a value of the parameter's type; ParameterError (one line, starting with ``label``, by default
    ``-p NAME``) when it is not one. Dates are YYYY-MM-DD and stay strings; a list is comma-separated or a JSON array;
    a dict is a JSON object; anything else of type str is taken as it is."""
    label = label or f"-p {parameter.name}"
    convert = _CONVERTERS.get(parameter.type)
    if convert is None:
        return text
    try:
        return convert(text)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"{label}: {exc.args[0]}: {text!r}") from None


def _date(text: str) -> str:
    day = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            return dt.date.fromisoformat(day).isoformat()
    except ValueError:
        pass
    raise ValueError("not a date (YYYY-MM-DD)")


def _bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise ValueError("not true or false (true/false, yes/no, 1/0)")


def _int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ValueError("not an integer") from None


def _float(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _list(text: str) -> list:
    body = text.strip()
    message = "not a list (comma-separated, or a JSON array)"
    if body.startswith("["):
        try:
            value = json.loads(body)
        except json.JSONDecodeError:
            raise ValueError(message) from None
        return value
    items = [item.strip() for item in body.split(",")] if body else []
    if not all(items):
        raise ValueError(message)
    return items


def _dict(text: str) -> dict:
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


_CONVERTERS = {"date": _date, "bool": _bool, "int": _int, "float": _float, "list": _list, "dict": _dict}


# --- names ---------------------------------------------------------------------------------------------------------

def settable(declared: Mapping[str, Parameter]) -> list[str]:
    """The declared names a user may set (all but the runner's), sorted."""
    return sorted(name for name in declared if name not in RUNNER_OWNED)


def check_name(name: str, declared: Mapping[str, Parameter], *, label: str | None = None) -> Parameter:
    """The declaration of ``name``; ParameterError for a runner-owned or undeclared name (``label`` is the option
    the name came from, e.g. ``--since``; by default ``-p NAME``)."""
    if name in RUNNER_OWNED:
        raise ParameterError(f"{label or f'-p {name}'}: set by the runner, not by -p ({RUNNER_OWNED[name]})")
    if name not in declared:
        if label:
            raise ParameterError(f"{label}: the notebooks declare no parameter {name!r}")
        known = ", ".join(settable(declared)) or "(none)"
        raise ParameterError(f"-p {name!r}: unknown parameter; the notebooks declare: {known}")
    return declared[name]


def merge_declarations(declarations: Iterable[Mapping[str, Parameter]]) -> dict[str, Parameter]:
    """Every notebook's declarations in one mapping; a name declared twice keeps its first declaration."""
    merged: dict[str, Parameter] = {}
    for declared in declarations:
        for name, parameter in declared.items():
            merged.setdefault(name, parameter)
    return merged

"""Command line: ``python -m sitrep`` / ``sitrep``. Every command has ``--help``; user errors are one line."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2
PDF_NAME = "front-page.pdf"  # sitrep.report.PDF_NAME, not imported here to keep --help fast
REPORT_OPTIONS = ("title", "since", "until", "region", "kinds")  # report options that are notebook parameters
DATE_PARAMETERS = ("since", "until", "published")


class UserError(Exception):
    """A mistake in the command line or the inputs: printed as one line, exit code 2."""


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def _size(text: str) -> int:
    units = {"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9}
    low = text.strip().lower()
    for suffix, factor in sorted(units.items(), key=lambda kv: -len(kv[0])):
        if low.endswith(suffix):
            try:
                return int(float(low[: -len(suffix)]) * factor)
            except ValueError:
                break
    try:
        return int(low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size (e.g. 10MB): {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitrep",
        description="Conflict news reports into sourced facts, a timeline, charts and situation reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", help="read articles into the store and print a summary",
                       description="Read files and folders (txt, md, html, rss/atom, jsonl, csv) into the store. "
                                   "Bad inputs are reported one per line and recorded; they never stop the others.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (recursive)")
    p.add_argument("--store", default="sitrep.duckdb", help="DuckDB store file (default: %(default)s)")
    p.add_argument("--max-size", type=_size, default="10MB", help="skip files larger than this (default: 10MB)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("report", help="run the notebook suite headless and write a report bundle",
                       description="Execute notebooks/ with papermill on INPUTs and write <out>/<run-id>/: executed "
                                   "notebooks, HTML renderings without code, index.html (the 00_sitrep front page "
                                   "with links to every notebook, the exports and charts, the parameters and the "
                                   "status), manifest.json, and with --pdf front-page.pdf. <out>/latest points at the "
                                   "newest run. Every page is self-contained (embedded images, no network).")
    p.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                   help="files or folders to report on (default: seeds)")
    p.add_argument("--out", default="reports", help="folder for report runs (default: %(default)s)")
    p.add_argument("-p", "--param", action="append", type=_param, default=[], metavar="NAME=VALUE",
                   help="notebook parameter, e.g. -p since=2025-12-01 -p title='Night of 4 Dec' (repeatable)")
    p.add_argument("--title", help="report title (same as -p title=…)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="keep articles and events on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="keep articles and events on or before this date")
    p.add_argument("--region", help="admin1 region to focus on, e.g. 'Kharkiv Oblast'")
    p.add_argument("--kinds", metavar="KIND[,KIND…]", help="event kinds to keep, e.g. attack,air_defense")
    p.add_argument("--pdf", action="store_true",
                   help=f"also print index.html to {PDF_NAME} with headless Chromium (without Chromium: a warning)")
    p.set_defaults(func=cmd_report)

    for name, helptext in (("events", "print the events of INPUTs, one JSON object per event"),
                           ("times", "print the normalized time expressions of INPUTs"),
                           ("entities", "print the named entities of INPUTs"),
                           ("numbers", "print the typed numbers of INPUTs")):
        p = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] +
                           ". Stateless: nothing is stored.")
        p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders that ingestion accepts")
        p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                       help="publication date for articles that carry none")
        p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format")
        p.set_defaults(func=cmd_table, table=name)

    helptext = "print the merged timeline of INPUTs, one JSON object per entry"
    p = sub.add_parser("timeline", help=helptext,
                       description="Print the merged timeline of INPUTs, one JSON object per entry: the events of all "
                                   "articles merged into one entry per real event, with every source and each "
                                   "source's own figures. Stateless: nothing is stored.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders that ingestion accepts")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for articles that carry none")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                   help="output format (in CSV, lists and objects are JSON strings)")
    p.set_defaults(func=cmd_timeline)
    return parser


def _version() -> str:
    from sitrep import __version__

    return __version__


def _problem_line(problem) -> str:
    return str(problem)


def cmd_ingest(args) -> int:
    from sitrep import schema
    from sitrep.store import Store

    with Store(args.store) as store:
        summary = store.ingest(args.paths, max_bytes=args.max_size)
        total = store.count(schema.ARTICLES)
    for problem in summary.problems:
        print(_problem_line(problem), file=sys.stderr)
    print(f"{summary.added} added, {summary.duplicates} duplicates, {summary.errors} problems, "
          f"{summary.warnings} warnings; {total} articles in {args.store}")
    return 0


def report_parameters(args) -> dict[str, str]:
    """The notebook parameters of ``sitrep report``: ``-p NAME=VALUE`` and the convenience options, checked.

    An option and a ``-p`` of the same name must agree; dates must be YYYY-MM-DD and ``since`` not after ``until``;
    ``--kinds`` is a comma-separated list (spaces dropped)."""
    params = dict(args.param)
    for name in REPORT_OPTIONS:
        value = getattr(args, name, None)
        if value is None:
            continue
        if name in params and params[name] != value:
            raise UserError(f"--{name} {value!r} and -p {name}={params[name]!r} disagree")
        params[name] = value
    for name in DATE_PARAMETERS:
        if name in params:
            try:
                params[name] = dt.date.fromisoformat(params[name].strip()).isoformat()
            except ValueError:
                raise UserError(f"--{name}: not a date (YYYY-MM-DD): {params[name]!r}") from None
    if "since" in params and "until" in params and params["since"] > params["until"]:
        raise UserError(f"--since {params['since']} is after --until {params['until']}")
    if "kinds" in params:
        kinds = [k.strip() for k in params["kinds"].split(",")]
        if not all(re.fullmatch(r"[A-Za-z_]+", k) for k in kinds):
            raise UserError(f"--kinds: expected comma-separated event kinds, e.g. attack,air_defense: "
                            f"{params['kinds']!r}")
        params["kinds"] = ",".join(kinds)
    return params


def cmd_report(args) -> int:
    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        raise UserError(f"input does not exist: {', '.join(missing)}")
    params = report_parameters(args)
    from sitrep.report import run_report

    result = run_report(args.inputs, out_dir=args.out, parameters=params, pdf=args.pdf)
    failed = [n for n in result.notebooks if n.status != "ok"]
    print(f"report: {result.index}")
    if result.pdf:
        print(f"pdf: {result.pdf}")
    if failed:
        names = ", ".join(n.name for n in failed)
        print(f"{len(failed)} notebook(s) failed: {names} (see index.html)", file=sys.stderr)
        return 1
    return 0


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _read_and_extract(args):
    """(articles, extraction) of ``args.inputs``; bad inputs and articles that could not be extracted are reported
    one per line on stderr."""
    from sitrep.extract import extract_articles
    from sitrep.ingest import load_articles
    from sitrep.types import Article, Problem

    articles, problems = [], []
    for item in load_articles(args.inputs):
        (articles if isinstance(item, Article) else problems).append(item)
    for problem in problems:
        print(_problem_line(problem), file=sys.stderr)
    if args.published:
        articles = [a if a.published else a.__class__(**{**a.__dict__, "published": args.published})
                    for a in articles]
    extraction = extract_articles(articles)
    for problem in extraction.problems:  # an article that could not be extracted: one line, the others go on
        print(_problem_line(problem), file=sys.stderr)
    if args.command in {"events", "timeline"}:
        paths = {a.article_id: a.path for a in articles}
        for article_id, place in extraction.unresolved:
            print(_problem_line(Problem(paths.get(article_id, article_id),
                                        f"unresolved place {place!r}: placed at its region's centre or left unplaced",
                                        severity="warning")), file=sys.stderr)
    return articles, extraction


def cmd_table(args) -> int:
    _, extraction = _read_and_extract(args)
    frame = getattr(extraction, args.table)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
        return 0
    for record in frame.to_dict("records"):
        print(json.dumps({k: _clean(v) for k, v in record.items()}, ensure_ascii=False, default=str))
    return 0


def cmd_timeline(args) -> int:
    from sitrep import schema
    from sitrep.export import jsonable
    from sitrep.timeline import build_timeline

    articles, extraction = _read_and_extract(args)
    timeline = build_timeline(extraction.events, schema.frame(schema.ARTICLES, [a.__dict__ for a in articles]))
    records = [{k: jsonable(record[k]) for k in schema.TIMELINE_FIELDS} for record in timeline.to_dict("records")]
    if args.format == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=schema.TIMELINE_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                             for k, v in record.items()})
        return 0
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from sitrep.nlp import ModelNotFound
    from sitrep.store import StoreError

    try:
        return args.func(args)
    except (UserError, StoreError, ModelNotFound, FileNotFoundError) as exc:
        print(f"sitrep {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

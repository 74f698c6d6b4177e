"""Command line: ``python -m sitrep`` / ``sitrep``. Every command has ``--help``; user errors are one line."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import math
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from sitrep.params import Parameter, ParameterError, check_name, coerce

EXIT_USAGE = 2
PDF_NAME = "front-page.pdf"  # sitrep.report.PDF_NAME, not imported here to keep --help fast
REPORT_OPTIONS = ("title", "since", "until", "region", "kinds")  # report options that are notebook parameters
SIZE = re.compile(r"(?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(?P<unit>[kmg]?b?)", re.I)
SIZE_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9, "gb": 10**9}


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
    """A finite, positive number of bytes: ``2000000``, ``500kB``, ``10MB``, ``1.5GB`` (decimal units)."""
    match = SIZE.fullmatch(text.strip())
    size = float(match["number"]) * SIZE_UNITS[match["unit"].lower()] if match else math.nan
    if not (math.isfinite(size) and size >= 1):
        raise argparse.ArgumentTypeError(f"not a positive size (e.g. 10MB, 500kB, 2000000): {text!r}")
    return int(size)


def _store_path(text: str) -> str:
    """A store file: not empty, not DuckDB's ``:memory:`` (which saves nothing), not a folder."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"not a file path: {text!r}")
    if text.strip() == ":memory:":
        raise argparse.ArgumentTypeError("':memory:' keeps nothing; give a file path, e.g. sitrep.duckdb")
    if Path(text).is_dir() or text.endswith("/"):
        raise argparse.ArgumentTypeError(f"{text.rstrip('/')} is a folder; give a file path, "
                                         f"e.g. {Path(text) / 'sitrep.duckdb'}")
    return text


def _scheduler(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a Dask scheduler address (e.g. tcp://10.0.0.5:8786) or 'local'")
    return text.strip()


def _processes(text: str) -> int | str:
    if text.strip().lower() == "auto":
        return "auto"
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError("expected a number of worker processes (1, 2, …) or 'auto'")
    return value


PROCESSES_HELP = ("worker processes extracting on this machine: a number, or 'auto' (default: two on two or more "
                  "cores for 200 articles or more, else this process only); ignored with --scheduler")
SCHEDULER_HELP = ("extract on a Dask cluster: a scheduler address (tcp://host:8786; the workers need sitrep and its "
                  "requirements installed) or 'local' (a LocalCluster of 2 worker processes on this machine); "
                  "default: this process")


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
    p.add_argument("--store", type=_store_path, default="sitrep.duckdb",
                   help="DuckDB store file (default: %(default)s); waits up to $SITREP_LOCK_TIMEOUT seconds "
                        "(default 60) while another process uses it")
    p.add_argument("--max-size", type=_size, default="10MB",
                   help="skip files larger than this, e.g. 500kB, 10MB, 2000000 (default: 10MB)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="read articles into the store and extract what is new",
                       description="Ingest INPUTs into the store, then extract every stored article that lacks a "
                                   "current extraction (entities, numbers, times, events, claims), writing each "
                                   "article's tables as they arrive; print a summary.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("--store", type=_store_path, default="sitrep.duckdb",
                   help="DuckDB store file (default: %(default)s)")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for articles that carry none")
    p.add_argument("--max-size", type=_size, default="10MB",
                   help="skip files larger than this, e.g. 500kB, 10MB, 2000000 (default: 10MB)")
    p.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS|local", help=SCHEDULER_HELP)
    p.add_argument("--processes", type=_processes, default="auto", metavar="N|auto", help=PROCESSES_HELP)
    p.add_argument("--parquet", action=argparse.BooleanOptionalAction, default=None,
                   help="write the extracted tables to a Parquet dataset partitioned by publication month beside the "
                        "store (<store>.parts/), read in place; default: with --scheduler only")
    p.set_defaults(func=cmd_extract)

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
                   help="a parameter the notebooks declare, converted to its declared type (bool: true/false/yes/no/"
                        "1/0; list: a,b or a JSON array; dates: YYYY-MM-DD), e.g. -p title='Night of 4 Dec' "
                        "(repeatable); inputs, store, out_dir and interactive are the runner's")
    p.add_argument("--title", help="report title (same as -p title=…)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="keep articles and events on or after this date")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="keep articles and events on or before this date")
    p.add_argument("--region", help="admin1 region to focus on, e.g. 'Kharkiv Oblast'")
    p.add_argument("--kinds", metavar="KIND[,KIND…]", help="event kinds to keep, e.g. attack,air_defense")
    p.add_argument("--pdf", action="store_true",
                   help=f"also print index.html to {PDF_NAME} with headless Chromium (without Chromium: a warning)")
    p.add_argument("--compare", metavar="RUN_DIR",
                   help="an earlier run folder to compare with: the front page opens with what is new, revised or "
                        "no longer supported since it, and exports/changes.csv lists it (default: the newest earlier "
                        "run in --out over overlapping inputs)")
    p.add_argument("--zip", action="store_true", dest="zip_bundle",
                   help="also write the bundle as <out>/<run-id>.zip (without the store), one file to send")
    p.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS|local", help=SCHEDULER_HELP)
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
        p.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS|local", help=SCHEDULER_HELP)
        p.add_argument("--processes", type=_processes, default="auto", metavar="N|auto", help=PROCESSES_HELP)
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
    p.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS|local", help=SCHEDULER_HELP)
    p.add_argument("--processes", type=_processes, default="auto", metavar="N|auto", help=PROCESSES_HELP)
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


def cmd_extract(args) -> int:
    from sitrep import schema
    from sitrep.extract import check_scheduler, extract_store
    from sitrep.store import Store

    if args.scheduler:
        check_scheduler(args.scheduler)  # before anything is read
    with Store(args.store) as store:
        summary = store.ingest(args.inputs, max_bytes=args.max_size)
        for problem in summary.problems:
            print(_problem_line(problem), file=sys.stderr)
        done = extract_store(store, reference_date=args.published, scheduler=args.scheduler, parquet=args.parquet,
                             progress=True, n_process=args.processes)
        failed = store.con.execute("SELECT count(*) FROM problems WHERE stage = 'extract'").fetchone()[0]
        total = store.count(schema.ARTICLES)
    print(f"{summary.added} added, {summary.duplicates} duplicates, {summary.errors} input problems; "
          f"{done} articles extracted, {failed} not extractable; {total} articles in {args.store}")
    return 0


def report_parameters(args, declared: Mapping[str, Parameter]) -> dict[str, object]:
    """The notebook parameters of ``sitrep report``: ``-p NAME=VALUE`` and the convenience options, checked.

    Each is a parameter the notebooks ``declared`` (not one the runner sets), converted to its declared type; an option
    and a ``-p`` of the same name must agree; ``since`` is not after ``until``; ``--kinds`` are known event kinds
    (comma-separated, spaces dropped) and ``--region`` a known admin1 region."""
    given: dict[str, str] = {}
    for name, text in args.param:
        check_name(name, declared)
        if name in given and given[name] != text:
            raise UserError(f"-p {name} given twice: {given[name]!r} and {text!r}")
        given[name] = text
    for name in REPORT_OPTIONS:
        text = getattr(args, name, None)
        if text is None:
            continue
        check_name(name, declared, label=f"--{name}")
        if name in given and given[name] != text:
            raise UserError(f"--{name} {text!r} and -p {name}={given[name]!r} disagree")
        given[name] = text
    params = {name: coerce(declared[name], text, label=f"--{name}" if name in REPORT_OPTIONS else None)
              for name, text in given.items()}
    if params.get("since") and params.get("until") and params["since"] > params["until"]:
        raise UserError(f"--since {params['since']} is after --until {params['until']}")
    if "kinds" in params:
        params["kinds"] = _event_kinds(params["kinds"])
    if "region" in params:
        _check_region(params["region"])
    return params


def _event_kinds(value: str | list) -> str | list:
    """``attack, air_defense`` → ``attack,air_defense`` (a list stays a list), each a kind the extractor produces."""
    from sitrep.schema import EVENT_KINDS

    kinds = [str(k).strip() for k in (value if isinstance(value, list) else value.split(","))]
    if not kinds or not all(re.fullmatch(r"[A-Za-z_]+", k) for k in kinds):
        raise UserError(f"--kinds: expected comma-separated event kinds, e.g. attack,air_defense: {value!r}")
    unknown = [k for k in kinds if k not in EVENT_KINDS]
    if unknown:
        raise UserError(f"--kinds: unknown event kind {', '.join(map(repr, unknown))}; "
                        f"known kinds: {', '.join(sorted(EVENT_KINDS))}")
    return kinds if isinstance(value, list) else ",".join(kinds)


def _check_region(text: str) -> None:
    """A region the gazetteer resolves to an admin1 region; otherwise one line with the closest known names."""
    from sitrep.geo import admin1_variants, resolve_admin1

    if text.strip() and resolve_admin1(text) is not None:
        return
    variants = admin1_variants()
    close = difflib.get_close_matches(text, list(variants), n=5, cutoff=0.8)
    names = list(dict.fromkeys(variants[v] for v in close))[:3]
    hint = f"; did you mean {' or '.join(names)}?" if names else ""
    raise UserError(f"--region: unknown admin1 region {text!r}{hint}")


def cmd_report(args) -> int:
    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        raise UserError(f"input does not exist: {', '.join(missing)}")
    from sitrep.report import run_report, suite_notebooks, suite_parameters

    books = suite_notebooks()
    params = report_parameters(args, suite_parameters(books))
    if args.scheduler:
        if params.get("scheduler") not in (None, args.scheduler):
            raise UserError(f"--scheduler {args.scheduler!r} and -p scheduler={params['scheduler']!r} disagree")
        params["scheduler"] = args.scheduler
    if params.get("scheduler"):
        from sitrep.extract import check_scheduler

        check_scheduler(params["scheduler"])  # one line now, not a failure in every notebook
    compare = getattr(args, "compare", None)
    if compare and not (Path(compare) / "exports" / "timeline.parquet").is_file():
        raise UserError(f"--compare {compare}: not a report run folder (no exports/timeline.parquet)")
    result = run_report(args.inputs, out_dir=args.out, parameters=params, notebooks=books, pdf=args.pdf,
                        compare=compare, zip_bundle=getattr(args, "zip_bundle", False))
    failed = [n for n in result.notebooks if n.status != "ok"]
    print(f"report: {result.index}")
    if result.pdf:
        print(f"pdf: {result.pdf}")
    if result.zip:
        print(f"zip: {result.zip}")
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


def _extractions(args):
    """(article, extraction) for each article of ``args.inputs``, as each is extracted (in input order, with
    ``--scheduler`` on a Dask cluster): nothing is held beyond the batches in flight. Bad inputs, articles that
    could not be extracted and (for ``events`` and ``timeline``) unresolved places are reported one per line on
    stderr as they come."""
    from sitrep.extract import iter_extractions
    from sitrep.ingest import load_articles
    from sitrep.types import Article, Problem

    def articles():
        for item in load_articles(args.inputs):
            if not isinstance(item, Article):
                print(_problem_line(item), file=sys.stderr)
            elif args.published and not item.published:
                yield item.__class__(**{**item.__dict__, "published": args.published})
            else:
                yield item

    for article, extraction in iter_extractions(articles(), scheduler=args.scheduler,
                                                n_process=getattr(args, "processes", 1)):
        for problem in extraction.problems:  # an article that could not be extracted: one line, the others go on
            print(_problem_line(problem), file=sys.stderr)
        if args.command in {"events", "timeline"}:
            for _, place in extraction.unresolved:
                print(_problem_line(Problem(article.path, f"unresolved place {place!r}: placed at its region's "
                                                          "centre or left unplaced", severity="warning")),
                      file=sys.stderr)
        yield article, extraction


def _typed(frame, table):
    """``frame`` with the table's INTEGER columns as nullable integers and DOUBLE ones as floats: every streamed chunk
    of a CSV writes a column alike (``3``, not ``3`` in one article and ``3.0`` in the next)."""
    import pandas as pd

    kinds = dict(table.columns)
    out = frame.copy()
    for column in out.columns:
        kind = kinds.get(column, "")
        if kind in {"INTEGER", "BIGINT"}:
            out[column] = pd.to_numeric(out[column], errors="coerce").round().astype("Int64")
        elif kind == "DOUBLE":
            out[column] = pd.to_numeric(out[column], errors="coerce").astype("float64")
    return out


def cmd_table(args) -> int:
    from sitrep import schema

    table = {"events": schema.EVENTS, "times": schema.TIMES, "entities": schema.ENTITIES,
             "numbers": schema.NUMBERS}[args.table]
    header = True
    for _, extraction in _extractions(args):
        frame = getattr(extraction, args.table)
        if args.format == "csv":
            from sitrep.escape import csv_frame

            if header or len(frame):
                csv_frame(_typed(frame, table)).to_csv(sys.stdout, index=False, header=header)
                header = False
            continue
        for record in frame.to_dict("records"):
            print(json.dumps({k: _clean(v) for k, v in record.items()}, ensure_ascii=False, default=str))
    if args.format == "csv" and header:  # no article: the header alone
        from sitrep.escape import csv_frame

        csv_frame(schema.frame(table)).to_csv(sys.stdout, index=False)
    return 0


def cmd_timeline(args) -> int:
    import pandas as pd

    from sitrep import schema
    from sitrep.export import jsonable
    from sitrep.timeline import build_timeline

    events, dates = [], []  # only the events and each article's date are kept while extracting
    for article, extraction in _extractions(args):
        dates.append({"article_id": article.article_id, "published": article.published})
        if len(extraction.events):
            events.append(extraction.events)
    events = pd.concat(events, ignore_index=True) if events else schema.frame(schema.EVENTS)
    timeline = build_timeline(events, schema.frame(schema.ARTICLES, dates))
    del events
    records = ({k: jsonable(record[k]) for k in schema.TIMELINE_FIELDS} for record in timeline.to_dict("records"))
    if args.format == "csv":
        import csv

        from sitrep.escape import csv_row

        writer = csv.DictWriter(sys.stdout, fieldnames=schema.TIMELINE_FIELDS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(csv_row({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                                     for k, v in record.items()}))
        return 0
    for record in records:
        print(json.dumps(record, ensure_ascii=False))
    return 0


def _ignore_further_interrupts() -> None:
    """After Ctrl-C the command is on its way out (whatever it started is stopped already): another Ctrl-C while the
    interpreter shuts down would only kill it with a signal instead of exit code 130."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    from sitrep.extract.pipeline import SchedulerError
    from sitrep.nlp import ModelNotFound
    from sitrep.store import StoreError

    try:
        return args.func(args)
    except (UserError, ParameterError, StoreError, ModelNotFound, SchedulerError, FileNotFoundError) as exc:
        print(f"sitrep {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _ignore_further_interrupts()
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

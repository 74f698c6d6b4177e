"""What changed since the last run: new timeline entries, revised figures, entries no longer supported.

A report run keeps its tables in ``exports/`` (``timeline.parquet``, ``claims.parquet``, ``articles.parquet``).
:func:`find_previous_run` picks, in the runs folder, the newest earlier run over overlapping inputs (a shared input
path or file checksum, from each run's ``manifest.json``); ``--compare RUN_DIR`` names one instead. :func:`compare`
then matches entries by their stable ``entry_id`` (:mod:`sitrep.timeline`). An entry whose id changed because a newly
added source reported it earlier is matched through the event ids the two share, so it is never reported as gone and
new at once. For each matched entry, a shown figure (killed, injured, launched, intercepted) that differs is a
revision, and so is a figure a newly added source gives that differs from the figure shown before (ACLED's rule may
keep showing the lower one), each with its source (article and claimant, from the entry's per-source figures, which
are the claim ledger's figures per source).

:func:`changes_since` is the front page's first section ("New since <run>") and writes ``exports/changes.csv``
(text cells guarded against spreadsheet formulas, :func:`sitrep.escape.csv_frame`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sitrep.escape import csv_frame, html_text

FIGURES = ("killed", "injured", "launched", "intercepted")
COLUMNS = ["change", "entry_id", "previous_entry_id", "date", "kind", "place", "figure", "old", "new", "shown",
           "source", "claimant", "certainty"]
CHANGES_FILE = "changes.csv"
SHOWN_ROWS = 25


@dataclass(frozen=True)
class Previous:
    """An earlier run to compare with: its folder and run id, and its tables."""

    run_dir: Path
    run_id: str
    timeline: pd.DataFrame
    claims: pd.DataFrame
    articles: pd.DataFrame


def _manifest(run_dir: Path) -> dict | None:
    try:
        return json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _keys(inputs: Iterable[dict]) -> set[str]:
    keys = set()
    for item in inputs or []:
        if item.get("path"):
            keys.add("path:" + str(item["path"]))
        if item.get("sha256"):
            keys.add("sha:" + str(item["sha256"]))
    return keys


def find_previous_run(out_dir: str | Path, inputs: Iterable[dict], *, exclude: Path | None = None) -> Path | None:
    """The newest run folder in ``out_dir`` (not ``exclude``) whose manifest lists an input in common with
    ``inputs`` (``{"path", "sha256"}`` dicts, as :func:`sitrep.report.describe_inputs` gives) and that has its
    timeline export; None when there is none."""
    out = Path(out_dir)
    if not out.is_dir():
        return None
    wanted = _keys(inputs)
    candidates = []
    for run_dir in out.iterdir():
        if run_dir.is_symlink() or not run_dir.is_dir() or (exclude and run_dir.resolve() == exclude.resolve()):
            continue
        if not (run_dir / "exports" / "timeline.parquet").is_file():
            continue
        manifest = _manifest(run_dir)
        if manifest is None or not (_keys(manifest.get("inputs", [])) & wanted):
            continue
        candidates.append((str(manifest.get("created") or ""), run_dir.name, run_dir))
    return max(candidates)[2] if candidates else None


def load_previous(run_dir: str | Path) -> Previous:
    """The tables of an earlier run. ValueError (one line) when the folder is not a report run with exports."""
    import pyarrow.parquet as pq

    run_dir = Path(run_dir)
    exports = run_dir / "exports"
    if not (exports / "timeline.parquet").is_file():
        raise ValueError(f"--compare {run_dir}: not a report run folder (no exports/timeline.parquet)")

    def table(name: str) -> pd.DataFrame:
        path = exports / f"{name}.parquet"
        return pq.read_table(path).to_pandas() if path.is_file() else pd.DataFrame()

    manifest = _manifest(run_dir) or {}
    return Previous(run_dir, str(manifest.get("run_id") or run_dir.name), table("timeline"), table("claims"),
                    table("articles"))


def _list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    try:
        return list(value)
    except TypeError:
        return []


def _value(value) -> int | None:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return None
    return int(value)


def _text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _place(entry: dict) -> str:
    return ", ".join(dict.fromkeys(p for p in (_text(entry.get("place")), _text(entry.get("admin1")),
                                               _text(entry.get("country"))) if p))


def _row(change: str, entry: dict, **fields) -> dict:
    kind = _text(entry.get("kind")) + (f" ({entry['subkind']})" if _text(entry.get("subkind")) else "")
    return {"change": change, "entry_id": _text(entry.get("entry_id")), "previous_entry_id": "",
            "date": _text(entry.get("date_start")), "kind": kind, "place": _place(entry), "figure": "", "old": None,
            "new": None, "shown": None, "source": "", "claimant": "", "certainty": _text(entry.get("certainty")),
            **fields}


def _source_of(entry: dict, figure: str, value: int, titles: dict[str, str]) -> tuple[str, str]:
    """(source, claimant) of the figure ``value``: the first source of the entry that gives it."""
    for fig in _list(entry.get("figures")):
        if isinstance(fig, dict) and _value(fig.get(figure)) == value:
            article = _text(fig.get("article_id"))
            return (titles.get(article) or article), _text(fig.get("claimant"))
    return "", ""


def _revisions(old: dict, entry: dict, previous_id: str, titles: dict[str, str]) -> list[dict]:
    """A matched entry's revised figures: each figure a newly added source gives that differs from the figure shown
    before (whether or not the shown figure follows it: ACLED's rule keeps the lowest of the most certain), and a
    shown figure that changed without a new source."""
    known = set(map(str, _list(old.get("sources"))))
    added = [f for f in _list(entry.get("figures")) if isinstance(f, dict) and str(f.get("article_id")) not in known]
    rows = []
    for figure in FIGURES:
        was, shown = _value(old.get(figure)), _value(entry.get(figure))
        reported = [(f, _value(f.get(figure))) for f in added]
        reported = [(f, v) for f, v in reported if v is not None and v != was]
        for fig, value in reported:
            article = _text(fig.get("article_id"))
            rows.append(_row("revised", entry, previous_entry_id=previous_id, figure=figure, old=was, new=value,
                             shown=shown, source=titles.get(article) or article, claimant=_text(fig.get("claimant"))))
        if not reported and was != shown:
            source, claimant = _source_of(entry, figure, shown, titles) if shown is not None else ("", "")
            rows.append(_row("revised", entry, previous_entry_id=previous_id, figure=figure, old=was, new=shown,
                             shown=shown, source=source, claimant=claimant))
    return rows


def compare(previous: pd.DataFrame, current: pd.DataFrame, *, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """The changes from the ``previous`` timeline to the ``current`` one (both with the columns of
    :data:`sitrep.schema.TIMELINE`): rows with ``change`` = ``new``, ``revised`` (one per figure and new source,
    ``old`` → ``new`` with the ``source`` and ``claimant`` that give it, and the figure now ``shown``) or
    ``no longer supported``."""
    titles = {}
    if articles is not None and not articles.empty:
        titles = {a: _text(t) for a, t in zip(articles["article_id"], articles["title"], strict=True)}
    before = {e["entry_id"]: e for e in previous.to_dict("records")} if not previous.empty else {}
    after = {e["entry_id"]: e for e in current.to_dict("records")} if not current.empty else {}
    by_event = {ev: eid for eid, e in before.items() for ev in _list(e.get("event_ids"))}
    rows, matched = [], set()
    for eid, entry in after.items():
        old_id = eid if eid in before else next(
            (by_event[ev] for ev in _list(entry.get("event_ids")) if ev in by_event and by_event[ev] not in after),
            None)
        if old_id is None:
            rows.append(_row("new", entry, claimant=", ".join(map(str, _list(entry.get("claimants"))))))
            continue
        matched.add(old_id)
        rows += _revisions(before[old_id], entry, old_id if old_id != eid else "", titles)
    for eid, entry in before.items():
        if eid not in matched:
            rows.append(_row("no longer supported", entry, claimant=", ".join(map(str, _list(entry.get("claimants"))))))
    out = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("old", "new", "shown"):
        out[column] = out[column].astype("Int64")
    order = {"revised": 0, "new": 1, "no longer supported": 2}
    return out.sort_values(["change", "date"], key=lambda s: s.map(order) if s.name == "change" else s,
                           kind="stable").reset_index(drop=True)


def write_changes(changes: pd.DataFrame, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csv_frame(changes).to_csv(path, index=False)
    return path


class ChangesSection:
    """The front page's "New since <run>" section (HTML, every value escaped)."""

    def __init__(self, changes: pd.DataFrame, run_id: str, *, csv: str | None = None) -> None:
        self.changes, self.run_id, self.csv = changes, run_id, csv

    def _repr_html_(self) -> str:
        c = self.changes
        counts = {k: int((c["change"] == k).sum()) for k in ("new", "revised", "no longer supported")}
        summary = (f"{counts['new']} new timeline entr{'y' if counts['new'] == 1 else 'ies'}, "
                   f"{counts['revised']} revised figure{'' if counts['revised'] == 1 else 's'}, "
                   f"{counts['no longer supported']} no longer supported")
        rows = []
        for r in c.head(SHOWN_ROWS).to_dict("records"):
            if r["change"] == "revised":
                what = (f"{html_text(r['figure'])}: {html_text('' if pd.isna(r['old']) else r['old'])} → "
                        f"<strong>{html_text('' if pd.isna(r['new']) else r['new'])}</strong>")
                if r["source"] or r["claimant"]:
                    what += f" (per {html_text(r['claimant'] or 'unattributed')}, {html_text(r['source'])})"
                if not pd.isna(r["shown"]) and r["shown"] != r["new"]:
                    what += f"; shown: {html_text(r['shown'])}"
            else:
                what = html_text(r["claimant"])
            link = (f'<a href="provenance.html#{html_text(r["entry_id"])}">sources</a>'
                    if r["change"] != "no longer supported" else "")
            rows.append(f"<tr><td>{html_text(r['change'])}</td><td>{html_text(r['date'])}</td>"
                        f"<td>{html_text(r['kind'])}</td><td>{html_text(r['place'])}</td><td>{what}</td>"
                        f"<td>{link}</td></tr>")
        more = f"<p>{len(c) - SHOWN_ROWS} more in {html_text(self.csv)}.</p>" if len(c) > SHOWN_ROWS and self.csv \
            else ""
        table = ("<table><tr><th>change</th><th>date</th><th>kind</th><th>place</th><th>figures / claimants</th>"
                 f"<th></th></tr>{''.join(rows)}</table>") if rows else "<p>Nothing changed.</p>"
        csv = f' Full list: <a href="{html_text(self.csv)}">{html_text(self.csv)}</a>.' if self.csv else ""
        return (f'<div class="sitrep-changes" id="changes"><h2>New since {html_text(self.run_id)}</h2>'
                f"<p>{summary}.{csv}</p>{table}{more}</div>")


def changes_since(run, compare_with: str | Path | None, *, out_dir: str | Path = "."):
    """The "New since <run>" section for ``run`` against the run folder ``compare_with`` (the runner passes the
    newest earlier run over overlapping inputs, or ``--compare``), and ``exports/changes.csv``. Without a run to
    compare with, a line saying so."""
    from IPython.display import Markdown

    if not compare_with:
        return Markdown("*No earlier run over these inputs to compare with.*")
    previous = load_previous(compare_with)
    articles = pd.concat([a for a in (previous.articles, run.articles) if not a.empty], ignore_index=True) \
        if not (previous.articles.empty and run.articles.empty) else None
    changes = compare(previous.timeline, run.timeline, articles=articles)
    write_changes(changes, Path(out_dir) / "exports" / CHANGES_FILE)
    return ChangesSection(changes, previous.run_id, csv=f"exports/{CHANGES_FILE}")

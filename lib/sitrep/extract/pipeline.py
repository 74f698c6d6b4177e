"""The extraction pipeline over many articles: jobs, guarded extraction, long articles in pieces and sections,
worker processes, and the store.

No article breaks a run: whatever one article raises (parsing, rules, geocoding, time expressions, row building,
storing) becomes that article's problem, and the others come out. An article longer than ``PARSE_CHARS`` is
parsed in pieces joined into one Doc, one longer than ``SECTION_CHARS`` is extracted section by section, and one
longer than ``MAX_ARTICLE_CHARS`` is not extracted; every offset points into the full article text.

The public names are re-exported by :mod:`sitrep.extract`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import multiprocessing
import os
import re
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import NamedTuple

import pandas as pd

from sitrep import extract as _extract
from sitrep import schema
from sitrep.extract import TABLES, Extraction, Offset, concat, empty_extraction, extract_doc, reference_day
from sitrep.ingest import now_iso
from sitrep.nlp import DATA_DIR
from sitrep.nlp import sentences as sentences_of
from sitrep.types import Problem

BATCH_SIZE = 32
MAX_ARTICLE_CHARS = 5_000_000  # longer articles are a problem and are not extracted (a store keeps their text)
SECTION_CHARS = 100_000  # longer articles are extracted section by section: the rules' context ends at a section
PARSE_CHARS = 25_000  # longer texts are parsed in pieces joined into one Doc: the parser's memory grows with length
PARSE_CONTEXT_CHARS = 400  # a piece is parsed with up to this much text either side of it, then cut back to itself


def _extractor_version() -> str:
    """The current extractor version (looked up on :mod:`sitrep.extract` each time, so a test may change it)."""
    return _extract.EXTRACTOR_VERSION


# ----------------------------------------------------------------------------- one article, whatever it holds


class _Job(NamedTuple):
    """What extracting one article needs: picklable, so a batch of them can go to a worker."""

    article_id: str
    text: str
    published: dt.date | None
    path: str


def _job(article, reference_date: object) -> _Job:
    # an Article and a store row have a path; other article-like objects (the benchmark's) may not
    path = getattr(article, "path", None) or article.article_id
    return _Job(article.article_id, article.text, reference_day(article.published, reference_date), path)


def _failure(job: _Job, reason: str) -> Extraction:
    """An article that was not extracted: no rows, one problem naming the article."""
    return empty_extraction([Problem(job.path, reason, locator=job.article_id)])


def describe(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` in one line of at most about ``limit`` characters."""
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:limit] + '…' if len(message) > limit else message}"


def _guarded(job: _Job, work: Callable[..., Extraction], *args) -> Extraction:
    """``work(*args)``, or the article's problem when it raises anything."""
    try:
        return work(*args)
    except Exception as exc:  # one article's failure is its own problem, never the run's
        return _failure(job, f"extraction failed ({describe(exc)})")


def _parse_limit(nlp) -> int:
    """The longest text parsed in one go (and the longest piece of a longer one)."""
    return max(1, min(PARSE_CHARS, nlp.max_length - 2 * _parse_context(nlp)))


def _parse_context(nlp) -> int:
    return min(PARSE_CONTEXT_CHARS, nlp.max_length // 4)


def _parsed_in_one(job: _Job, limit: int) -> bool:
    return isinstance(job.text, str) and len(job.text) <= min(limit, MAX_ARTICLE_CHARS)


def _extract_jobs(nlp, jobs: list[_Job]) -> list[Extraction]:
    """One extraction per job, in order, in this process or a worker. Articles short enough go through
    ``nlp.pipe`` together; longer ones one at a time, in pieces. A failing article is an empty extraction with its
    problem, and loses no other article of the batch."""
    from sitrep.lang import extract_foreign, route

    limit = _parse_limit(nlp)
    foreign = route(jobs)  # Russian and Ukrainian articles: their own pipeline (sitrep.lang), never spaCy's
    short = [i for i, job in enumerate(jobs) if i not in foreign and _parsed_in_one(job, limit)]
    done = {i: _guarded(jobs[i], _extract_parsed, jobs[i], parsed)
            for i, parsed in zip(short, _parse_each(nlp, [jobs[i].text for i in short]), strict=True)}
    done |= {i: _guarded(jobs[i], lambda j, lang: extract_foreign(j.text, language=lang, article_id=j.article_id,
                                                                  published=j.published), jobs[i], lang)
             for i, lang in foreign.items()}
    return [done[i] if i in done else _guarded(job, _extract_long, nlp, job) for i, job in enumerate(jobs)]


def _parse_each(nlp, texts: list[str]) -> Iterator[object]:
    """A Doc per text, or the exception parsing it raised: the texts go through ``nlp.pipe`` together, and after a
    failure the rest one at a time, so one bad text costs no other its Doc."""
    done = 0
    try:
        for doc in nlp.pipe(texts, batch_size=max(1, len(texts))):
            done += 1
            yield doc
    except Exception:
        for text in texts[done:]:
            yield _parse_one(nlp, text)


def _parse_one(nlp, text: str) -> object:
    try:
        return nlp(text)
    except Exception as exc:
        return exc


def _extract_parsed(job: _Job, parsed: object) -> Extraction:
    if isinstance(parsed, Exception):
        raise parsed
    return extract_doc(parsed, article_id=job.article_id, published=job.published)


def _extract_long(nlp, job: _Job) -> Extraction:
    """An article longer than one parse: section by section (each parsed in pieces), offsets into the full text."""
    text = job.text
    if not isinstance(text, str):
        raise TypeError(f"article text is {type(text).__name__}, not a string")
    if len(text) > MAX_ARTICLE_CHARS:
        return _failure(job, f"article is {len(text):,} characters, over the {MAX_ARTICLE_CHARS:,}-character limit: "
                             "not extracted")
    parts, sentences = [], 0
    for start, end in text_pieces(text, SECTION_CHARS):
        doc = parse_long(nlp, text, start, end)
        parts.append(extract_doc(doc, article_id=job.article_id, published=job.published,
                                 at=Offset(start, sentences)))
        sentences += len(sentences_of(doc))
    whole = concat(parts)
    return whole.replace(unresolved=tuple(sorted(set(whole.unresolved))))


def parse_long(nlp, text: str, start: int = 0, end: int | None = None):
    """One Doc for ``text[start:end]`` however long: parsed in pieces of at most ``PARSE_CHARS`` cut by
    :func:`text_pieces`, each with up to ``PARSE_CONTEXT_CHARS`` of ``text`` either side as context (within spaCy's
    ``max_length``), joined without their tensors. With the context, a piece reads as it does in the whole text."""
    from spacy.tokens import Doc

    end = len(text) if end is None else end
    if start == 0 and end == len(text) <= _parse_limit(nlp):
        return nlp(text)
    context = _parse_context(nlp)
    docs = [_parse_piece(nlp, text, start + a, start + b, context)
            for a, b in text_pieces(text[start:end], _parse_limit(nlp))]
    doc = Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"]) if len(docs) > 1 else docs[0]
    if doc.text != text[start:end]:
        raise RuntimeError("the parsed pieces do not join up to the article text")
    return doc


def _parse_piece(nlp, text: str, start: int, end: int, context: int):
    """``text[start:end]`` parsed with up to ``context`` characters on either side (the parser and the entity
    recognizer read the neighbouring words; the piece alone would be read as the start or end of a document)."""
    before, after = _context_start(text, start, context), _context_end(text, end, context)
    doc = nlp(text[before:after])
    starts = {t.idx: t.i for t in doc} | {after - before: len(doc)}
    if start - before not in starts or end - before not in starts:
        return nlp(text[start:end])  # the piece's ends are not token boundaries in context: parse it alone
    return doc[starts[start - before]:starts[end - before]].as_doc()


def _context_start(text: str, start: int, context: int) -> int:
    """Where the context before ``start`` begins: at most ``context`` characters back, just after whitespace."""
    if start <= context:
        return 0
    space = re.compile(r"\s+").search(text, start - context, start)
    return space.end() if space else start


def _context_end(text: str, end: int, context: int) -> int:
    """Where the context after ``end`` ends: at most ``context`` characters on, at whitespace."""
    if len(text) - end <= context:
        return len(text)
    spaces = [m.start() for m in re.compile(r"\s+").finditer(text, end, end + context)]
    return spaces[-1] if spaces else end


# Where a long text may be cut, strongest first; a cut comes after the match (whitespace stays with the piece
# before it). A sentence-like end is a full stop, question or exclamation mark before a capital.
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line
    re.compile(r"\n\s*"),  # a line break
    re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z])"),  # the end of a sentence
    re.compile(r"\s+"),  # any whitespace
)


def text_pieces(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text`` of at most ``size`` characters that join up to it.

    Each piece ends at the last of the strongest boundaries in its window: a blank line, else a line break, else
    the end of a sentence before a capital, else whitespace, never inside a word. Only a run of more than ``size``
    characters without any whitespace is cut where the window ends."""
    pieces, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        pieces.append((start, end))
        start = end
    if start < len(text):
        pieces.append((start, len(text)))
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    for boundary in _CUTS:
        cuts = [m.end() for m in boundary.finditer(text, start, end) if not text[m.end():m.end() + 1].isspace()]
        if cuts:  # the last one that does not split a run of whitespace
            return cuts[-1]
    return end


def iter_extractions(
    articles: Iterable, *, reference_date: object = None, batch_size: int = BATCH_SIZE,
    n_process: int | str = 1, pool: ExtractionPool | DaskPool | None = None, scheduler: str | None = None,
) -> Iterator[tuple[object, Extraction]]:
    """(article, extraction) for each article (objects or rows with article_id/text/published), in input order.
    An article that could not be extracted comes back with no rows and one problem saying why.

    Streams: at most a few batches of articles are in flight and no Doc outlives its batch. ``n_process``:
    1 (default) parses in this process; K > 1 uses K worker processes that each load the pipeline once and
    send back only the small tables; 0 or ``"auto"`` picks :func:`auto_processes` (several processes only for
    a corpus of at least ``AUTO_MIN_ARTICLES``). ``scheduler`` sends the batches to a Dask cluster instead
    (:class:`DaskPool`: a scheduler address, or ``"local"`` for a two-worker ``LocalCluster`` started here and
    stopped at the end; nothing is started for no articles). ``pool`` reuses a running :class:`ExtractionPool`
    or :class:`DaskPool`.
    The tables do not depend on ``n_process``, ``scheduler`` or ``batch_size`` (tested under a fixed
    ``PYTHONHASHSEED``: the order of an event's claim rows follows Python's string hashing, which differs between
    processes). With ``n_process > 1`` or a local cluster, workers are spawned, so a script calling this must guard
    its entry point with ``if __name__ == "__main__":``.
    """
    if pool is None and scheduler:
        iterator = iter(articles)
        first = next(iterator, _NOTHING)
        if first is _NOTHING:
            return
        with DaskPool(scheduler) as dask_pool:
            yield from dask_pool.imap(itertools.chain([first], iterator), reference_date=reference_date,
                                      batch_size=batch_size)
        return
    if pool is None:
        articles, n_process = _resolve_processes(articles, n_process)
    if pool is not None or n_process > 1:
        own = pool is None
        pool = pool or ExtractionPool(n_process)
        try:
            yield from pool.imap(articles, reference_date=reference_date, batch_size=batch_size)
        finally:
            if own:
                pool.close()
        return
    from sitrep.nlp import load_pipeline

    nlp = load_pipeline()
    for batch in _chunks(articles, max(1, batch_size)):
        yield from zip(batch, _extract_jobs(nlp, [_job(a, reference_date) for a in batch]), strict=True)


_NOTHING = object()


def extract_articles(articles: Iterable, *, reference_date: object = None, n_process: int | str = 1,
                     batch_size: int = BATCH_SIZE, scheduler: str | None = None) -> Extraction:
    """Every article's tables; an article that could not be extracted is one of ``problems`` instead."""
    return concat([e for _, e in iter_extractions(articles, reference_date=reference_date, n_process=n_process,
                                                  batch_size=batch_size, scheduler=scheduler)])


# ----------------------------------------------------------------------------- several processes

AUTO_MIN_ARTICLES = 200  # below this, starting workers costs more than it saves
AUTO_MAX_PROCESSES = 2
START_METHOD = "spawn"  # workers start clean (no forked threads or open store connections) and load the model


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def auto_processes(n_articles: int | None = None) -> int:
    """Processes for ``n_process="auto"``: 1 below ``AUTO_MIN_ARTICLES`` articles, else up to 2 usable cores."""
    if n_articles is not None and n_articles < AUTO_MIN_ARTICLES:
        return 1
    return max(1, min(usable_cores(), AUTO_MAX_PROCESSES))


def _resolve_processes(articles: Iterable, n_process: int | str) -> tuple[Iterable, int]:
    if isinstance(n_process, str):
        if n_process.strip().lower() != "auto":
            raise ValueError(f"n_process must be a positive number, 0 or 'auto', not {n_process!r}")
        n_process = 0
    if n_process < 0:
        raise ValueError(f"n_process must be a positive number, 0 or 'auto', not {n_process!r}")
    if n_process != 0:
        return articles, n_process
    if isinstance(articles, Sized):
        return articles, auto_processes(len(articles))
    # a stream: look ahead far enough to tell a small corpus from a large one
    iterator = iter(articles)
    head = list(itertools.islice(iterator, AUTO_MIN_ARTICLES))
    return itertools.chain(head, iterator), auto_processes(len(head) if len(head) < AUTO_MIN_ARTICLES else None)


def _worker_start() -> None:
    from sitrep.nlp import load_pipeline

    load_pipeline()


def _worker_ping(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


def _extract_batch(batch: list[_Job]) -> list[Extraction]:
    """In a worker: the tables of a batch of articles (never Docs); a failing article is its own problem."""
    from sitrep.nlp import load_pipeline

    return _extract_jobs(load_pipeline(), batch)


class ExtractionPool:
    """Worker processes that each load the pipeline once; reusable across calls, closed by ``with``.

    ``imap`` sends small batches of (article_id, text, reference day, path) and yields the tables back in input
    order, keeping at most ``in_flight`` batches (default two per worker) outstanding, so memory stays flat.
    """

    def __init__(self, n_process: int, *, start_method: str | None = None, in_flight: int | None = None):
        if n_process < 1:
            raise ValueError("n_process must be at least 1")
        self.n_process = n_process
        self.in_flight = in_flight or 2 * n_process
        context = multiprocessing.get_context(start_method or START_METHOD)
        self._executor = ProcessPoolExecutor(n_process, mp_context=context, initializer=_worker_start)

    def warm_up(self, *, timeout: float = 300.0) -> set[int]:
        """Start every worker and wait until each has loaded the pipeline; returns their pids."""
        pids: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(pids) < self.n_process and time.monotonic() < deadline:
            futures = [self._executor.submit(_worker_ping, 0.2) for _ in range(self.n_process)]
            pids.update(f.result(timeout=max(1.0, deadline - time.monotonic())) for f in futures)
        return pids

    def imap(self, articles: Iterable, *, reference_date: object = None,
             batch_size: int = BATCH_SIZE) -> Iterator[tuple[object, Extraction]]:
        pending: deque[tuple[list, Future]] = deque()
        try:
            for chunk in _chunks(articles, max(1, batch_size)):
                payload = [_job(a, reference_date) for a in chunk]
                pending.append((chunk, self._executor.submit(_extract_batch, payload)))
                while len(pending) >= self.in_flight:
                    chunk, future = pending.popleft()
                    yield from zip(chunk, future.result(), strict=True)
            while pending:
                chunk, future = pending.popleft()
                yield from zip(chunk, future.result(), strict=True)
        finally:
            for _, future in pending:
                future.cancel()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# ----------------------------------------------------------------------------- a Dask cluster

LOCAL = "local"  # ``scheduler="local"``: a LocalCluster on this machine
LOCAL_WORKERS = 2  # processes, one thread each: one spaCy pipeline per worker
# Dask settings for extraction workers (data/dask.yaml says why each): a LocalCluster starts with them, and a cluster of
# your own takes them from DASK_CONFIG pointing at that file (README).
DASK_SETTINGS = DATA_DIR / "dask.yaml"


@functools.cache
def local_cluster_config() -> dict[str, object]:
    """The settings of :data:`DASK_SETTINGS` as dotted keys for ``dask.config.set`` (a nested mapping there would
    replace whole sections of Dask's defaults)."""
    import yaml

    def flat(prefix: str, value: object) -> Iterator[tuple[str, object]]:
        if isinstance(value, dict):
            for key, inner in value.items():
                yield from flat(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            yield prefix, value

    return dict(flat("", yaml.safe_load(DASK_SETTINGS.read_text(encoding="utf-8"))))


SCHEDULER_TIMEOUT_VARIABLE = "SITREP_SCHEDULER_TIMEOUT"  # seconds to reach a scheduler and find a worker
DEFAULT_SCHEDULER_TIMEOUT = 30.0


class SchedulerError(Exception):
    """The Dask scheduler cannot be reached or used (a user-facing, one-line error)."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback (a notebook's ``analyze`` cell with a bad scheduler)."""
        return [f"{type(self).__name__}: {self}"]


def scheduler_timeout() -> float:
    text = os.environ.get(SCHEDULER_TIMEOUT_VARIABLE, "").strip()
    try:
        seconds = float(text) if text else DEFAULT_SCHEDULER_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise SchedulerError(f"{SCHEDULER_TIMEOUT_VARIABLE}: not a positive number of seconds: {text!r}")
    return seconds


def _one_line(exc: BaseException) -> str:
    return describe(exc, limit=200)


def _dask_modules():
    try:
        from dask.distributed import Client, LocalCluster, WorkerPlugin
    except ImportError as exc:  # pragma: no cover - dask is in requirements.txt
        raise SchedulerError(f"--scheduler needs dask.distributed ({_one_line(exc)}); "
                             "pip install -r requirements.txt") from exc
    return Client, LocalCluster, WorkerPlugin


def _probe(address: str, timeout: float) -> None:
    """Connect to ``address`` and hang up: OSError or ValueError when nothing answers there (on a thread of its own,
    so that it also works where an event loop is running, as in a notebook)."""
    import asyncio

    from distributed.comm import connect

    async def knock() -> None:
        comm = await connect(address, timeout=timeout)
        await comm.close()

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, knock()).result()


def check_scheduler(scheduler: str) -> None:
    """SchedulerError (one line) unless ``scheduler`` is ``"local"`` or an address where something answers."""
    _dask_modules()
    if not scheduler.strip():
        raise SchedulerError("no scheduler address given (an address such as tcp://host:8786, or 'local')")
    if scheduler.strip().lower() == LOCAL:
        return
    try:
        _probe(scheduler.strip(), scheduler_timeout())
    except Exception as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler {scheduler.strip()!r}: {_one_line(exc)}") from exc


def _pipeline_plugin():
    _, _, WorkerPlugin = _dask_modules()

    class PipelinePlugin(WorkerPlugin):
        """Loads sitrep's spaCy pipeline once per worker, when the worker joins (and on every worker that joins
        later), so no batch waits for it."""

        name = "sitrep-pipeline"

        def setup(self, worker) -> None:
            _worker_start()

    return PipelinePlugin()


class DaskPool:
    """Batches of articles extracted on ``dask.distributed`` workers, each with one spaCy pipeline loaded once (a
    worker plugin); the small tables come back in input order. Same interface as :class:`ExtractionPool`.

    ``scheduler`` is a scheduler address (``tcp://host:8786``, ``host:8786``) or ``"local"``, which starts a
    ``LocalCluster`` of two worker processes with one thread each and stops it on ``close``. The workers need the
    same sitrep package and requirements installed (they import ``sitrep.extract.pipeline``). An address that does not
    answer within ``$SITREP_SCHEDULER_TIMEOUT`` seconds (default 30), a scheduler without workers, or workers that
    cannot load the pipeline raise :class:`SchedulerError` with one line."""

    def __init__(self, scheduler: str, *, in_flight: int | None = None):
        Client, LocalCluster, _ = _dask_modules()
        self.scheduler = scheduler.strip()
        check_scheduler(self.scheduler)  # a failed Client lingers and complains at exit: try the address first
        timeout = scheduler_timeout()
        self._cluster = None
        try:
            if self.scheduler.lower() == LOCAL:
                import dask

                # the scheduler, the client and the nannies read the settings when they start; each worker takes
                # its nanny's copy
                with warnings.catch_warnings(), dask.config.set(local_cluster_config()):
                    # "Port 8787 is already in use" when another cluster runs here
                    warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
                    self._cluster = LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True,
                                                 dashboard_address=None)
                    self.client = Client(self._cluster)
            else:
                self.client = Client(self.scheduler, timeout=timeout)
        except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address ...
            self._close_cluster()
            raise SchedulerError(f"cannot reach the Dask scheduler {self.scheduler!r}: {_one_line(exc)}") from exc
        try:
            self.client.wait_for_workers(1, timeout=timeout)
            self.client.register_plugin(_pipeline_plugin())
            self.workers = max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        except Exception as exc:
            self.close()
            reason = ("has no workers" if isinstance(exc, TimeoutError)
                      else f"cannot start sitrep's pipeline on its workers ({_one_line(exc)})")
            raise SchedulerError(f"Dask scheduler {self.scheduler!r} {reason}") from exc
        self.in_flight = in_flight or 2 * self.workers

    def imap(self, articles: Iterable, *, reference_date: object = None,
             batch_size: int = BATCH_SIZE) -> Iterator[tuple[object, Extraction]]:
        pending: deque[tuple[list, object]] = deque()

        def result(future) -> list[Extraction]:
            try:
                return future.result()
            except Exception as exc:  # a lost worker, a cancelled task: the run cannot go on
                raise SchedulerError(f"Dask scheduler {self.scheduler!r}: a batch failed ({_one_line(exc)})") from exc

        try:
            for chunk in _chunks(articles, max(1, batch_size)):
                payload = [_job(a, reference_date) for a in chunk]
                pending.append((chunk, self.client.submit(_extract_batch, payload, pure=False)))
                while len(pending) >= self.in_flight:
                    chunk, future = pending.popleft()
                    yield from zip(chunk, result(future), strict=True)
            while pending:
                chunk, future = pending.popleft()
                yield from zip(chunk, result(future), strict=True)
        finally:
            for _, future in pending:
                future.cancel()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        self._close_cluster()

    def __enter__(self) -> DaskPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _store_extraction(store, article, ex: Extraction) -> None:
    """One article's tables, its unresolved places, its problems and its extraction mark, in one transaction.

    An article that failed is stored as no rows plus its problem, and marked like the others: it is tried again
    only by another extractor version."""
    with store.transaction():
        ids = [article.article_id]
        store.replace_rows(schema.ENTITIES, ex.entities, article_ids=ids)
        store.replace_rows(schema.NUMBERS, ex.numbers, article_ids=ids)
        store.replace_rows(schema.EVENTS, ex.events, article_ids=ids)
        store.replace_rows(schema.CLAIMS, ex.claims, article_ids=ids)
        store.replace_rows(schema.TIMES, ex.times, article_ids=ids)
        _mark_batch(store, [(article, ex)])


def _mark_batch(store, batch: list, part: str | None = None) -> None:
    """The articles' unresolved places, problems and extraction marks (``part``: the Parquet run holding their
    rows) for a batch of (article, extraction) pairs, in one statement per table inside the caller's transaction
    (a statement per unresolved place cost more than the batch's tables)."""
    ids = [article.article_id for article, _ in batch]
    store.con.execute("DELETE FROM problems WHERE stage IN ('geo', 'extract') AND locator IN (SELECT unnest(?))",
                      [ids])
    stamp = now_iso()
    problems: dict[tuple, tuple] = {}  # the table's key (path, locator, reason) -> row; the first one wins
    for article, ex in batch:
        for _, place in ex.unresolved:
            reason = f"unresolved place: {place!r}"
            problems.setdefault((article.path, article.article_id, reason),
                                (article.path, article.article_id, "warning", reason, "geo", stamp))
        for problem in ex.problems:
            problems.setdefault((problem.path, problem.locator or "", problem.reason),
                                (problem.path, problem.locator or "", problem.severity, problem.reason, "extract",
                                 stamp))
    if problems:
        rows = pd.DataFrame(list(problems.values()), columns=schema.PROBLEMS.names, dtype=object)
        _insert_select(store, rows, "INSERT INTO problems SELECT * FROM _batch ON CONFLICT DO NOTHING")
    marks = pd.DataFrame({"article_id": ids, "extractor_version": _extractor_version(), "extracted_at": stamp,
                          "part": part}, columns=schema.EXTRACTIONS.names, dtype=object)
    _insert_select(store, marks, "INSERT OR REPLACE INTO extractions SELECT * FROM _batch")


def _insert_select(store, df: pd.DataFrame, sql: str) -> None:
    """Run ``sql`` reading ``df`` as the view ``_batch``."""
    store.con.register("_batch", df)
    try:
        store.con.execute(sql)
    finally:
        store.con.unregister("_batch")


PARQUET_FLUSH_ARTICLES = 500  # articles whose tables are written together as one Parquet file per table and month


class _BatchWriter:
    """Collects (article, extraction) pairs and writes them ``flush_every`` at a time (``_write``); ``done`` counts the
    articles stored without a problem."""

    def __init__(self, store, *, flush_every: int):
        self.store, self.flush_every = store, flush_every
        self.pending: list[tuple[object, Extraction]] = []
        self.done = 0

    def add(self, article, ex: Extraction) -> None:
        self.pending.append((article, ex))
        if len(self.pending) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self._write(batch)

    def _write(self, batch: list[tuple[object, Extraction]]) -> None:
        raise NotImplementedError


class _PartWriter(_BatchWriter):
    """Writes extractions to the store's partitioned Parquet dataset (:meth:`sitrep.store.Store.write_part`): the
    tables of up to ``PARQUET_FLUSH_ARTICLES`` articles per file and publication month, then, in one DuckDB
    transaction, the articles' marks (naming the file's run), problems and the removal of rows an earlier extraction
    left in the DuckDB file. Rows in a file whose mark was never written are never read."""

    def __init__(self, store, *, flush_every: int = PARQUET_FLUSH_ARTICLES):
        from sitrep.store import PARTITIONED

        super().__init__(store, flush_every=flush_every)
        self.tables = PARTITIONED
        self.run = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + os.urandom(3).hex()
        self.files = 0

    def _write(self, batch: list[tuple[object, Extraction]]) -> None:
        from sitrep.store import publication_month

        part = f"{self.run}-{self.files:05d}"
        self.files += 1
        try:
            whole = concat([ex for _, ex in batch])  # one DataFrame per table for the whole batch
            for table in self.tables:  # the rows in the order extracted (``_order``), split by publication month
                if not whole.count(table.name):
                    continue
                rows = whole.table(table.name).copy()
                rows["_month"] = [publication_month(article.published) for article, ex in batch
                                  for _ in range(ex.count(table.name))]
                rows["_order"] = range(len(rows))
                for month, df in rows.groupby("_month", sort=True):
                    self.store.write_part(table, df, month=month, run=part)
            with self.store.transaction():
                ids = [article.article_id for article, _ in batch]
                for table in self.tables:
                    self.store.replace_rows(table, schema.frame(table), article_ids=ids)
                _mark_batch(self.store, batch, part)
        except Exception as exc:  # the batch's tables cannot be stored: each article is its own problem
            reason = f"extraction not stored ({describe(exc)})"
            for article, _ in batch:
                _store_extraction(self.store, article, empty_extraction([Problem(article.path, reason,
                                                                                 locator=article.article_id)]))
            return
        self.done += sum(not ex.problems for _, ex in batch)


TODO_CHUNK = 1_000  # articles read from the store at a time: the texts of a large store are never all in memory


def _todo(store, ids: list[str]) -> Iterator[object]:
    for start in range(0, len(ids), TODO_CHUNK):
        chunk = store.con.execute("SELECT article_id, text, published, path FROM articles "
                                  "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id",
                                  [ids[start:start + TODO_CHUNK]]).df()
        yield from chunk.itertuples(index=False)


def extract_store(store, *, reference_date: object = None, progress: bool = False, n_process: int | str = 1,
                  scheduler: str | None = None, parquet: bool | None = None) -> int:
    """Extract the store's articles that lack a current extraction; returns how many were extracted.

    An article that fails (in extraction or in storing its tables) is recorded as a problem (stage ``extract``,
    locator its id) and marked done for this ``EXTRACTOR_VERSION``; it never stops the others. ``n_process`` as for
    :func:`iter_extractions`, and ``scheduler`` (a Dask scheduler address or ``"local"``); the store is written from
    this process only, each article's tables as they arrive.

    ``parquet`` writes the tables to the store's partitioned Parquet dataset (``<store>.parts/``, by publication
    month, see :class:`_PartWriter`) instead of the DuckDB file; by default only with a ``scheduler``. Reads
    (:meth:`sitrep.store.Store.select`) see both."""
    ids = [row[0] for row in store.con.execute(
        "SELECT a.article_id FROM articles a LEFT JOIN extractions x "
        "ON a.article_id = x.article_id AND x.extractor_version = ? WHERE x.article_id IS NULL "
        "ORDER BY a.article_id", [_extractor_version()]).fetchall()]
    if not ids:
        return 0
    if parquet is None:
        parquet = bool(scheduler)
    if parquet and store.parts_dir is None:
        parquet = False  # an in-memory store keeps everything in DuckDB
    writer = _PartWriter(store) if parquet else _StoreWriter(store)
    for seen, (article, ex) in enumerate(iter_extractions(_todo(store, ids), reference_date=reference_date,
                                                          n_process=n_process, scheduler=scheduler), 1):
        writer.add(article, ex)
        if progress and (seen % 50 == 0 or seen == len(ids)):
            print(f"extracted {seen}/{len(ids)} articles", file=sys.stderr, flush=True)
    writer.flush()
    return writer.done


STORE_BATCH_ARTICLES = 64  # articles whose tables go into the DuckDB file in one transaction


class _StoreWriter(_BatchWriter):
    """Writes extractions into the store's DuckDB file: the tables of up to ``STORE_BATCH_ARTICLES`` articles in one
    transaction (one DataFrame per table), each article marked; if the batch cannot be stored, article by article,
    so one article whose tables cannot be stored is recorded as a problem and never stops the others."""

    def __init__(self, store, *, flush_every: int = STORE_BATCH_ARTICLES):
        super().__init__(store, flush_every=flush_every)

    def _write(self, batch: list[tuple[object, Extraction]]) -> None:
        try:
            whole = concat([ex for _, ex in batch])
            with self.store.transaction():
                ids = [article.article_id for article, _ in batch]
                for name, table in TABLES.items():
                    self.store.replace_rows(table, whole.table(name), article_ids=ids)
                _mark_batch(self.store, batch)
            self.done += sum(not ex.problems for _, ex in batch)
            return
        except Exception:  # noqa: BLE001 - find the article that cannot be stored: one at a time below
            pass
        for article, ex in batch:
            try:
                _store_extraction(self.store, article, ex)
                self.done += not ex.problems
            except Exception as exc:  # one article's tables that cannot be stored never stop the others
                reason = f"extraction not stored ({describe(exc)})"
                _store_extraction(self.store, article, empty_extraction([Problem(article.path, reason,
                                                                                 locator=article.article_id)]))

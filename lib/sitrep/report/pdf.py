"""Headless Chromium: find it, run it on a page, print the front page to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

PDF_NAME = "front-page.pdf"


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


def find_chromium() -> str | None:
    """A Chromium or Chrome executable on PATH, or None."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def headless_chromium(page: str | Path, *flags: str, chromium: str | None = None,
                      timeout: float = 120) -> subprocess.CompletedProcess:
    """Run headless Chromium on ``page`` (a file path or URL) with ``flags`` added to the standard ones, in a
    throw-away profile. Returns the finished process (stdout as text); raises FileNotFoundError without Chromium."""
    chromium = chromium or find_chromium()
    if not chromium:
        raise FileNotFoundError("Chromium not found (looked for " + ", ".join(CHROMIUM_NAMES) + ")")
    url = Path(page).resolve().as_uri() if not re.match(r"^[a-z]+:", str(page)) else str(page)
    with tempfile.TemporaryDirectory(prefix="sitrep-chromium-") as profile:
        return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *flags, url],
                              capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def _no_chromium(name: str) -> str:
    return (f"warning: --pdf: Chromium not found (looked for {', '.join(CHROMIUM_NAMES)}), {name} not written; "
            f"install it (e.g. apt-get install chromium) to get the PDF")


def write_pdf(index: Path, target: Path, *, progress: Callable[[str], None] = lambda line: None) -> Path | None:
    """Print ``index`` to ``target`` with headless Chromium. Without Chromium, or when printing fails, one warning
    line goes to ``progress`` and None is returned."""
    if not find_chromium():
        progress(_no_chromium(target.name))
        return None
    target.unlink(missing_ok=True)
    try:
        done = headless_chromium(index, f"--print-to-pdf={target}", "--no-pdf-header-footer")
        problem = None if target.is_file() and target.stat().st_size else f"Chromium exited {done.returncode}"
    except (OSError, subprocess.SubprocessError) as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        progress(f"warning: --pdf: {target.name} not written ({problem})")
        return None
    return target

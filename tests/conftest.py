"""Shared fixtures. A report run on the seed is expensive (five kernels): the report and browser tests share one."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory):
    """(out folder, RunResult, progress lines) of ``run_report`` on ``seeds/`` with ``pdf=True``: with Chromium the
    bundle has ``front-page.pdf``, without it the progress lines hold the warning."""
    from sitrep.report import run_report

    out = tmp_path_factory.mktemp("reports")
    lines: list[str] = []
    result = run_report([str(SEEDS)], out_dir=out, pdf=True, progress=lines.append)
    return out, result, lines

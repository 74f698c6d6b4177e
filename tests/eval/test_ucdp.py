"""Tests for sitrep.eval.ucdp.

Data: UCDP Georeferenced Event Dataset, Ukraine 2014 to March 2023 (CC BY 4.0). Sundberg & Melander (2013),
Journal of Peace Research 50(4); Davies, Pettersson & Öberg (2022), Journal of Peace Research 59(4). The data
tests skip when the shared data folder is absent.
"""

from __future__ import annotations

import pandas as pd
import pytest

from sitrep.eval.ucdp import (
    COLUMNS,
    default_data_dir,
    english_headline,
    load_ucdp_headlines,
    parse_mdy,
    parse_source_date,
)

ISO = r"^\d{4}-\d{2}-\d{2}$"


def test_date_parsers():
    assert parse_mdy("09/01/2022 00:00") == "2022-09-01"
    assert parse_mdy("9/20/2022 12:00:00 AM") == "2022-09-20"
    assert parse_mdy("12/08/2014 00:00") == "2014-12-08"
    assert parse_source_date("06/02/2023") == "2023-02-06"  # day/month/year
    assert parse_source_date("2022-09-21;2022-09-20") == "2022-09-20"
    assert parse_mdy("") is None and parse_source_date("-") is None


def test_english_headline_drops_placeholders():
    assert english_headline("Debaltseve;Debaltseve") == ""
    assert english_headline("Rob Lee @RALee85") == ""
    line = "Two Ukraine soldiers killed in rebel east"
    assert english_headline(f"-;{line};{line}") == line


def test_missing_folder_raises(tmp_path):
    with pytest.raises(FileNotFoundError, match="UCDP"):
        load_ucdp_headlines(tmp_path / "nowhere")


@pytest.fixture(scope="module")
def headlines() -> pd.DataFrame:
    if not any(default_data_dir().glob("*.csv")):
        pytest.skip(f"UCDP data not found at {default_data_dir()}")
    return load_ucdp_headlines()


def test_load_headlines(headlines):
    assert list(headlines.columns) == COLUMNS
    assert len(headlines) >= 800
    assert headlines["id"].is_unique
    assert (headlines["headline"].str.len() > 0).all()
    for col in ("best", "low", "high", "deaths_civilians"):
        assert pd.api.types.is_integer_dtype(headlines[col]), col
    assert (headlines[["best", "low", "high"]] >= 0).all().all()  # a few rows have high < best in UCDP itself
    for col in ("date_start", "date_end", "source_date"):
        assert headlines[col].str.match(ISO).all(), col
    assert (headlines["date_start"] <= headlines["date_end"]).all()
    assert headlines["date_start"].min() >= "2022-01-01"
    assert headlines["latitude"].between(43, 53).all() and headlines["longitude"].between(21, 41).all()

# sitrep — two commands: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
INPUTS ?= seeds
OUT    ?= reports
REPORT_FLAGS ?=   # e.g. make report REPORT_FLAGS="--pdf --since 2025-12-01"

.PHONY: report test lint bench bench-scale lab eval clean setup chromium

# (Re)build the virtualenv when it is missing or older than requirements.txt / pyproject.toml.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m ipykernel install --sys-prefix --name sitrep --display-name "sitrep (.venv)" >/dev/null
	$(PY) -c "from sitrep.geo import load_gazetteer; load_gazetteer()"  # build the geocoder's cached index once
	@touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(PY) -m sitrep report $(INPUTS) --out $(OUT) $(REPORT_FLAGS)

# Chromium (browser test, `report --pdf`) and poppler's pdftotext (the PDF text test): installed with apt-get when
# missing and we are root; otherwise one line says so and those tests skip. Never fails the build.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  command -v google-chrome >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || \
	      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; }; } || \
	  echo "chromium unavailable: browser test will skip"
	@command -v pdftotext >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; } || \
	  echo "pdftotext unavailable: the PDF text test will skip"

test: $(STAMP) chromium
	$(PY) -m ruff check lib tests
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check lib tests

bench: $(STAMP)
	$(PY) -m sitrep.bench

# whole `sitrep events` runs on generated corpora of 1,000 and 5,000 articles (not part of `make test`; tens of
# minutes), e.g. make bench-scale SCALE_FLAGS="--sizes 500 --scheduler local"
SCALE_FLAGS ?=
bench-scale: $(STAMP)
	$(PY) -m sitrep.bench scale $(SCALE_FLAGS)

eval: $(STAMP)
	$(PY) -m sitrep.eval

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*/ reports/latest .pytest_cache .ruff_cache

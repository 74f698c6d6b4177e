# sitrep — two commands: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
INPUTS ?= seeds
OUT    ?= reports

.PHONY: report test lint bench lab eval clean setup

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
	$(PY) -m sitrep report $(INPUTS) --out $(OUT)

test: $(STAMP)
	$(PY) -m ruff check lib tests
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check lib tests

bench: $(STAMP)
	$(PY) -m sitrep.bench

eval: $(STAMP)
	$(PY) -m sitrep.eval

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*/ reports/latest .pytest_cache .ruff_cache

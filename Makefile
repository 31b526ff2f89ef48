# lagebild — `make demo` and `make test` work on a fresh clone; both run `install` first.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
DEMO_DB ?= demo.duckdb
DEMO_SERVE ?= 1
JOBS ?= 2

screenshots: install browser
	$(BIN)/lagebild demo --db $(DEMO_DB) > /dev/null
	$(BIN)/python scripts/screenshots.py --db $(DEMO_DB)

.PHONY: screenshots install browser demo test test-all eval eval-test bench bench-parser bench-web train-ner train-pos train-parser train-events train-stories ray-start ray-stop clean data-check

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Debian chromium for the browser tests (Playwright drives /usr/bin/chromium; nothing is downloaded by Playwright)
browser:
	@bash scripts/install-browser.sh

demo: install
	$(BIN)/lagebild demo --db $(DEMO_DB) $(ARGS)
	@if [ "$(DEMO_SERVE)" = "1" ]; then $(BIN)/lagebild serve --db $(DEMO_DB); fi

test: install browser
	$(BIN)/python -m lagebild.eval.data.check
	$(BIN)/python -m pytest -q -x --durations=15

# validate every labelled set under data/ (offsets against ../shared, reserved ids, splits) and print agreement
data-check: install
	$(BIN)/python -m lagebild.eval.data.check

# everything, including slow evaluations and benchmarks
test-all: install browser
	$(BIN)/python -m pytest -q -m "" --durations=25

# evaluations on the development splits and the held-out test splits (need ../shared)
eval: install
	$(BIN)/lagebild eval quotes --split dev
	$(BIN)/lagebild eval stories --semeval
	$(BIN)/lagebild eval events --split dev
	$(BIN)/lagebild eval events --split legacy-dev
	$(BIN)/lagebild eval events --split legacy-dev2
	$(BIN)/lagebild eval speakers --split dev --oracle
	$(BIN)/lagebild eval actors --entities --split dev
	$(BIN)/python -m lagebild.eval.ner --source entities_dev

eval-test: install
	$(BIN)/lagebild eval parse
	$(BIN)/lagebild eval quotes --split test
	$(BIN)/lagebild eval ner --split test
	$(BIN)/lagebild eval stories --split test
	$(BIN)/lagebild eval events --split test
	$(BIN)/lagebild eval events --split legacy-test
	$(BIN)/lagebild eval speakers --split test --oracle
	$(BIN)/lagebild eval actors --entities --split test
	$(BIN)/python -m lagebild.eval.ner --source entities_test

bench: install
	$(BIN)/lagebild bench --limit 1000 --jobs 1,2 --write docs/benchmarks.md

bench-parser: install
	$(BIN)/lagebild bench --parser --limit 200 --write docs/bench_parser.md

# pages, actor pages and 50 concurrent readers over a store (BENCH_DB, e.g. the 7,000-article FANG store)
BENCH_DB ?= fang.duckdb
bench-web: install
	$(BIN)/python -m lagebild.web.bench --db $(BENCH_DB)

train-ner: install
	$(BIN)/python scripts/train_ner.py

train-events: install
	$(BIN)/lagebild train events

train-pos: install
	$(BIN)/python scripts/train_pos.py

# dependency parser + morphology on UD German (GSD dev + PUD; GSD test held out), byte-reproducible
train-parser: install
	$(BIN)/lagebild train parser

# same-story pair model on the labelled train weeks, calibrated on the dev weeks, byte-reproducible
train-stories: install
	$(BIN)/lagebild train stories

ray-start: install
	@bash scripts/ray-cluster start

ray-stop:
	@bash scripts/ray-cluster stop

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache demo.duckdb*

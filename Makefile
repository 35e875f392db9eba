# One obvious command per task. Every target creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DB     ?= eventwire.db
GOLD   ?= ../shared/gold

.PHONY: demo test lint format bench eval serve browser vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/eventwire ingest samples --db $(DB) --quiet
	$(BIN)/eventwire summary --db $(DB)
	$(BIN)/eventwire events --db $(DB) --limit 15
	$(BIN)/eventwire calendar --db $(DB) --limit 10

# Browser tests drive Debian's Chromium; install it when we can (root with
# apt-get), otherwise those tests skip and say why.
browser:
	@test -x /usr/bin/chromium || { command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; } \
	  || echo "chromium not installed: browser tests will skip"

test: $(DEVSTAMP) browser
	$(BIN)/python -m pytest -q

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

format: $(DEVSTAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

eval: $(STAMP)
	$(BIN)/eventwire eval events $(GOLD)/events/PLOVER_GSR_CAMEO.json
	$(BIN)/eventwire eval events $(GOLD)/events/PLV_train.tsv
	$(BIN)/eventwire eval articles $(GOLD)/articles/gold.jsonl gold/articles/gold.jsonl \
	  --split gold/articles/split.json --part frozen
	$(BIN)/eventwire eval articles $(GOLD)/articles/gold.jsonl gold/articles/gold.jsonl \
	  --split gold/articles/split.json --part tuning
	$(BIN)/eventwire eval quotes $(GOLD)/quotes/polnear/dev
	$(BIN)/eventwire eval time $(GOLD)/time/TBAQ-cleaned/TimeBank
	$(BIN)/eventwire eval time $(GOLD)/time/TBAQ-cleaned/AQUAINT
	$(BIN)/eventwire eval geo $(GOLD)/geo/TR-News.xml
	$(BIN)/eventwire eval geo $(GOLD)/geo/lgl.xml
	$(BIN)/eventwire eval html $(GOLD)/html

serve: $(STAMP)
	$(BIN)/eventwire serve --db $(DB)

# Front-end libraries are vendored into src/eventwire/web/static/vendor and
# committed; this refreshes them from the npm registry (needs Node.js).
vendor:
	npm ci --no-audit --no-fund --ignore-scripts && npm run vendor

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info test-output

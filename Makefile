# The project's two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := crm
# `make run PORT=5001` serves on another port (the links in mails follow unless BASE_URL is set)
PORT ?= 5000
export BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test lint format translations install bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# compiled catalogues (*.mo) are build output, made from the committed *.po files
translations: $(VENV)/.installed
	@if [ -d translations ] && ls translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d translations; fi

run: translations
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-if-empty
	@# the background worker runs beside the web server and ends with it
	$(BIN)/flask worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# the suite runs in parallel processes (pytest-xdist), one database each
TEST_WORKERS ?= auto
# axe-core for the browser accessibility tests, pinned by tests/e2e/axe/package-lock.json
AXE := tests/e2e/axe/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/axe/package-lock.json
	npm ci --prefix tests/e2e/axe --no-audit --no-fund --silent

test: translations $(AXE)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# message catalogue: extract German msgids, merge into the English catalogue
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -l en --no-fuzzy-matching -w 100

bench: $(VENV)/.installed
	@for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache instance/*.sqlite*

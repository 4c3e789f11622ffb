# Two commands for a newcomer: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The browser tests' own tools from npm (axe-core), installed as package-lock.json pins them.
NODE_STAMP := node_modules/.installed
LOCALES := en zh_CN

.PHONY: run test test-sqlite test-postgres lint format messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else \
		echo "npm is not installed: the accessibility tests will skip (apt-get install npm)"; \
	fi

## Serve the app on http://127.0.0.1:8000 with the embedded SQLite database and the demo data.
run: $(STAMP)
	$(VENV)/bin/judging migrate
	$(VENV)/bin/judging demo --if-empty
	$(VENV)/bin/judging serve

## The whole suite: every test on SQLite, then the database tests again on PostgreSQL, each
## pass spread over the machine's cores (at most 4 workers; `make test TEST_WORKERS=` runs one).
TEST_WORKERS ?= -n auto --maxprocesses 4
test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest $(TEST_WORKERS)
	JUDGING_TEST_DATABASE=postgres $(PY) -m pytest -m "db or postgres" $(TEST_WORKERS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Re-extract translatable strings and merge them into every catalog (then translate zh_CN).
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k _ -k translate:2 -k translate_plural:2,3 --no-location --sort-output \
		-o judging/locale/messages.pot .
	for locale in $(LOCALES); do \
		if [ -f judging/locale/$$locale/LC_MESSAGES/messages.po ]; then \
			$(VENV)/bin/pybabel update -i judging/locale/messages.pot -d judging/locale -l $$locale \
				--ignore-obsolete --no-fuzzy-matching -w 100; \
		else \
			$(VENV)/bin/pybabel init -i judging/locale/messages.pot -d judging/locale -l $$locale -w 100; \
		fi; \
	done

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache

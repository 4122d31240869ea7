# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test site preview check catalogs check-catalogs clean browser-deps

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (set PYTHON=...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Compiled catalogs (.mo) are build products; the .po files are the source.
MO := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))
%.mo: %.po $(STAMP)
	$(BIN)/python -m app.i18n.compile $<

site: $(STAMP) $(MO)
	$(BIN)/python -m app.helpsite build --site-dir site

# Editors' preview on http://127.0.0.1:8001: rebuilds only the pages you save.
preview: $(STAMP) $(MO)
	$(BIN)/python -m app.helpsite serve

# The embedded SQLite database lives in instance/; demo data is loaded once.
run: site
	$(BIN)/flask --app app.flask_inbox db upgrade
	$(BIN)/flask --app app.flask_inbox demo-data --if-empty
	$(BIN)/flask --app app.flask_inbox run --host 127.0.0.1 --port $(PORT)

# Browser tests (tests/browser/): axe-core from npm, Debian's Chromium.
AXE_JS := node_modules/axe-core/axe.min.js
$(AXE_JS): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

browser-deps: $(AXE_JS)
	sh scripts/ensure-chromium.sh

test: $(STAMP) $(MO) browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Extract strings from app/ and overrides/, update every language's catalog,
# compile, and check. Translators then edit locales/<lang>/LC_MESSAGES/messages.po.
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output \
	  --msgid-bugs-address "innboks@example.invalid" --project Innboks -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching
	$(MAKE) --no-print-directory check-catalogs

# Check the help pages' Markdown (the build enforces the same errors).
check: $(STAMP)
	$(BIN)/python -m app.helpsite.content_check

check-catalogs: $(STAMP) $(MO)
	$(BIN)/python -m app.i18n.check

clean:
	rm -rf site site.building-* site.old-* $(MO)

# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format site preview check catalogs check-catalogs clean browser-deps

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

# Editors' preview on http://127.0.0.1:8001 (`make preview PORT=8002` for another port):
# rebuilds only the pages you save. PORT's default of 8000 is `make run`'s, so it counts here
# only when given on the command line or in the environment.
PREVIEW_PORT := $(if $(filter command line environment,$(origin PORT)),$(PORT),8001)
preview: $(STAMP) $(MO)
	$(BIN)/python -m app.helpsite serve --port $(PREVIEW_PORT)

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

# The inner loop: all but the browser and bench tests (markers: tests/fixtures/markers.py),
# so it needs neither Chromium nor npm.
test-fast: $(STAMP) $(MO)
	$(BIN)/python -m pytest -m "not browser and not bench" $(PYTEST_ARGS)

# Style, types and the import layers; CI runs it before the tests (.ci/run).
# `make format` rewrites the code in the project's style; `pre-commit install`
# runs the same checks on every commit.
LINTED := app tests bench migrations
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

# Extract strings from app/ and overrides/, update every language's catalog,
# compile, and check. Translators then edit locales/<lang>/LC_MESSAGES/messages.po.
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l --no-location --sort-output \
	  --msgid-bugs-address "innboks@example.invalid" --project Innboks -o locales/messages.pot .
	$(BIN)/pybabel update -i locales/messages.pot -d locales --no-fuzzy-matching
	$(MAKE) --no-print-directory check-catalogs

# Check the help pages' Markdown (the build enforces the same errors);
# `make check CHECK_ARGS=--errors-only` lists only the errors, for CI.
check: $(STAMP)
	$(BIN)/python -m app.helpsite.content_check $(CHECK_ARGS)

# What our copies of Material's templates (overrides/partials/) change in the
# installed Material's own. After an upgrade, `make test` says what Material changed
# (tests/helpsite/build/test_material_partials.py, which also lists the copies).
MATERIAL_COPIES := tests/helpsite/build/material_upstream
.PHONY: material-diff
material-diff: $(STAMP)
	@templates=$$($(BIN)/python -c 'import material, pathlib; print(pathlib.Path(material.__file__).parent / "templates")'); \
	for name in $$(cd $(MATERIAL_COPIES) && find . -name '*.html' | sed 's|^\./||' | sort); do \
	  diff -u --label "material/templates/$$name" --label "overrides/$$name" "$$templates/$$name" "overrides/$$name" || true; \
	done

check-catalogs: $(STAMP) $(MO)
	$(BIN)/python -m app.i18n.check

clean:
	rm -rf site site.building-* site.old-* $(MO)

# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format site preview check catalogs check-catalogs clean browser-deps translation-export translation-merge

# Set-up, one line per step. uv installs the pinned packages in seconds where pip takes
# most of a minute; if uv cannot run or reach an index, pip installs the same lock.
# --compile-bytecode, as pip does by default: where PYTHONDONTWRITEBYTECODE is set (it is in
# this workplace's shells) no process would ever keep its compiled modules, and each would compile
# MkDocs, Flask and the rest again at start-up (0.44 s against 0.19 s to import the build).
# An editable install compiles nothing, so step 4 compiles Innboks's own modules the same way
# (a module edited later is compiled in memory, as before, until the next set-up).
UV_VERSION := 0.13.8
PIP := $(BIN)/python -m pip --disable-pip-version-check
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (set PYTHON=...)"; exit 1; }
	@echo "set-up 1/4: Python virtual environment in $(VENV)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "set-up 2/4: the uv installer $(UV_VERSION)"
	@$(PIP) install --quiet uv==$(UV_VERSION) || echo "set-up: uv not available, pip will install (slower)"
	@echo "set-up 3/4: Python packages pinned in requirements.lock"
	@if test -x $(BIN)/uv && $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock; then :; \
	  else echo "set-up: installing with pip instead (about a minute)"; $(PIP) install --quiet -r requirements.lock; fi
	@echo "set-up 4/4: Innboks itself (editable)"
	@if test -x $(BIN)/uv && $(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .; then :; \
	  else $(PIP) install --quiet --no-deps -e .; fi
	@$(BIN)/python -m compileall -q app
	@touch $@
	@echo "set-up done"

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

# The embedded SQLite database lives in instance/; demo data is loaded once. Served by
# gunicorn with the production settings (gunicorn.conf.py), the development login on;
# for code reloading: .venv/bin/flask --app app.flask_inbox run --debug. The delivery worker
# (app/dispatch/worker.py) runs beside it and stops with it.
run: site
	$(BIN)/flask --app app.flask_inbox db upgrade
	$(BIN)/flask --app app.flask_inbox demo-data --if-empty
	@echo "Serving http://127.0.0.1:$(PORT)/nb/ and the inbox at /nb/innboks/ (gunicorn), with a delivery"
	@echo "worker; what it sends: http://127.0.0.1:$(PORT)/nb/innboks/utvikler-utsendelser/. Ctrl+C stops both"
	@export INNBOKS_PUBLIC_URL=http://127.0.0.1:$(PORT) INNBOKS_BIND=127.0.0.1:$(PORT); \
	  $(BIN)/flask --app app.flask_inbox deliver --quiet & worker=$$!; \
	  $(BIN)/gunicorn -c gunicorn.conf.py --log-level warning 'app.flask_inbox:create_app()' & server=$$!; \
	  trap 'kill $$worker $$server 2>/dev/null; wait' INT TERM; \
	  wait $$server; kill $$worker 2>/dev/null; wait


# Browser tests (tests/browser/): axe-core and IBM's accessibility-checker-engine from npm,
# Debian's Chromium. One `npm ci` installs both (a grouped target, &:), and a node_modules/
# that lacks either file is installed again.
AXE_JS := node_modules/axe-core/axe.min.js
ACE_JS := node_modules/accessibility-checker-engine/ace.js
$(AXE_JS) $(ACE_JS) &: package.json package-lock.json
	@echo "browser tests 1/2: axe-core and accessibility-checker-engine from npm (package-lock.json)"
	npm ci --no-audit --no-fund
	touch $(AXE_JS) $(ACE_JS)

browser-deps: $(AXE_JS) $(ACE_JS)
	@echo "browser tests 2/2: Debian's Chromium (installed if missing)"
	@sh scripts/ensure-chromium.sh

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
# unmarked_gettext: the help site's `_` for an element that carries its lang itself.
catalogs: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k unmarked_gettext --no-location --sort-output \
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

# Translators: `make translation-export LOCALE=se` writes se-untranslated.po for a
# translation tool; `make translation-merge LOCALE=se FILE=se-untranslated.po` checks
# the returned file and merges it (nothing is written if any entry is wrong).
LOCALE ?= se
translation-export: $(STAMP)
	$(BIN)/python -m app.i18n.translators export $(LOCALE) -o $(LOCALE)-untranslated.po

translation-merge: $(STAMP)
	@test -n "$(FILE)" || { echo "Say which file: make translation-merge LOCALE=$(LOCALE) FILE=path/to/file.po"; exit 2; }
	$(BIN)/python -m app.i18n.translators merge $(LOCALE) "$(FILE)"

clean:
	rm -rf site site.building-* site.old-* $(MO)

# Everything bootstraps itself: a fresh clone needs only Python 3.11+ and make.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: `make run` needs only the runtime dependencies; the test, lint and bench
# tools (the `dev` extra) come with `make test`. Installing dev satisfies run too.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
DEMO_DB ?= $(CURDIR)/.demo/kithkin-demo.db
PORT ?= 8000

.PHONY: run test bench lint venv browser dovecot locales clean

$(VENV)/bin/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	@$(BIN)/python -m compileall -q src >/dev/null
	@touch $(RUN_STAMP)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	@$(BIN)/python -m compileall -q src >/dev/null
	@touch $(STAMP) $(RUN_STAMP)

venv: $(STAMP)

# Debian's Chromium drives the browser suite; Playwright cannot download one here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq chromium) >/dev/null 2>&1 || \
	  echo "warning: could not install chromium; browser tests will be skipped"; }

# Debian's Dovecot serves the IMAP sync tests (started by the tests on loopback, never
# as a system service).
dovecot:
	@test -x /usr/sbin/dovecot || command -v dovecot >/dev/null 2>&1 || { \
	  echo "installing Debian's dovecot-imapd for the IMAP sync tests"; \
	  (apt-get update -qq && apt-get install -y -qq dovecot-imapd) >/dev/null 2>&1 || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq dovecot-imapd) >/dev/null 2>&1 || \
	  echo "warning: could not install dovecot-imapd; IMAP sync tests will be skipped"; }

# Two foreign locales, so the month-name tests run in more than C (glibc's localedef,
# from the locales data Debian ships; skipped with a reason where it cannot run).
locales:
	@for l in de_DE fr_FR; do \
	  locale -a 2>/dev/null | grep -qi "^$$l.utf-\?8$$" || \
	  localedef -i $$l -c -f UTF-8 $$l.UTF-8 >/dev/null 2>&1 || \
	  echo "note: could not make the $$l.UTF-8 locale; its tests will be skipped"; \
	done

# The demo network, today's agenda, then the web UI on it (Ctrl+C stops it).
run: $(RUN_STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/kith --db $(DEMO_DB) demo --force
	$(BIN)/kith --db $(DEMO_DB) today
	$(BIN)/kith --db $(DEMO_DB) serve --port $(PORT)

test: $(STAMP) browser dovecot locales
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The same proofs at full size (docs/durability.md): more generated inputs, the
# 50,000-row import with concurrent writers, more kills, and the PostgreSQL twins of the
# rules' properties at their whole count (conftest.pg_twin). Minutes, not seconds.
FUZZ_TESTS := tests/test_extreme_values.py tests/test_concurrency.py tests/test_crash.py \
	tests/test_import_fuzz.py tests/test_backup.py \
	tests/test_reimport_properties.py tests/test_api_fuzz.py \
	tests/test_agenda_properties.py tests/test_two_way.py tests/test_quick_show.py
fuzz: $(STAMP)
	KITH_FUZZ=1 $(BIN)/python -m pytest -n 2 --dist loadfile $(FUZZ_TESTS)

# wrk (Debian) drives the web benchmark; without it a Python client does.
bench: $(STAMP) dovecot
	@command -v wrk >/dev/null 2>&1 || (apt-get install -y -qq wrk || \
	  sudo apt-get install -y -qq wrk) >/dev/null 2>&1 || \
	  echo "note: wrk not installed; bench_web uses its Python load generator"
	@# Start-up is measured as a user has it: with bytecode compiled (an environment
	@# that sets PYTHONDONTWRITEBYTECODE would otherwise compile kithkin on every run).
	@$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python -m bench --write-docs docs/benchmarks.md

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .demo

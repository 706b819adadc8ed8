# Two commands for a new user: `make run` (set up and run on data/raw) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# SOURCE and DB are empty unless given (make run SOURCE=... DB=...): fazhi's own defaults apply
# (flows/options.py: data/raw into data/warehouse.duckdb; `fazhi config` shows them).
SOURCE ?=
DB     ?=
# Written once the venv holds every locked package: a failed or interrupted install is never reused.
STAMP  := $(VENV)/.fazhi-installed

.PHONY: run test install clean score lock demo

$(STAMP): pyproject.toml requirements-test.lock requirements-pip.lock
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v < (3, 13) else f"make: fazhi needs Python 3.11 or 3.12, and $(PYTHON) is {v[0]}.{v[1]}: run make PYTHON=python3.11")'
	@if [ -d $(VENV) ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version)' 2>/dev/null)" != "$$($(PYTHON) -c 'import sys; print(sys.version)')" ]; then \
		echo "make: $(VENV) was made by another Python (or is broken): making it again"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/fazhi run $(if $(SOURCE),--source $(SOURCE)) $(if $(DB),--db $(DB))

# A synthetic warehouse with trends, and its HTML report (data/demo/report.html).
demo: install
	$(BIN)/fazhi demo

# Lint first (ruff, configured in pyproject.toml), then the suite.
test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest transforms fazhi tests

score: run
	$(BIN)/python ../shared/tools/score.py "$(or $(DB),$$($(BIN)/fazhi config --get db))"

# Re-resolve the locked versions (newest allowed by pyproject.toml); run `make test` before committing them.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --python-version 3.11 --generate-hashes --upgrade -o requirements.lock
	$(BIN)/python -m uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes --upgrade -o requirements-test.lock

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

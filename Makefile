# Two commands for a new user: `make run` (set up and run on data/raw) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SOURCE ?= data/raw
DB     ?= data/warehouse.duckdb

.PHONY: run test install clean score

$(BIN)/fazhi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(BIN)/fazhi

install: $(BIN)/fazhi

run: install
	$(BIN)/fazhi run --source $(SOURCE) --db $(DB)

test: install
	$(BIN)/python -m pytest transforms tests

score: run
	$(BIN)/python ../shared/tools/score.py $(DB)

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

# Two commands: `make demo` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= demo.db

.PHONY: demo test eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/factions ingest samples --db $(DEMO_DB)
	$(BIN)/factions summary --db $(DEMO_DB)
	@echo; echo "== The Hazm Movement on 2014-10-15: fighting beside al-Nusrah Front and the Muhajireen Army"
	$(BIN)/factions vet "Hazm Movement" --as-of 2014-10-15 --db $(DEMO_DB)
	@echo; echo "== The same question on 2015-03-02: al-Nusrah Front has turned on Hazm"
	$(BIN)/factions vet "Hazm Movement" --as-of 2015-03-02 --db $(DEMO_DB)

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/python bench/eval_gate.py

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DEMO_DB)*

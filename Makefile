# Two entry points (see README): `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
EXAMPLE_ARGS := test_data/example_patient.vep.vcf.gz --therapy erlotinib --therapy osimertinib

.PHONY: demo test lint venv clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

venv: $(BIN)/python
	$(PIP) install -e .

demo: venv
	mkdir -p out
	$(BIN)/ctdna-resist report $(EXAMPLE_ARGS) --sample-id PT001 \
	  --html out/report.html --json out/report.json --tsv out/report.tsv
	@echo "wrote out/report.html, out/report.json, out/report.tsv"

test: $(BIN)/python
	$(PIP) install -e '.[test]'
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out build dist

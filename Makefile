# Two entry points (see README): `make demo` and `make test`. Both create .venv when missing.
# `make bench` (QUICK=1 for a short run) measures the speed targets: benchmarks/README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q
EXAMPLE_ARGS := test_data/example_patient.vep.vcf.gz --therapy erlotinib --therapy osimertinib

# Debian packages outside pip: Pango and fonts for WeasyPrint (PDF); Chromium, ChromeDriver and
# poppler (pdftoppm, pdftotext) for the browser and PDF tests; Groovy to parse the Nextflow files
# (no Nextflow runtime installs without network). Installed only when missing and only where
# apt-get runs as root (CI); elsewhere a note is printed and those tests skip (in CI they fail).
PDF_PACKAGES  := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
TEST_PACKAGES := $(PDF_PACKAGES) chromium chromium-driver poppler-utils groovy
# bcftools: the `bcftools view -H` floor of the benchmarks (skipped, and said so, without it)
BENCH_PACKAGES := bcftools

define ensure_debian_packages
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	  | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:" $$missing; log=$$(mktemp); \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } \
	      >"$$log" 2>&1 || { cat "$$log"; rm -f "$$log"; exit 1; }; rm -f "$$log"; \
	  else \
	    echo "note: not installed:" $$missing "(needs apt-get as root);" \
	      "$(or $(2),tests that need them skip)"; \
	  fi; \
	fi
endef

.PHONY: demo test bench lint venv clean system-packages-pdf system-packages-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The package is installed editable, so a change to src/, templates/ or annotations/ is live
# without reinstalling; what needs a reinstall is a change to pyproject.toml (dependencies,
# entry points, extras) or a new .venv. The stamps record the last install of each kind
# (the test install includes the plain one).
STAMP      := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install -e '.[test]'
	@touch $@ $(STAMP)

venv: $(STAMP)

system-packages-pdf:
	$(call ensure_debian_packages,$(PDF_PACKAGES))

system-packages-test:
	$(call ensure_debian_packages,$(TEST_PACKAGES))

demo: venv system-packages-pdf
	mkdir -p out
	$(BIN)/ctdna-resist report $(EXAMPLE_ARGS) --sample-id PT001 \
	  --html out/report.html --pdf out/report.pdf --json out/report.json --tsv out/report.tsv
	@echo "wrote out/report.html, out/report.pdf, out/report.json, out/report.tsv"

test: $(TEST_STAMP) system-packages-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

# Writes benchmarks/RESULTS.md (QUICK=1: fewer runs, smaller inputs, benchmarks/data/RESULTS-quick.md).
# Generated inputs are cached in benchmarks/data/; the first full run generates a 5M-record VCF.
bench: $(BIN)/python
	$(call ensure_debian_packages,$(BENCH_PACKAGES),the floors that need them are skipped)
	$(PIP) install -e '.[bench]'
	$(BIN)/python benchmarks/bench.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) out build dist

# One command for each job; CI runs the same test command as the README.
PY ?= python3

.PHONY: install test lint format demo report golden bench bench-convert bench-bank templates clean

install:
	$(PY) -m pip install -e ".[test]"

test:
	$(PY) -m pytest

lint:
	ruff check src tests sample_data benchmarks workbook_templates
	ruff format --check src tests sample_data benchmarks

format:
	ruff format src tests sample_data
	ruff check --fix src tests sample_data

demo:
	rm -f arxl-demo.xlsx && arxl demo arxl-demo.xlsx

report: demo
	arxl report arxl-demo.xlsx --month 2026-10 -o arxl-demo-rapport.xlsx --pdf

bench:
	$(PY) benchmarks/bench.py --sizes 5000,10000,100000

bench-bank:
	$(PY) benchmarks/bank_bench.py

templates:
	$(PY) workbook_templates/build.py

bench-convert:
	$(PY) benchmarks/convert_bench.py --files 200 --rows 200000 --jobs 1,2 --repeat 3

golden:
	ARXL_UPDATE_GOLDEN=1 $(PY) -m pytest tests/reports/test_golden.py

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis build dist src/*.egg-info arxl-demo.xlsx \
		arxl-demo-rapport.xlsx arxl-demo-rapport.pdf

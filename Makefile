# One command for each job; CI runs the same test command as the README.
PY ?= python3

.PHONY: install test lint format demo clean

install:
	$(PY) -m pip install -e ".[test]"

test:
	$(PY) -m pytest

lint:
	ruff check src tests sample_data
	ruff format --check src tests sample_data

format:
	ruff format src tests sample_data
	ruff check --fix src tests sample_data

demo:
	rm -f arxl-demo.xlsx && arxl demo arxl-demo.xlsx

golden:
	ARXL_UPDATE_GOLDEN=1 $(PY) -m pytest tests/reports/test_golden.py

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis build dist src/*.egg-info arxl-demo.xlsx

# The team's interface. `make up` runs the local stack; `make test` runs every check CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The Lambda runtime is python3.12; tests and `sam build` run on the same version. With pyenv,
# PYENV_VERSION selects it; elsewhere python3.12 must be on PATH.
PYENV_VERSION ?= $(shell pyenv versions --bare 2>/dev/null | grep -E '^3\.12(\.[0-9]+)?$$' | tail -n 1)
export PYENV_VERSION
PYTHON ?= python3.12
VENV := .venv
SAM_VENV := .venv-sam
SAM_CLI_VERSION := 1.170.0
# checkov pins its own boto3 and friends, so it gets a virtualenv of its own, like the SAM CLI.
CHECKOV_VENV := .venv-checkov
CHECKOV_VERSION := 3.3.30
export SAM_CLI_TELEMETRY := 0
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help dev opensearch browser up test lint pytest unit integration e2e template openapi deploy clean

help:
	@echo "make up     run the local stack with sample articles, search on http://127.0.0.1:3000"
	@echo "make test   every check: lint, template (cfn-lint, sam validate, sam build), all tests"
	@echo "make dev    only create .venv (Python $(PYENV_VERSION)) with everything installed"
	@echo "make openapi  rewrite docs/openapi.json from the search API (make test fails while it is stale)"
	@echo "make deploy   sam build && sam deploy --guided (asks for every parameter; see README, Deploying)"

dev: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt shared/requirements.txt layers/nlp/requirements.txt layers/embedding/requirements.txt pyproject.toml
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	$(VENV)/bin/pip install --quiet --no-deps -r layers/embedding/requirements.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	@touch $@

$(SAM_VENV)/.installed:
	@test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet "aws-sam-cli==$(SAM_CLI_VERSION)"
	@touch $@

$(CHECKOV_VENV)/.installed:
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet "checkov==$(CHECKOV_VERSION)"
	@touch $@

# The embedded OpenSearch node, built from Maven Central artifacts (skipped when up to date).
opensearch: $(VENV)/.installed
	$(VENV)/bin/python -c 'from newsdrop_local.opensearch_node import ensure_built; ensure_built()'

# Headless Chromium for the web page's end-to-end test: Debian's package, driven by Playwright
# (`playwright install` cannot download browsers here). Without it that test skips, saying why.
browser:
	@test -x /usr/bin/chromium || { $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get update -qq && \
	  $$([ "$$(id -u)" = 0 ] || echo sudo) apt-get install -y -qq chromium; } || \
	  echo "warning: could not install chromium; tests/e2e/test_web_page.py will be skipped"

up: $(VENV)/.installed opensearch
	$(VENV)/bin/newsdrop up

test: lint template pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# One pytest session for all suites, so they share one OpenSearch node.
pytest: $(VENV)/.installed opensearch browser
	$(VENV)/bin/python -m pytest tests

unit: $(VENV)/.installed
	$(VENV)/bin/python -m pytest tests/unit

integration: $(VENV)/.installed opensearch
	$(VENV)/bin/python -m pytest tests/integration

e2e: $(VENV)/.installed opensearch browser
	$(VENV)/bin/python -m pytest tests/e2e

template: $(VENV)/.installed $(SAM_VENV)/.installed $(CHECKOV_VENV)/.installed
	$(VENV)/bin/cfn-lint template.yaml
	$(CHECKOV_VENV)/bin/checkov --config-file .checkov.yaml  # the skip list, each entry with its reason
	$(SAM_VENV)/bin/sam validate --lint
	$(SAM_VENV)/bin/sam build --cached

# The search API's OpenAPI document, committed; tests/unit/test_openapi.py fails while it is stale.
openapi: $(VENV)/.installed
	$(VENV)/bin/python -m newsdrop_local.openapi

deploy: $(SAM_VENV)/.installed
	$(SAM_VENV)/bin/sam build
	$(SAM_VENV)/bin/sam deploy --guided

clean:
	rm -rf .aws-sam .local local/opensearch/target

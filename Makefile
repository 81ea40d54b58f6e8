# 债答: `make run` to chat, `make test` to check everything. Both set up what they need.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export ZHAIDA_RASA_PORT    ?= 5005
export ZHAIDA_ACTIONS_PORT ?= 5055
export TF_CPP_MIN_LOG_LEVEL ?= 2
# No network beyond package registries here, and users' data stays home.
export RASA_TELEMETRY_ENABLED ?= false

TRAINING_DATA := data/nlu data/rules.yml data/stories.yml

.PHONY: setup db kb model run run-prod shell test lint eval bench browser nginx tools load-test clean

# The virtual environment is rebuilt when pyproject.toml changes or its Python is not 3.10.
$(STAMP): pyproject.toml
	@set -e; py=$$(scripts/find_python.sh); \
	if ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then \
	  echo "setup: creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install -q --disable-pip-version-check 'pip>=23,<25' 'setuptools>=61,<71' wheel
	@echo "setup: installing 债答 and Rasa 3.6 into $(VENV) (about 3 minutes the first time)"
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	$(PY) -m pip check
	@touch $@

setup: $(STAMP)

db: setup
	@$(VENV)/bin/zhaida db

# Checks data/kb/ and stores it (only when it changed); a bad file is named with its line.
kb: db
	@$(VENV)/bin/zhaida kb

model: setup
	@$(PY) -m scripts.ensure_model

# The launcher checks and stores data/kb/ itself (bot/kb/loader.py): bad content keeps the last good KB.
run: model db
	@$(PY) -m bot.launcher

# Two replicas behind nginx on PostgreSQL and Redis (bot/prod.py; README, "Production profile").
run-prod: model nginx
	@$(PY) -m bot.prod

nginx:
	@scripts/ensure_nginx.sh

# locust and kubernetes-validate in .venv-tools: their pins clash with Rasa's (tools/requirements.txt).
tools:
	@scripts/ensure_tools.sh

# 32 people for 5 minutes against two replicas behind nginx, then every stored event checked (README).
load-test: model nginx tools
	@$(PY) -m scripts.load_test

shell: model db
	@$(PY) -m bot.launcher --shell

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@scripts/ensure_chromium.sh

test: model kb browser nginx tools
	$(VENV)/bin/rasa data validate --fail-on-warnings --domain domain.yml --data $(TRAINING_DATA) --config config.yml
	$(PY) -m pytest

# ruff (lint and format) over the tree, mypy over bot/ (settings in pyproject.toml).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

eval: setup
	@$(PY) -m scripts.evaluate_nlu

bench: model db
	@$(PY) -m scripts.bench_turn
	@$(PY) -m scripts.bench_kb
	@$(PY) -m scripts.bench_plan
	@$(PY) -m scripts.bench_wechat
	@$(PY) -m scripts.bench_widget
	@$(PY) -m scripts.bench_replicas
	@$(PY) -m scripts.bench_plain
	@$(PY) -m scripts.bench_memory

clean:
	rm -rf models var/*.db var/logs .pytest_cache

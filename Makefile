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

.PHONY: setup db kb model run shell test eval bench browser clean

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
	@$(PY) scripts/ensure_model.py

run: model kb
	@$(PY) -m bot.launcher

shell: model kb
	@$(PY) -m bot.launcher --shell

# Debian's chromium for the browser tests (never a downloaded browser).
browser:
	@scripts/ensure_chromium.sh

test: model kb browser
	$(VENV)/bin/rasa data validate --fail-on-warnings --domain domain.yml --data $(TRAINING_DATA) --config config.yml
	$(PY) -m pytest

eval: setup
	@$(PY) scripts/evaluate_nlu.py

bench: model kb
	@$(PY) scripts/bench_turn.py
	@$(PY) scripts/bench_kb.py
	@$(PY) scripts/bench_plan.py

clean:
	rm -rf models var/*.db var/logs .pytest_cache

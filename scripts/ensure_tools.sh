#!/usr/bin/env bash
# Builds .venv-tools (locust, kubernetes-validate) from tools/requirements.txt when that file changes.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-tools
stamp=$venv/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt tools/requirements.txt ] && "$venv/bin/python" -c 'import sys' 2>/dev/null; then
  exit 0
fi
py=$(scripts/find_python.sh)
echo "tools: creating $venv with $py (locust, kubernetes-validate)"
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r tools/requirements.txt
touch "$stamp"

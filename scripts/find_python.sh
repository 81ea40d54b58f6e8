#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter: $PYTHON, then PATH, then pyenv's versions.
set -euo pipefail
is310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }
candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.10 python3 python; do
  p=$(command -v "$name" 2>/dev/null || true)
  # pyenv shims answer for versions that are not selected; ask for the real binary.
  [ -n "$p" ] && candidates+=("$p")
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for p in "$root"/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do
  candidates+=("$p")
done
for p in "${candidates[@]}"; do
  if is310 "$p"; then
    "$p" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done
cat >&2 <<'MSG'
债答 needs Python 3.10 (Rasa 3.6 supports 3.8–3.10), and none was found on PATH or among pyenv's versions.
Install one, then run the command again, for example:
  pyenv install 3.10.13          (with pyenv)
  sudo apt-get install python3.10 python3.10-venv   (Debian/Ubuntu, where packaged)
or point to it explicitly:  PYTHON=/path/to/python3.10 make run
MSG
exit 1

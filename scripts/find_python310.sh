#!/usr/bin/env sh
# Print the path of a Python 3.10 interpreter (Rasa Open Source 3.6 supports 3.8-3.10 only).
# Looks at $PYTHON310, python3.10 on PATH, then pyenv's versions folder.
ok() { [ -x "$1" ] && "$1" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }
for c in "${PYTHON310:-}" "$(command -v python3.10 2>/dev/null)"; do
  if [ -n "$c" ] && ok "$c"; then echo "$c"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for c in $(ls -d "$root"/versions/3.10*/bin/python3.10 2>/dev/null | sort -r); do
  if ok "$c"; then echo "$c"; exit 0; fi
done
cat >&2 <<'MSG'
ERROR: Python 3.10 was not found. Rasa Open Source 3.6 needs Python 3.8-3.10.
Install one of these, then run make again:
  Debian/Ubuntu:  sudo apt-get install python3.10 python3.10-venv
  pyenv:          pyenv install 3.10.13
  macOS:          brew install python@3.10
Or point PYTHON310 at an existing interpreter: make PYTHON310=/path/to/python3.10 test
MSG
exit 1

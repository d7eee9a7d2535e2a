"""A quiet terminal: copy a program's output to a log file and show only what a person needs.

    some-command 2>&1 | python scripts/quiet.py var/log/NAME.log

Python warnings (a "file:line: SomethingWarning: ..." header, its message lines and the indented
source line) and TensorFlow's start-up notices go to the log only; everything else, errors and
tracebacks included, is shown in full as well (issue 14: a newcomer's first `make run`).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterable, Iterator, TextIO

WARNING_HEADER = re.compile(r"^\S.*:\d+: \w*Warning: ")
NOTICE = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+: [IW] tensorflow/|^To enable the following instructions: |"
                    r"^\s*(?:warnings\.warn|import pkg_resources|declare_namespace)\b|"
                    r"^WARNING: Location '[^']*' is ignored")  # pip, for a package index folder that is absent


def shown(lines: Iterable[str]) -> Iterator[str]:
    """The lines to show: not warnings (header to source line) and not library notices."""
    in_warning = False
    for line in lines:
        if WARNING_HEADER.search(line):
            in_warning = True
            continue
        if in_warning:
            in_warning = not line.startswith("  ")  # the indented source line ends the warning
            continue
        if not NOTICE.search(line):
            yield line


def main(log_path: str, source: TextIO = sys.stdin, terminal: TextIO = sys.stdout) -> int:
    """Copy `source` to the log; show the rest on the terminal as it comes."""
    log_file = Path(log_path)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("a", encoding="utf-8") as log:
        def logged() -> Iterator[str]:
            for line in source:
                log.write(line)
                log.flush()
                yield line
        for line in shown(logged()):
            terminal.write(line)
            terminal.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

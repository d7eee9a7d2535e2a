"""A newcomer's `make run` shows the steps and errors, not library warnings (issue 14 item 6)."""
from __future__ import annotations

import io
from pathlib import Path

from scripts.quiet import main, shown

OUTPUT = """\
/venv/rasa/core/tracker_store.py:1044: MovedIn20Warning: Deprecated API features detected!
  Base: DeclarativeMeta = declarative_base()
/venv/pkg_resources/__init__.py:3117: DeprecationWarning: Deprecated call to `declare_namespace('ruamel')`.
Implementing implicit namespace packages (as specified in PEP 420) is preferred.
  declare_namespace(pkg)
2026-12-06 16:04:46.426892: I tensorflow/tsl/cuda/cudart_stub.cc:28] Could not find cuda drivers
WARNING: Location 'file:///opt/pypi-more/simple/attrs/' is ignored: it is neither a file nor a directory.
Ready: POST {"sender": "me"} to http://localhost:5005/webhooks/rest/webhook
Traceback (most recent call last):
  File "actions/respond.py", line 3, in <module>
ValueError: a real error
"""


def test_warnings_and_notices_go_to_the_log_only_and_errors_are_shown_in_full(tmp_path: Path) -> None:
    terminal = io.StringIO()
    main(str(tmp_path / "log" / "rasa.log"), io.StringIO(OUTPUT), terminal)
    assert terminal.getvalue().splitlines() == [
        'Ready: POST {"sender": "me"} to http://localhost:5005/webhooks/rest/webhook',
        "Traceback (most recent call last):", '  File "actions/respond.py", line 3, in <module>',
        "ValueError: a real error"]
    assert (tmp_path / "log" / "rasa.log").read_text() == OUTPUT  # everything kept


def test_make_run_and_the_set_up_steps_use_the_filter() -> None:
    root = Path(__file__).resolve().parent.parent
    assert (root / "scripts" / "run_stack.sh").read_text().count("scripts/quiet.py") == 1
    makefile = (root / "Makefile").read_text()
    assert "quiet.py var/log/install.log" in makefile and "quiet.py var/log/train.log" in makefile
    assert list(shown(["plain line\n"])) == ["plain line\n"]

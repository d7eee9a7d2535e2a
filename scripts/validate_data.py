"""`rasa data validate --fail-on-warnings`, with two reasoned exceptions.

Rasa warns about every response not used in a story or rule. Here all patient-facing
responses are sent by action_respond (one rules path; see README "Architecture"), so those
warnings are expected for exactly the responses that triage.conversation.response_names()
lists; tests/test_domain.py checks that list against domain.yml both ways. External intents
(EXTERNAL_*, sent by the server itself, e.g. the check-in scheduler) have no NLU examples on
purpose: no patient text may ever be classified as one. Any other warning, or an "unused"
response the conversation cannot send, fails.
"""
from __future__ import annotations

import re
import subprocess
import sys

from channels.safety import SERVICE_TROUBLE_RESPONSE
from clinic import wording
from triage.conversation import response_names

UNUSED = re.compile(r"The utterance '([^']+)' is not used in any story or rule\.")
EXTERNAL = re.compile(r"The intent 'EXTERNAL_\w+' is listed in the domain file, but is not found in the NLU")
# Rasa's own findings: UserWarnings it raises and its WARNING/ERROR log lines (not library deprecations).
WARNING = re.compile(r"UserWarning: |\b(?:WARNING|ERROR)\s+rasa\.")


def main() -> int:
    """Run the Rasa validator and fail on any warning that is not an expected one."""
    run = subprocess.run([sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"],
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    sent_by_action = response_names() | {SERVICE_TROUBLE_RESPONSE}  # that one is sent by the channels
    sent_by_action |= {name for name in wording.responses() if name.startswith(wording.PREFIXES)}  # read, not sent
    problems = []
    for line in output.splitlines():
        unused = UNUSED.search(line)
        if unused:
            if unused.group(1) not in sent_by_action:
                problems.append(f"response never sent: {unused.group(1)}")
            continue
        warning = WARNING.search(line)
        if warning and not EXTERNAL.search(line):
            problems.append(line.strip())
    if run.returncode != 0 and not problems and not UNUSED.search(output):
        problems.append(output[-2000:])  # failed for a reason not printed as a warning
    for problem in problems:
        print("VALIDATION:", problem)
    print(f"rasa data validate: {len(problems)} problem(s); "
          f"{len(UNUSED.findall(output))} responses sent by action_respond (expected).")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Hand-over to the clinic: the clinician summary (summary.py) and its delivery outbox (outbox.py).

Pure Python, no Rasa import: `build_summary` turns a `triage.conversation.Story` into a FHIR R4
QuestionnaireResponse, a plain-text note and a JSON-able dict; `outbox.send` delivers it to the
clinic's webhook (CLINIC_WEBHOOK_URL) with retries, persisted so nothing is lost.
"""

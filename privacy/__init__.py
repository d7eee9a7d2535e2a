"""Personal details kept out of logs, analytics and the audit log (issue 6): see privacy.redact.

Use `from privacy.redact import redact, RedactingFilter`. The package does not re-export them, so
that `privacy.redact` stays the module (logging.yml names privacy.redact.RedactingFilter).
"""

"""Messaging channels: thin subclasses of Rasa 3.6's own connectors (see docs/channels/).

Named in the generated credentials file (scripts/write_credentials.py) by module path, e.g.
`channels.twilio.TwilioChannel`; each keeps its Rasa name, so webhooks stay /webhooks/<name>/webhook.
"""

"""Test-only: send the messaging platforms' API calls to a local stand-in; block every other host.

Loaded by Python at start-up in the Rasa server that tests/test_channels.py starts, and only there
(this folder is put on that process's PYTHONPATH). With STANDIN_API_URL set, a request to
api.twilio.com, graph.facebook.com, api.telegram.org or slack.com goes to
STANDIN_API_URL/<host>/<path> instead, and any other non-loopback host raises, so a test can never
reach a real platform. The connectors and the platforms' client libraries (twilio, fbmessenger,
aiogram, slack_sdk) run unchanged: only the transport (requests / aiohttp) is redirected.
"""
import os
from urllib.parse import urlsplit

STANDIN = os.environ.get("STANDIN_API_URL", "").rstrip("/")
PLATFORM_HOSTS = {"api.twilio.com", "graph.facebook.com", "api.telegram.org", "slack.com", "www.slack.com"}
LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def redirect(url):
    """The stand-in URL for a platform API call; loopback unchanged; anything else refused."""
    parts = urlsplit(str(url))
    host = (parts.hostname or "").lower()
    if host in PLATFORM_HOSTS:
        return f"{STANDIN}/{host}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    if host in LOOPBACK or not host:
        return str(url)
    raise ConnectionRefusedError(f"test stand-in: outbound call to {host} blocked")


if STANDIN:
    import aiohttp
    import requests

    _send = requests.Session.send

    def _redirected_send(self, request, **kwargs):
        try:
            request.url = redirect(request.url)
        except ConnectionRefusedError as error:
            raise requests.ConnectionError(str(error)) from None
        return _send(self, request, **kwargs)

    requests.Session.send = _redirected_send

    _request = aiohttp.ClientSession._request

    async def _redirected_request(self, method, str_or_url, **kwargs):
        try:
            target = redirect(str_or_url)
        except ConnectionRefusedError as error:
            raise aiohttp.ClientConnectionError(str(error)) from None
        return await _request(self, method, target, **kwargs)

    aiohttp.ClientSession._request = _redirected_request

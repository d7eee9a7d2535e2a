"""Serve the clinic web page (web/) with its chat widget; standard library only.

    python -m scripts.serve_web [--port 8080] [--bind 127.0.0.1] [--rasa-url http://localhost:5005]

The clinic page is in English (web/index.html, at /) and in Spanish (web/es/index.html, at /es/).
Besides the files in web/, it answers:
  /config.js                the widget's settings: the Rasa socket.io URL (--rasa-url or RASA_URL),
                            the clinic details of clinic.yml (with their environment overrides) and the
                            widget's words in each language (domain.yml utter_page_*, issue 15)
  /vendor/socket.io.min.js  the socket.io client's browser bundle, from web/node_modules (npm ci)
  /privacy.html             the full privacy notice (domain.yml utter_page_privacy_*, clinic values filled in)
  /es/privacy.html          the same notice in Spanish (the responses' `language: es` variations)
Nothing else under web/node_modules is served. Every response carries a Content-Security-Policy
that allows scripts only from this server and connections only to it and the Rasa server.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import html
import json
import os
import sys
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from clinic import wording
from clinic.settings import clinic_settings, session_expiry_minutes

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
VENDOR = {"/vendor/socket.io.min.js": WEB / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"}


# The languages of the page and the widget (issue 15): the page of each, its privacy notice, and the
# language's own name for itself (what the widget's language switch and the pages' links show).
LANGUAGES = {"en": {"name": "English", "pageUrl": "/", "privacyUrl": "/privacy.html"},
             "es": {"name": "Español", "pageUrl": "/es/", "privacyUrl": "/es/privacy.html"}}
DEFAULT_LANGUAGE = "en"
PRIVACY_PAGES = {LANGUAGES[language]["privacyUrl"]: language for language in LANGUAGES}


def widget_config(rasa_url: str) -> dict:
    """What the page and the widget need to know: where Rasa is, the clinic's details, and the widget's
    words in each language (domain.yml's utter_page_* responses and their Spanish variations, clinic
    values filled in: clinic/wording.py). `texts` and `privacyUrl` are the default language's, for a
    page that embeds the widget without `languages` (docs/web.md)."""
    clinic = clinic_settings()
    languages = {language: {**about, "texts": wording.texts("utter_page_", language)}
                 for language, about in LANGUAGES.items()}
    return {"socketUrl": rasa_url.rstrip("/"), "socketPath": "/socket.io",
            "clinic": {key: clinic[key] for key in ("clinic_name", "clinic_phone", "clinic_hours", "emergency_number")
                       if key in clinic},
            "defaultLanguage": DEFAULT_LANGUAGE, "languages": languages,
            "texts": languages[DEFAULT_LANGUAGE]["texts"], "privacyUrl": LANGUAGES[DEFAULT_LANGUAGE]["privacyUrl"],
            "sessionMinutes": session_minutes()}


def session_minutes() -> float:
    """How long the server keeps a chat session (as the Rasa server reads it): the widget restores a saved
    chat only for that long, and the privacy page says so."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return session_expiry_minutes(domain["session_config"]["session_expiration_time"])


def privacy_page(language: str = DEFAULT_LANGUAGE) -> str:
    """The full privacy notice in `language` (domain.yml utter_page_privacy_*, the clinic's values filled in),
    linking back to the clinic page in that language and to the notice in the other languages."""
    texts = {key: wording.fill(text, {"session_hours": f"{session_minutes() / 60:g}"})
             for key, text in wording.texts("utter_page_privacy_", language).items()}
    paragraphs = "\n".join(f"    <p>{html.escape(texts[key])}</p>" for key in PRIVACY_PARAGRAPHS)
    back = texts["back"]  # utter_page_privacy_back
    others = {other: about for other, about in LANGUAGES.items() if other != language}
    links = "\n".join(f'    <p><a href="{about["privacyUrl"]}" hreflang="{other}" lang="{other}">'
                      f'{html.escape(about["name"])}</a></p>' for other, about in others.items())
    alternates = "".join(f'  <link rel="alternate" hreflang="{other}" href="{about["privacyUrl"]}">\n'
                         for other, about in others.items())
    return (f'<!doctype html>\n<html lang="{language}">\n<head>\n  <meta charset="utf-8">\n'
            f'  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"  <title>{html.escape(texts['title'])}</title>\n  <link rel=\"stylesheet\" href=\"/site.css\">\n"
            f"{alternates}</head>\n"
            f'<body>\n  <main class="wrap" id="main">\n    <h1>{html.escape(texts["title"])}</h1>\n{paragraphs}\n'
            f'    <p><a href="{LANGUAGES[language]["pageUrl"]}">{html.escape(back)}</a></p>\n{links}\n'
            f"  </main>\n</body>\n</html>\n")


PRIVACY_PARAGRAPHS = ("kept", "how_long", "who", "erase", "record")


def content_security_policy(rasa_url: str) -> str:
    """Scripts, styles and images from this server only; connections to this server and Rasa."""
    parts = urlsplit(rasa_url)
    ws_scheme = "wss" if parts.scheme == "https" else "ws"
    rasa = f"{parts.scheme}://{parts.netloc} {ws_scheme}://{parts.netloc}"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self' {rasa}; frame-ancestors 'self'; base-uri 'none'; form-action 'self'; "
            "object-src 'none'")


class ClinicPageHandler(SimpleHTTPRequestHandler):
    """Static files from web/, plus /config.js and the vendored socket.io client."""

    def __init__(self, *args, rasa_url: str, **kwargs) -> None:
        self.rasa_url = rasa_url
        super().__init__(*args, directory=str(WEB), **kwargs)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _send_bytes(self, body: bytes, content_type: str, head_only: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _route(self, head_only: bool) -> bool:
        """Answer the special paths; False when the static file handler should answer."""
        path = urlsplit(self.path).path
        if path == "/config.js":
            body = "window.BACKPAIN_CHAT_CONFIG = " + json.dumps(widget_config(self.rasa_url), indent=2) + ";\n"
            self._send_bytes(body.encode("utf-8"), "text/javascript; charset=utf-8", head_only)
            return True
        if path in PRIVACY_PAGES:
            self._send_bytes(privacy_page(PRIVACY_PAGES[path]).encode("utf-8"), "text/html; charset=utf-8", head_only)
            return True
        if path in VENDOR:
            file = VENDOR[path]
            if not file.is_file():
                self.send_error(HTTPStatus.NOT_FOUND, "run `npm ci` in web/ (make install)")
                return True
            self._send_bytes(file.read_bytes(), "text/javascript; charset=utf-8", head_only)
            return True
        if path.startswith("/node_modules") or "/." in path:
            self.send_error(HTTPStatus.NOT_FOUND)
            return True
        return False

    def do_GET(self) -> None:
        if not self._route(head_only=False):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._route(head_only=True):
            super().do_HEAD()

    def log_message(self, format: str, *args) -> None:
        if os.environ.get("WEB_LOG"):
            super().log_message(format, *args)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT", "8080")))
    parser.add_argument("--bind", default=os.environ.get("WEB_BIND", "127.0.0.1"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://localhost:5005"),
                        help="the Rasa server as the patient's browser reaches it")
    args = parser.parse_args(argv)
    handler = functools.partial(ClinicPageHandler, rasa_url=args.rasa_url)
    with ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Clinic page on http://{args.bind}:{args.port} (Rasa at {args.rasa_url})", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Write the Rasa credentials file for this start-up from the environment (see .env.example).

    python scripts/write_credentials.py [OUT]        # default var/credentials.yml

Rasa stops on any ${VAR} in credentials.yml that is not set, so the channels cannot all be listed
there. This script starts from the repository's credentials.yml (REST and socket.io, the documented
default), drops either when ENABLE_REST=false or ENABLE_SOCKETIO=false, and adds each messaging
channel whose variables are set. Secrets are not copied into the file: it holds ${VAR} references
that Rasa fills from the same environment when it reads the file. A channel with only some of its
required variables set is an error (exit status 2), never silently left out.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "var" / "credentials.yml"
BASE = ROOT / "credentials.yml"

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
TELEGRAM_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """The environment does not describe a usable set of channels."""


@dataclass(frozen=True)
class Channel:
    """One messaging channel: its credentials key and which variable fills which credential."""

    key: str  # the class Rasa loads, by module path
    title: str
    required: Tuple[Tuple[str, str], ...]  # (credential, variable)
    optional: Tuple[Tuple[str, str], ...] = ()
    fixed: Dict[str, Any] = field(default_factory=dict)  # literal credentials

    @property
    def variables(self) -> List[str]:
        return [variable for _, variable in self.required + self.optional]


CHANNELS = (
    Channel("channels.twilio.TwilioChannel", "Twilio (SMS and WhatsApp)",
            required=(("account_sid", "TWILIO_ACCOUNT_SID"), ("auth_token", "TWILIO_AUTH_TOKEN")),
            optional=(("twilio_number", "TWILIO_SMS_NUMBER"), ("whatsapp_number", "TWILIO_WHATSAPP_NUMBER"),
                      ("webhook_url", "TWILIO_WEBHOOK_URL"))),
    Channel("channels.telegram.TelegramChannel", "Telegram",
            required=(("access_token", "TELEGRAM_TOKEN"), ("verify", "TELEGRAM_BOT_USERNAME"),
                      ("webhook_url", "TELEGRAM_WEBHOOK_URL")),
            optional=(("secret_token", "TELEGRAM_SECRET_TOKEN"),)),
    Channel("channels.facebook.MessengerChannel", "Facebook Messenger",
            required=(("verify", "FACEBOOK_VERIFY_TOKEN"), ("secret", "FACEBOOK_APP_SECRET"),
                      ("page-access-token", "FACEBOOK_PAGE_ACCESS_TOKEN"))),
    Channel("channels.slack.SlackChannel", "Slack",
            required=(("slack_token", "SLACK_BOT_TOKEN"), ("slack_signing_secret", "SLACK_SIGNING_SECRET")),
            optional=(("slack_channel", "SLACK_CHANNEL"),)),
)


def flag(env: Mapping[str, str], name: str, default: bool = True) -> bool:
    """ENABLE_* switches: true/false, yes/no, on/off, 1/0; unset or empty means the default."""
    value = (env.get(name) or "").strip().lower()
    if not value:
        return default
    if value in TRUE | FALSE:
        return value in TRUE
    raise ConfigError(f"{name}={env[name]!r}: use true or false")


def _set(env: Mapping[str, str], name: str) -> bool:
    return bool((env.get(name) or "").strip())


def _check_values(channel: Channel, env: Mapping[str, str]) -> List[str]:
    """Format problems that would only show up later, as a refused message."""
    problems = []
    for name, value in ((v, env.get(v, "")) for v in channel.variables if _set(env, v)):
        if "${" in value:
            problems.append(f"{name} contains '${{', which Rasa would try to expand")
    if channel.key.endswith("TwilioChannel"):
        sms, whatsapp = env.get("TWILIO_SMS_NUMBER", ""), env.get("TWILIO_WHATSAPP_NUMBER", "")
        if not sms and not whatsapp:
            problems.append("set TWILIO_SMS_NUMBER and/or TWILIO_WHATSAPP_NUMBER (the clinic's sender)")
        if sms and not E164.match(sms):
            problems.append(f"TWILIO_SMS_NUMBER={sms!r} is not an E.164 number like +15551234567")
        if whatsapp and not E164.match(whatsapp.removeprefix("whatsapp:")):
            problems.append(f"TWILIO_WHATSAPP_NUMBER={whatsapp!r} is not like whatsapp:+15551234567")
        url = env.get("TWILIO_WEBHOOK_URL", "")
        if url and not re.match(r"^https?://", url):
            problems.append("TWILIO_WEBHOOK_URL must be the full public URL, https://.../webhooks/twilio/webhook")
    if channel.key.endswith("TelegramChannel"):
        if _set(env, "TELEGRAM_WEBHOOK_URL") and not env["TELEGRAM_WEBHOOK_URL"].startswith("https://"):
            problems.append("TELEGRAM_WEBHOOK_URL must be https:// (Telegram only calls HTTPS webhooks)")
        secret = env.get("TELEGRAM_SECRET_TOKEN", "")
        if secret and not TELEGRAM_SECRET.match(secret):
            problems.append("TELEGRAM_SECRET_TOKEN: 1-256 characters, only A-Z a-z 0-9 _ -")
    return problems


def channel_credentials(channel: Channel, env: Mapping[str, str]) -> Dict[str, Any] | None:
    """The channel's credentials as ${VAR} references, None when none of its variables is set."""
    if not any(_set(env, v) for v in channel.variables):
        return None
    missing = [variable for _, variable in channel.required if not _set(env, variable)]
    problems = ([f"missing {', '.join(missing)}"] if missing else []) + _check_values(channel, env)
    if problems:
        raise ConfigError(f"{channel.title}: " + "; ".join(problems))
    credentials: Dict[str, Any] = {name: f"${{{variable}}}" for name, variable in channel.required}
    credentials.update({name: f"${{{variable}}}" for name, variable in channel.optional if _set(env, variable)})
    credentials.update(channel.fixed)
    return credentials


SOCKETIO = "channels.socketio_channel.SocketIOChannel"  # the web page's channel, as named in credentials.yml
REST = "channels.rest.RestChannel"  # Rasa's REST channel, never silent
CLINIC = "channels.clinic.ClinicChannel"  # staff routes, check-ins and delivery retries: always on


def build(env: Mapping[str, str], base: Path = BASE) -> Dict[str, Any]:
    """All enabled channels: REST and socket.io from credentials.yml unless switched off, then messaging."""
    defaults = yaml.safe_load(base.read_text(encoding="utf-8")) or {}
    result: Dict[str, Any] = {}
    for name, switch in ((REST, "ENABLE_REST"), (SOCKETIO, "ENABLE_SOCKETIO")):
        if flag(env, switch):
            result[name] = defaults.get(name)
    errors = []
    for channel in CHANNELS:
        try:
            credentials = channel_credentials(channel, env)
        except ConfigError as error:
            errors.append(str(error))
            continue
        if credentials is not None:
            result[channel.key] = credentials
    if errors:
        raise ConfigError("\n".join(errors))
    if not result:
        raise ConfigError("no channel left: REST and socket.io are off and no messaging channel is configured")
    result[CLINIC] = defaults.get(CLINIC)
    return result


def render(channels: Dict[str, Any]) -> str:
    """The YAML text; ${VAR} values stay plain scalars, which is what Rasa expands."""
    header = ("# Generated by scripts/write_credentials.py from the environment at start-up: do not edit.\n"
              "# ${VAR} values are filled in by Rasa from the same environment (no secrets in this file).\n")
    return header + yaml.safe_dump(channels, sort_keys=False, default_flow_style=False)


def main(argv: List[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    try:
        channels = build(os.environ)
    except ConfigError as error:
        print(f"write_credentials: {error}", file=sys.stderr)
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(channels), encoding="utf-8")
    names = [c.title for c in CHANNELS if c.key in channels] + [n for n in (REST, SOCKETIO, CLINIC) if n in channels]
    print(f"write_credentials: {out} with {', '.join(names)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

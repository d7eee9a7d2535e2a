"""Clinic settings (name, phone, hours, emergency number): clinic.yml, overridden by environment."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

CLINIC_FILE = Path(__file__).resolve().parent.parent / "clinic.yml"


@lru_cache(maxsize=1)
def clinic_settings() -> dict[str, str]:
    """Template values for responses: {clinic_name}, {clinic_phone}, {clinic_hours}, {emergency_number}."""
    settings = {k: str(v) for k, v in yaml.safe_load(CLINIC_FILE.read_text(encoding="utf-8")).items()}
    for key in settings:
        settings[key] = os.environ.get(key.upper(), settings[key])
    return settings


def session_expiry_minutes(domain_minutes: float) -> float:
    """Idle minutes before a message starts a new session: SESSION_EXPIRY_MINUTES, else domain.yml's
    session_expiration_time (0: never). Read by the Rasa server and by the web page's widget."""
    minutes = os.environ.get("SESSION_EXPIRY_MINUTES", "").strip()
    return float(minutes) if minutes else float(domain_minutes)


DURATION_WORDS = {  # how long ago the pain began, in the patient's language
    "en": ("a short time", "less than a day", "{n} day", "{n} days", "about {n} weeks", "about {n} months"),
    "es": ("poco tiempo", "menos de un día", "{n} día", "{n} días", "unas {n} semanas", "unos {n} meses"),
}


def duration_phrase(days: float | None, language: str = "en") -> str:
    """'3 days', 'about 2 weeks', 'about 5 months' ('3 días', 'unas 2 semanas'): how long ago the pain began."""
    unknown, under_a_day, one_day, some_days, weeks, months = DURATION_WORDS.get(language, DURATION_WORDS["en"])
    if days is None:
        return unknown
    if days < 1:
        return under_a_day
    if days < 14:
        n = round(days)
        return (one_day if n == 1 else some_days).format(n=n)
    if days < 60:
        return weeks.format(n=round(days / 7))
    return months.format(n=round(days / 30.4))

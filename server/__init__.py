"""Tweaks to the Rasa server process that change no behaviour, only its cost (server/speedups.py)."""

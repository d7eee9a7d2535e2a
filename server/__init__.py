"""The Rasa server process: its start-up home (startup.py), speed-ups (speedups.py) and clinic rounds (rounds.py)."""

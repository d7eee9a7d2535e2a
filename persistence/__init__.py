"""Persistence: the project's tracker store."""

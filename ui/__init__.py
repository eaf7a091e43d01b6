"""Desk desktop app (PySide6). Talks to ``desk`` only, never to httpx or SQL."""

"""Desk core: everything that is not Qt. Never imports PySide6 or ui."""

__version__ = "0.1.0"

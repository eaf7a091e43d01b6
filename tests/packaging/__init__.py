"""Tests of what gets installed: the built wheel in a fresh virtual environment."""

"""Shared test doubles and factories."""

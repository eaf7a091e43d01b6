"""A keyring backend for bench_cold_start: every lookup answers ``DESK_BENCH_TOKEN``.

Loaded by the launched ``desk`` through ``PYTHON_KEYRING_BACKEND=cold_start_keyring.
BenchKeyring`` (this folder on ``PYTHONPATH``), so the remembered token is found without
a desktop keychain and without keyring's discovery of every installed backend.
"""

from __future__ import annotations

import os

from keyring.backend import KeyringBackend


class BenchKeyring(KeyringBackend):
    priority = 1.0

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ.get("DESK_BENCH_TOKEN")

    def set_password(self, service: str, username: str, password: str) -> None:
        pass  # the token comes from the environment; nothing to keep

    def delete_password(self, service: str, username: str) -> None:
        pass


# Defining a backend registers it for keyring's discovery; keep it out of that.
KeyringBackend._classes.discard(BenchKeyring)

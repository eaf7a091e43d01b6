"""API tokens in the operating system's keychain, through ``keyring``.

A token is kept only where it is safe: the macOS Keychain, Windows Credential
Manager, or the Secret Service / KWallet on Linux. When none of those is there
(a headless Linux box gets keyring's "fail" backend; a ``keyrings.alt`` file
backend writes tokens into a file) the token stays in this process's memory and
the UI tells the user they will have to sign in again next time. It is never
written to a plain file.

Keychain calls can block (DBus, an unlock prompt): call them from a worker
thread, e.g. ``await asyncio.to_thread(creds.load, server, email)``. They never
raise: a locked keychain or a DBus failure degrades to memory and sets
``warning`` to a sentence the UI can show.
"""

from __future__ import annotations

import logging
import threading

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from desk.client.paths import normalize_server_url
from desk.domain import normalize_email

log = logging.getLogger(__name__)

SERVICE_PREFIX = "Desk"

NO_KEYCHAIN = "No system keychain is available; you will need to sign in again next time."

# Backends that store secrets in files we would not trust with a token.
_FILE_BACKEND_PACKAGES = ("keyrings.alt", "keyrings.cryptfile")


class CredentialStore:
    """Tokens keyed by (normalised server URL, lower-cased email)."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        """``backend`` defaults to keyring's choice (``keyring.get_keyring()``)."""
        offered = backend if backend is not None else keyring.get_keyring()
        self._offered_name = _name(offered)
        self._backend = _secure_backend(offered)
        self._memory: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()
        self._warning: str | None = None if self._backend is not None else NO_KEYCHAIN
        if self._backend is None:
            log.warning("no secure keyring backend (%s); tokens kept in memory", self._offered_name)

    # --- what the UI shows ------------------------------------------------------

    @property
    def secure(self) -> bool:
        """Whether a system keychain is in use (tokens can survive a restart)."""
        return self._backend is not None

    @property
    def backend_name(self) -> str:
        if self._backend is None:
            return f"memory only ({self._offered_name} refused)"
        return _name(self._backend)

    @property
    def warning(self) -> str | None:
        """A sentence for the user when sign-ins are not (or could not be) kept."""
        return self._warning

    # --- operations -------------------------------------------------------------

    def save(self, server: str, email: str, token: str) -> bool:
        """Keep the token; True if it is in the keychain, False if in memory only."""
        key = _key(server, email)
        with self._lock:
            self._memory[key] = token
        if self._backend is None:
            return False
        try:
            self._backend.set_password(_service(key), key[1], token)
        except Exception as exc:  # locked keychain, DBus gone, user cancelled a prompt
            self._degrade("save", exc)
            self._warning = (
                f"Your sign-in could not be saved in the system keychain ({_reason(exc)});"
                " you will need to sign in again next time."
            )
            return False
        self._warning = None  # the keychain works (again)
        return True

    def load(self, server: str, email: str) -> str | None:
        key = _key(server, email)
        with self._lock:
            remembered = self._memory.get(key)
        if remembered is not None or self._backend is None:
            return remembered
        try:
            token = self._backend.get_password(_service(key), key[1])
        except Exception as exc:
            self._degrade("load", exc)
            self._warning = (
                f"Your saved sign-in could not be read from the system keychain"
                f" ({_reason(exc)}); please sign in again."
            )
            return None
        if token is not None:
            with self._lock:
                self._memory[key] = token
        return token

    def delete(self, server: str, email: str) -> bool:
        """Forget the token (logout). False if the keychain kept a copy."""
        key = _key(server, email)
        with self._lock:
            self._memory.pop(key, None)
        if self._backend is None:
            return True
        try:
            self._backend.delete_password(_service(key), key[1])
        except PasswordDeleteError:
            return True  # nothing stored: already gone
        except Exception as exc:
            self._degrade("delete", exc)
            self._warning = (
                f"Your saved sign-in could not be removed from the system keychain"
                f" ({_reason(exc)}). You can remove the “{_service(key)}” entry yourself."
            )
            return False
        self._warning = None
        return True

    def _degrade(self, action: str, exc: Exception) -> None:
        # Never log the token; keyring's messages do not contain it.
        log.warning("keyring %s failed with %s: %s", action, type(exc).__name__, exc)


def service_name(server: str) -> str:
    """The keychain entry's service: ``Desk (https://desk.example.com)``."""
    return f"{SERVICE_PREFIX} ({normalize_server_url(server)})"


def _key(server: str, email: str) -> tuple[str, str]:
    return normalize_server_url(server), normalize_email(email)


def _service(key: tuple[str, str]) -> str:
    return f"{SERVICE_PREFIX} ({key[0]})"


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyringLocked):
        return "the keychain is locked"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


def _name(backend: KeyringBackend) -> str:
    try:
        return str(type(backend).name)
    except Exception:
        return type(backend).__name__


def _secure_backend(backend: KeyringBackend) -> KeyringBackend | None:
    """The backend itself, or the best secure one behind a chainer, or None."""
    if isinstance(backend, chainer.ChainerBackend):
        # Use the secure member directly: the chainer would write to whichever
        # member comes first, which may be a file backend.
        members: list[KeyringBackend] = list(backend.backends)
        return next((b for b in members if _is_secure(b)), None)
    return backend if _is_secure(backend) else None


def _is_secure(backend: KeyringBackend) -> bool:
    if isinstance(backend, fail.Keyring | null.Keyring | chainer.ChainerBackend):
        return False
    module = type(backend).__module__
    if module.startswith(_FILE_BACKEND_PACKAGES):
        return False
    try:
        priority = float(backend.priority)
    except Exception:  # a backend's priority raises when it cannot work here
        return False
    return priority > 0

"""CredentialStore with fake keyring backends: secure, absent, file-based and failing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError

from desk.client.credentials import NO_KEYCHAIN, CredentialStore, service_name

SERVER = "https://desk.example.com"
EMAIL = "smith@desk.test"
TOKEN = "tok_8f1c2a9e5b7d4f60a1c3e5f7"


class MemoryKeyring(KeyringBackend):
    """A secure-looking keychain that lives in a dict."""

    priority = 5.0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class BrokenKeyring(MemoryKeyring):
    """Fails every call, the way a locked keychain or a dead DBus does (until fixed)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error: Exception | None = error

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        super().delete_password(service, username)


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (a file on disk)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a plaintext backend must never receive a token")


PlaintextKeyring.__module__ = "keyrings.alt.file"

# Defining a backend registers it for keyring's discovery; keep these out of it.
for _cls in (MemoryKeyring, BrokenKeyring, PlaintextKeyring):
    KeyringBackend._classes.discard(_cls)


def make(cls: type[KeyringBackend]) -> KeyringBackend:
    """keyring's own backends have untyped constructors."""
    return cls()


@pytest.fixture(autouse=True)
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user location at tmp_path, to see anything written to disk."""
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files_containing(root: Path, needle: str) -> list[Path]:
    hits = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = Path(dirpath) / name
            if needle.encode() in path.read_bytes():
                hits.append(path)
    return hits


def test_secure_backend_round_trip_and_logout() -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    creds = CredentialStore()
    assert creds.secure and creds.warning is None
    assert creds.backend_name == "test credentials MemoryKeyring"
    assert creds.save(SERVER, EMAIL, TOKEN) is True
    assert backend.items == {(service_name(SERVER), EMAIL): TOKEN}
    # A fresh process (new CredentialStore) finds it; URL and email are normalised.
    again = CredentialStore()
    assert again.load("HTTPS://Desk.Example.com:443/", "Smith@Desk.test") == TOKEN
    assert again.load(SERVER, "other@desk.test") is None
    assert again.load("https://other.example.com", EMAIL) is None
    assert again.delete(SERVER, EMAIL) is True
    assert backend.items == {}
    assert again.load(SERVER, EMAIL) is None
    assert CredentialStore().load(SERVER, EMAIL) is None
    assert again.delete(SERVER, EMAIL) is True  # deleting twice is fine


def test_accounts_on_two_servers_are_separate() -> None:
    backend = MemoryKeyring()
    creds = CredentialStore(backend)
    creds.save(SERVER, EMAIL, "one")
    creds.save("https://desk.example.com:8443", EMAIL, "two")
    assert CredentialStore(backend).load(SERVER, EMAIL) == "one"
    assert CredentialStore(backend).load("desk.example.com:8443", EMAIL) == "two"


def test_fail_backend_keeps_the_token_in_memory_only(isolated_home: Path) -> None:
    keyring.set_keyring(make(fail.Keyring))
    creds = CredentialStore()
    assert not creds.secure
    assert creds.warning == NO_KEYCHAIN
    assert "memory only" in creds.backend_name
    assert creds.save(SERVER, EMAIL, TOKEN) is False
    assert creds.load(SERVER, EMAIL) == TOKEN  # this session keeps working
    assert files_containing(isolated_home, TOKEN) == []
    assert CredentialStore().load(SERVER, EMAIL) is None  # "next time": gone
    assert creds.delete(SERVER, EMAIL) is True
    assert creds.load(SERVER, EMAIL) is None


def test_null_backend_is_not_secure() -> None:
    creds = CredentialStore(make(null.Keyring))
    assert not creds.secure and creds.warning == NO_KEYCHAIN


def test_plaintext_file_backend_is_refused(isolated_home: Path) -> None:
    creds = CredentialStore(PlaintextKeyring())
    assert not creds.secure and creds.warning == NO_KEYCHAIN
    assert creds.save(SERVER, EMAIL, TOKEN) is False  # PlaintextKeyring would assert
    assert creds.load(SERVER, EMAIL) == TOKEN
    assert files_containing(isolated_home, TOKEN) == []


def test_chainer_uses_its_secure_member_and_skips_files(monkeypatch: pytest.MonkeyPatch) -> None:
    secure = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring(), secure])
    creds = CredentialStore(make(chainer.ChainerBackend))
    assert creds.secure and creds.backend_name == "test credentials MemoryKeyring"
    assert creds.save(SERVER, EMAIL, TOKEN) is True
    assert secure.items == {(service_name(SERVER), EMAIL): TOKEN}


def test_chainer_without_a_secure_member_is_memory_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring()])
    creds = CredentialStore(make(chainer.ChainerBackend))
    assert not creds.secure and creds.warning == NO_KEYCHAIN
    assert creds.save(SERVER, EMAIL, TOKEN) is False


def test_locked_keychain_on_save_falls_back_to_memory() -> None:
    creds = CredentialStore(BrokenKeyring(KeyringLocked("Failed to unlock the collection!")))
    assert creds.secure  # a keychain exists; it refused this time
    assert creds.save(SERVER, EMAIL, TOKEN) is False
    assert creds.warning is not None
    assert "keychain is locked" in creds.warning and "sign in again" in creds.warning
    assert TOKEN not in creds.warning
    assert creds.load(SERVER, EMAIL) == TOKEN


def test_dbus_failure_on_load_is_not_a_crash() -> None:
    error = RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown: no secret service")
    creds = CredentialStore(BrokenKeyring(error))
    assert creds.load(SERVER, EMAIL) is None
    assert creds.warning is not None and "ServiceUnknown" in creds.warning


def test_failed_delete_is_reported_and_memory_is_cleared() -> None:
    backend = BrokenKeyring(RuntimeError("DBus connection closed"))
    creds = CredentialStore(backend)
    creds.save(SERVER, EMAIL, TOKEN)
    assert creds.delete(SERVER, EMAIL) is False
    assert creds.warning is not None and "could not be removed" in creds.warning
    assert service_name(SERVER) in creds.warning
    assert creds.load(SERVER, EMAIL) is None  # BrokenKeyring raises -> None, not the old token


def test_warning_clears_when_the_keychain_works_again() -> None:
    backend = BrokenKeyring(KeyringLocked("locked"))
    creds = CredentialStore(backend)
    creds.save(SERVER, EMAIL, TOKEN)
    assert creds.warning is not None
    backend.error = None  # the user unlocked it
    assert creds.save(SERVER, EMAIL, TOKEN) is True
    assert creds.warning is None


def test_backend_whose_priority_raises_is_not_used() -> None:
    class Unavailable(MemoryKeyring):
        @properties.classproperty
        def priority(self) -> float:
            raise RuntimeError("no DBus session")

    KeyringBackend._classes.discard(Unavailable)
    assert not CredentialStore(Unavailable()).secure

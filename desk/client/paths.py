"""Where the client keeps its per-account files, and how accounts are named.

One server + one email = one account = one folder under the platform's user data
directory (``~/.local/share/Desk`` on Linux, ``%LOCALAPPDATA%\\Desk`` on Windows,
``~/Library/Application Support/Desk`` on macOS). The same normalised server URL is
the key of the account's token in the keychain (see ``desk.client.credentials``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs

from desk.domain import normalize_email

APP_NAME = "Desk"

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNSAFE = re.compile(r"[^a-z0-9._-]+")
_SLUG_PART_MAX = 40


def normalize_server_url(url: str) -> str:
    """``HTTPS://Desk.Example.com:443/`` -> ``https://desk.example.com``.

    Lower-cases scheme and host, drops a default port, a trailing slash, a query and
    a fragment, and assumes ``https`` when no scheme is given. The path is kept
    (a server may live under a prefix) but its case is not changed.
    """
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if not host:
        raise ValueError(f"not a server address: {url!r}")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, "", ""))


def account_slug(server: str, email: str) -> str:
    """A folder name that is safe on every filesystem and unique per account.

    Readable parts (host, email) are squashed to ``[a-z0-9._-]`` and shortened; a
    hash of the exact normalised pair keeps two accounts that squash alike apart
    (and makes Windows' reserved names such as ``CON`` impossible).
    """
    norm_server = normalize_server_url(server)
    norm_email = normalize_email(email)
    digest = hashlib.sha256(f"{norm_server}\n{norm_email}".encode()).hexdigest()[:12]
    host = urlsplit(norm_server).netloc + urlsplit(norm_server).path
    parts = [_squash(host), _squash(norm_email)]
    return "-".join([*(p for p in parts if p), digest])


def _squash(text: str) -> str:
    return _UNSAFE.sub("_", text.lower()).strip("._-")[:_SLUG_PART_MAX]


def data_root() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_root() -> Path:
    """Where the app writes its log and crash reports (``~/.local/state/Desk/log`` on
    Linux, ``%LOCALAPPDATA%\\Desk\\Logs`` on Windows, ``~/Library/Logs/Desk`` on macOS)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def account_dir(server: str, email: str, *, root: Path | None = None) -> Path:
    return (root if root is not None else data_root()) / "accounts" / account_slug(server, email)


def default_store_path(server: str, email: str, *, root: Path | None = None) -> Path:
    """The cache database of an account; its folder is created by ``Store``."""
    return account_dir(server, email, root=root) / "cache.sqlite3"

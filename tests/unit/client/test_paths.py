import re
import sys
from pathlib import Path

import pytest

from desk.client.paths import account_slug, default_store_path, log_root, normalize_server_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://desk.example.com", "https://desk.example.com"),
        ("HTTPS://Desk.Example.COM:443/", "https://desk.example.com"),
        ("desk.example.com", "https://desk.example.com"),
        ("http://localhost:80/", "http://localhost"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://example.com/Support/?x=1#top", "https://example.com/Support"),
        ("  https://[::1]:8443/ ", "https://[::1]:8443"),
    ],
)
def test_normalize_server_url(given: str, expected: str) -> None:
    assert normalize_server_url(given) == expected


def test_no_host_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a server address"):
        normalize_server_url("https://")


def test_slug_is_filesystem_safe_and_stable() -> None:
    slug = account_slug("https://desk.example.com:8443/", "Ольга.Smith+work@Example.RU")
    assert re.fullmatch(r"[a-z0-9._-]+", slug)
    assert slug.startswith("desk.example.com_8443-")
    assert slug == account_slug("desk.example.com:8443", "ольга.smith+work@example.ru")


def test_accounts_that_squash_alike_stay_apart() -> None:
    assert account_slug("https://a.test", "x/y@z.test") != account_slug(
        "https://a.test", "x_y@z.test"
    )
    assert account_slug("https://a.test", "con") != account_slug("https://a.test", "CON?")


def test_default_store_path(tmp_path: Path) -> None:
    path = default_store_path("https://desk.example.com", "me@example.com", root=tmp_path)
    assert path.parent.parent == tmp_path / "accounts"
    assert path.name == "cache.sqlite3"


def test_the_log_folder_follows_the_state_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_STATE_HOME is the Linux convention")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert log_root() == tmp_path / "Desk" / "log"

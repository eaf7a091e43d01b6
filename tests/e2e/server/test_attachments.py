"""Attachments: upload checks, who may read them, thumbnails, linking to messages."""

from __future__ import annotations

import hashlib
import io
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.e2e.conftest import LiveServer, TestUser
from tests.e2e.server._helpers import assert_problem, open_ticket
from tests.helpers.images import png_bytes, png_header_only

pytestmark = pytest.mark.e2e


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.01)


def upload(
    server: LiveServer, user: TestUser, data: bytes, name: str, ctype: str | None = None
) -> httpx.Response:
    files = {"file": (name, data, ctype) if ctype else (name, data)}
    with server.client(user) as c:
        return c.post("/attachments", files=files)


def test_upload_and_download_an_image(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    data = png_bytes(40, 20)
    r = upload(live_server, customer, data, "screen shot.png", "image/png")
    assert r.status_code == 201, r.text
    att = r.json()
    assert att["content_type"] == "image/png" and (att["width"], att["height"]) == (40, 20)
    assert att["size"] == len(data) and att["sha256"] == hashlib.sha256(data).hexdigest()
    assert att["filename"] == "screen shot.png"
    with live_server.client(customer) as c:
        got = c.get(f"/attachments/{att['id']}")
        thumb = c.get(f"/attachments/{att['id']}/thumbnail", params={"size": 64})
        default_thumb = c.get(f"/attachments/{att['id']}/thumbnail")
    assert got.content == data
    assert got.headers["content-disposition"].startswith("attachment")
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-type"] == "image/png"
    assert thumb.status_code == 200 and thumb.headers["content-type"] in ("image/png", "image/jpeg")
    with Image.open(io.BytesIO(thumb.content)) as im:
        assert max(im.size) <= 64
    assert default_thumb.status_code == 200


@pytest.mark.parametrize(
    ("data", "name", "ctype", "status", "slug"),
    [
        (b"this is not a png at all", "fake.png", "image/png", 422, "validation"),
        (png_header_only(10_000, 6_000), "huge.png", "image/png", 422, "validation"),
        (
            b"MZ\x90\x00binary",
            "tool.exe",
            "application/x-msdownload",
            415,
            "unsupported-media-type",
        ),
    ],
)
def test_refused_uploads(
    live_server: LiveServer, data: bytes, name: str, ctype: str, status: int, slug: str
) -> None:
    user = live_server.create_user()
    assert_problem(upload(live_server, user, data, name, ctype), status, slug)


def test_allowed_non_images(live_server: LiveServer) -> None:
    user = live_server.create_user()
    r = upload(live_server, user, "привет, log line\n".encode(), "notes.txt", "text/plain")
    assert r.status_code == 201, r.text
    assert r.json()["content_type"] == "text/plain" and r.json()["width"] is None
    with live_server.client(user) as c:
        thumb = c.get(f"/attachments/{r.json()['id']}/thumbnail")
    assert_problem(thumb, 415, "unsupported-media-type")


def test_oversized_upload_is_413(live_server: LiveServer) -> None:
    user = live_server.create_user()
    limit = live_server.settings.max_upload_bytes

    def body() -> Iterator[bytes]:
        # Streamed without Content-Length: the server must stop reading by itself.
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n'
        yield b"Content-Type: text/plain\r\n\r\n"
        chunk = b"a" * (1024 * 1024)
        for _ in range(limit // len(chunk) + 1):
            yield chunk
        yield b"\r\n--b--\r\n"

    with live_server.client(user) as c:
        r = c.post(
            "/attachments",
            content=body(),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
    assert_problem(r, 413, "payload-too-large")


def test_oversized_upload_with_content_length_is_413(live_server: LiveServer) -> None:
    user = live_server.create_user()
    data = b"a" * (live_server.settings.max_upload_bytes + 1)
    assert_problem(
        upload(live_server, user, data, "big.txt", "text/plain"), 413, "payload-too-large"
    )


def test_upload_request_shape_is_checked(live_server: LiveServer) -> None:
    user = live_server.create_user()
    with live_server.client(user) as c:
        r = c.post("/attachments", json={"file": "x"})
        assert_problem(r, 415, "unsupported-media-type")
        r = c.post("/attachments", files={"other": ("a.txt", b"abc", "text/plain")})
        assert_problem(r, 422, "validation")
        r = c.post(
            "/attachments",
            content=b"--b\r\nbroken",
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        assert_problem(r, 422, "validation")
    r = httpx.post(f"{live_server.api}/attachments", files={"file": ("a.txt", b"abc")})
    assert_problem(r, 401, "unauthorized")


def test_thumbnail_size_bounds(live_server: LiveServer) -> None:
    user = live_server.create_user()
    att = upload(live_server, user, png_bytes(), "a.png", "image/png").json()
    with live_server.client(user) as c:
        for size in (63, 1025, -1):
            r = c.get(f"/attachments/{att['id']}/thumbnail", params={"size": size})
            assert_problem(r, 422, "validation")


def test_thumbnails_come_in_standard_sizes_made_at_upload(live_server: LiveServer) -> None:
    user = live_server.create_user()
    image = Image.new("RGB", (1500, 1000), (20, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    att = upload(live_server, user, buffer.getvalue(), "wide.png", "image/png").json()
    largest = live_server.context.media.root / "thumbs" / att["sha256"][:2] / att["sha256"][2:4]
    # Made by the upload itself, in the background: every standard size at once.
    wait_until(lambda: (largest / f"{att['sha256']}-1024.jpg").exists())
    with live_server.client(user) as c:
        sizes = {}
        for asked in (300, 320, 700, 1024):
            r = c.get(f"/attachments/{att['id']}/thumbnail", params={"size": asked})
            assert r.status_code == 200, r.text
            with Image.open(io.BytesIO(r.content)) as im:
                sizes[asked] = im.size
    assert sizes == {300: (256, 171), 320: (320, 214), 700: (640, 427), 1024: (1024, 683)}


def _message_with(
    server: LiveServer, user: TestUser, ticket_id: int, att_id: int, **extra: Any
) -> httpx.Response:
    with server.client(user) as c:
        return c.post(
            f"/tickets/{ticket_id}/messages",
            json={"body": "", "attachment_ids": [att_id], **extra},
        )


def test_attachment_access(live_server: LiveServer) -> None:
    alice, bob = live_server.create_user(), live_server.create_user()
    agent = live_server.create_user("agent")
    t = open_ticket(live_server, alice)
    att = upload(live_server, alice, png_bytes(), "a.png", "image/png").json()
    url = f"/attachments/{att['id']}"
    # Unlinked: only the uploader.
    for user in (bob, agent):
        with live_server.client(user) as c:
            assert_problem(c.get(url), 404, "not-found")
    assert_problem(_message_with(live_server, agent, t["id"], att["id"]), 422, "validation")
    r = _message_with(live_server, alice, t["id"], att["id"])
    assert r.status_code == 201, r.text
    msg = r.json()
    assert msg["attachments"] == [att] and msg["body"] == ""
    # Linked: staff and the ticket's customer; nobody else, not even by guessing ids.
    with live_server.client(agent) as c:
        assert c.get(url).content == png_bytes()
        assert c.get(f"{url}/thumbnail").status_code == 200
    with live_server.client(bob) as c:
        assert_problem(c.get(url), 404, "not-found")
        assert_problem(c.get(f"{url}/thumbnail"), 404, "not-found")
        assert_problem(c.get("/attachments/999999"), 404, "not-found")
    # Used once: it cannot be attached again.
    assert_problem(_message_with(live_server, alice, t["id"], att["id"]), 422, "validation")
    with live_server.client(alice) as c:
        preview = c.get(f"/tickets/{t['id']}").json()["last_message_preview"]
    assert preview == "a.png"


def test_attachments_of_internal_notes_stay_with_staff(live_server: LiveServer) -> None:
    customer, agent = live_server.create_user(), live_server.create_user("agent")
    t = open_ticket(live_server, customer)
    att = upload(live_server, agent, b"internal log\n", "log.txt", "text/plain").json()
    r = _message_with(live_server, agent, t["id"], att["id"], internal=True)
    assert r.status_code == 201
    with live_server.client(customer) as c:
        assert_problem(c.get(f"/attachments/{att['id']}"), 404, "not-found")
    with live_server.client(agent) as c:
        assert c.get(f"/attachments/{att['id']}").content == b"internal log\n"


def test_ticket_with_attachment(live_server: LiveServer) -> None:
    customer = live_server.create_user()
    att = upload(live_server, customer, png_bytes(), "error.png", "image/png").json()
    with live_server.client(customer) as c:
        r = c.post(
            "/tickets", json={"title": "See picture", "body": "look", "attachment_ids": [att["id"]]}
        )
        assert r.status_code == 201, r.text
        msgs = c.get(f"/tickets/{r.json()['id']}/messages").json()["items"]
    assert msgs[0]["attachments"] == [att]


def test_file_names_lose_bidi_overrides(live_server: LiveServer) -> None:
    user = live_server.create_user()
    r = upload(live_server, user, b"plain words", "invoice\u202etxt.exe\u2069.txt", "text/plain")
    assert r.status_code == 201, r.text
    assert r.json()["filename"] == "invoicetxt.exe.txt"


def test_uploads_past_the_hourly_quota_are_429(make_live_server: Any) -> None:
    server = make_live_server(upload_quota_bytes=1000)
    user, other = server.create_user(), server.create_user()
    assert upload(server, user, b"a" * 600, "one.txt").status_code == 201
    r = upload(server, user, b"b" * 600, "two.txt")
    body = assert_problem(r, 429, "upload-quota")
    assert 3500 <= int(r.headers["Retry-After"]) <= 3600
    assert "the limit is 0 MiB an hour" not in body["detail"]
    assert "an hour" in body["detail"] and "fits again in 60 minutes" in body["detail"]
    assert upload(server, user, b"c" * 400, "small.txt").status_code == 201  # still fits
    assert upload(server, other, b"d" * 600, "theirs.txt").status_code == 201  # per user
    too_big = upload(server, other, b"e" * 1001, "big.txt")
    assert "limited to 0.1 MiB an hour" in assert_problem(too_big, 413, "upload-quota")["detail"]


def test_unused_uploads_are_deleted_after_the_retention(make_live_server: Any) -> None:
    server = make_live_server(
        unused_upload_retention=timedelta(seconds=2), upload_cleanup_interval=0.1
    )
    customer = server.create_user()
    unused = upload(server, customer, b"never sent", "draft.txt").json()
    used = upload(server, customer, b"sent along", "sent.txt").json()
    with server.client(customer) as c:
        r = c.post(
            "/tickets",
            json={"title": "With a file", "body": "see file", "attachment_ids": [used["id"]]},
        )
        assert r.status_code == 201, r.text
        wait_until(lambda: c.get(f"/attachments/{unused['id']}").status_code == 404)
        assert c.get(f"/attachments/{used['id']}").content == b"sent along"
    assert not server.context.media.path(unused["sha256"]).exists()

"""Upload validation, the content-addressed store and thumbnails."""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from desk.media import ALLOWED_TYPES, MAX_UPLOAD_BYTES
from desk.server.media import storage
from desk.server.media.errors import MediaError
from desk.server.media.storage import MediaStore
from desk.server.media.thumbnails import STANDARD_SIZES, render_thumbnails, standard_size
from desk.server.media.validation import ValidatedFile, validate_upload
from tests.helpers.images import png_chunk, png_header_only

# --- helpers ------------------------------------------------------------------


def encode(im: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **params)
    return out.getvalue()


def two_tone(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: orientation is visible in the pixels."""
    im = Image.new(mode, size, "blue")
    im.paste("red", (0, 0, size[0] // 2, size[1]))
    return im


def gif_with_big_frame(width: int, height: int) -> bytes:
    """A 1x1 logical screen whose first frame claims width x height (Pillow grows to it)."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0)
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return screen + frame + b"\x02\x02\x44\x01\x00\x3b"


def webp_vp8x(width: int, height: int) -> bytes:
    payload = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little")
    payload += (height - 1).to_bytes(3, "little")
    chunk = b"VP8X" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def jpeg_with_orientation(im: Image.Image, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(im, "JPEG", exif=exif.tobytes(), quality=95)


def refused(data: bytes, name: str = "file", declared: str | None = None) -> MediaError:
    with pytest.raises(MediaError) as info:
        validate_upload(data, name, declared)
    return info.value


@pytest.fixture
def no_bomb_warnings() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning (even ones filtered as errors elsewhere) and demand none."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]
    assert not caught


@pytest.fixture
def store(tmp_path: Path) -> MediaStore:
    return MediaStore(tmp_path / "media")


# --- validate_upload: accepted files ------------------------------------------------


def test_allowed_types_are_the_contracts_list() -> None:
    assert {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "application/pdf",
        "text/plain",
        "application/zip",
    } == ALLOWED_TYPES


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_images_are_recognised_with_their_size(fmt: str, content_type: str) -> None:
    data = encode(two_tone((123, 45)), fmt)
    assert validate_upload(data, "screenshot", None) == ValidatedFile(content_type, 123, 45)


def test_bytes_win_over_the_name_and_the_declared_type() -> None:
    data = encode(two_tone((30, 20)), "PNG")
    result = validate_upload(data, "photo.jpg", "image/jpeg")
    assert result == ValidatedFile("image/png", 30, 20)


def test_declared_type_parameters_and_case_are_ignored() -> None:
    assert validate_upload(b"hello", "a.txt", "Text/Plain; charset=UTF-8").content_type == (
        "text/plain"
    )


def test_exif_rotation_swaps_the_reported_size() -> None:
    data = jpeg_with_orientation(two_tone((200, 100)), 6)
    assert validate_upload(data, "phone.jpg", "image/jpeg") == ValidatedFile("image/jpeg", 100, 200)


def test_largest_allowed_image_passes(no_bomb_warnings: list[warnings.WarningMessage]) -> None:
    data = encode(Image.new("1", (10_000, 5_000)), "PNG")  # exactly 50 megapixels
    assert validate_upload(data, "big.png", "image/png") == ValidatedFile(
        "image/png", 10_000, 5_000
    )


def test_pdf_zip_and_text_are_recognised_by_content() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("log.txt", "hello")
    assert validate_upload(b"%PDF-1.4\n%%EOF\n", "x.bin", None).content_type == "application/pdf"
    assert validate_upload(archive.getvalue(), "logs", None).content_type == "application/zip"
    text = "Бот молчит с 14:02\nwebhook 502\n".encode()
    assert validate_upload(text, "notes", "application/octet-stream") == ValidatedFile(
        "text/plain", None, None
    )


def test_text_in_other_encodings() -> None:
    utf16 = "Журнал ошибок".encode("utf-16")  # with BOM, NUL bytes are part of the encoding
    assert validate_upload(utf16, "log.txt", None).content_type == "text/plain"
    cp1251 = "Ошибка вебхука 502\r\n".encode("cp1251")
    assert validate_upload(cp1251, "errors.log", None).content_type == "text/plain"
    # Without a claim to be text, bytes that are not UTF-8 are not guessed at.
    assert refused(cp1251, "errors", None).status == 415


# --- validate_upload: refusals ---------------------------------------------------------


def test_too_large_is_413_with_a_readable_sentence() -> None:
    error = refused(b"x" * int(31.2 * 1024 * 1024), "big.txt", "text/plain")
    assert (error.status, error.slug) == (413, "payload-too-large")
    assert error.detail == "The file is 31.2 MB; the limit is 25 MB."
    just_over = refused(b"x" * (MAX_UPLOAD_BYTES + 1), "big.txt")
    assert just_over.detail == "The file is 25.1 MB; the limit is 25 MB."
    assert validate_upload(b"x" * MAX_UPLOAD_BYTES, "ok.txt", None).content_type == "text/plain"


def test_empty_file_is_422() -> None:
    assert refused(b"", "empty.txt").status == 422


@pytest.mark.parametrize(
    ("name", "declared"),
    [("photo.png", None), ("photo", "image/png"), ("photo.JPG", "application/octet-stream")],
)
def test_claimed_image_that_is_not_one_is_422(name: str, declared: str | None) -> None:
    error = refused(b"just some text, not pixels", name, declared)
    assert (error.status, error.slug) == (422, "validation")
    assert "image" in error.detail


def test_unaccepted_image_kinds_are_415() -> None:
    assert refused(encode(two_tone((8, 8)), "BMP"), "a.bmp").status == 415
    assert refused(encode(two_tone((8, 8)), "TIFF"), "scan.png", "image/png").status == 415
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    error = refused(svg, "logo.svg", "image/svg+xml")
    assert (error.status, error.slug) == (415, "unsupported-media-type")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",  # header cut short
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", b"\x00" * 13) + png_chunk(b"IEND", b""),
        b"\xff\xd8\xff\xe0garbage",
        b"GIF89a\x01",
        b"RIFF\x10\x00\x00\x00WEBPVP8 junk",
    ],
)
def test_unreadable_image_headers_are_422(data: bytes) -> None:
    error = refused(data, "x.png", "image/png")
    assert (error.status, error.slug) == (422, "validation")


def test_binary_that_is_nothing_we_accept_is_415() -> None:
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    error = refused(exe, "setup.exe", "application/x-msdownload")
    assert (error.status, error.slug) == (415, "unsupported-media-type")
    assert "PDF" in error.detail  # it says what would be accepted


@pytest.mark.parametrize(
    ("name", "declared", "word"),
    [
        ("invoice.pdf", None, "PDF"),
        ("x", "application/pdf", "PDF"),
        ("logs.zip", None, "ZIP"),
        ("PK-fake.zip", "application/zip", "ZIP"),
        ("notes.txt", None, "plain-text"),
    ],
)
def test_claimed_allowed_type_that_does_not_match_is_422(
    name: str, declared: str | None, word: str
) -> None:
    data = (b"PK\x03\x04" if name.startswith("PK") else b"") + b"\x00\x01\x02binary\xff\xfe"
    error = refused(data, name, declared)
    assert error.status == 422
    assert word in error.detail


def test_text_with_nul_bytes_is_not_text() -> None:
    assert refused(b"abc\x00def", "dump.bin").status == 415


# --- decompression bombs ------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        png_header_only(10_000, 10_000),  # beyond Pillow's warning threshold (89 Mpx)
        png_header_only(200_000, 200_000),  # beyond Pillow's error threshold
        png_header_only(10_000, 5_001),  # one row over our limit
        gif_with_big_frame(10_000, 10_000),
        webp_vp8x(16_000, 16_000),  # Pillow's WebP decoder would allocate 1 GB on open
    ],
)
def test_crafted_headers_over_50_megapixels_are_422(
    data: bytes, no_bomb_warnings: list[warnings.WarningMessage]
) -> None:
    error = refused(data, "huge.png", "image/png")
    assert (error.status, error.slug) == (422, "validation")
    assert "megapixels" in error.detail


def test_real_decompression_bomb(
    store: MediaStore, no_bomb_warnings: list[warnings.WarningMessage]
) -> None:
    # 100 Mpx of one colour compresses to ~12 kB; decoding would need 100 MB+.
    bomb = encode(Image.new("1", (10_000, 10_000)), "PNG")
    assert len(bomb) < 50_000
    error = refused(bomb, "cute-cat.png", "image/png")
    assert error.status == 422 and "10000×10000" in error.detail
    # Even if such a file got into the store, a thumbnail refuses it cleanly.
    sha = store.save(bomb)
    with pytest.raises(MediaError) as info:
        store.thumbnail(sha, 256)
    assert info.value.status == 422


# --- the store ------------------------------------------------------------------------


def test_save_is_content_addressed_and_idempotent(store: MediaStore) -> None:
    data = b"hello world"
    sha = store.save(data)
    assert sha == hashlib.sha256(data).hexdigest()
    path = store.path(sha)
    assert path == store.root / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == data
    mtime = path.stat().st_mtime_ns
    assert store.save(data) == sha
    assert path.stat().st_mtime_ns == mtime  # not rewritten
    assert [p.name for p in path.parent.iterdir()] == [sha]  # no temp files left


@pytest.mark.parametrize(
    "bad", ["../../etc/passwd", "A" * 64, "a" * 63, "g" * 64, "a" * 64 + "/x", ""]
)
def test_path_rejects_anything_but_a_digest(store: MediaStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.path(bad)
    with pytest.raises(ValueError):
        store.thumbnail(bad, 128)


def test_concurrent_saves_of_the_same_bytes(store: MediaStore) -> None:
    data = encode(two_tone((40, 40)), "PNG")
    barrier = threading.Barrier(6)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(store.save(data))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    assert store.path(results[0]).read_bytes() == data
    assert len(list(store.path(results[0]).parent.iterdir())) == 1


# --- thumbnails -----------------------------------------------------------------------


def open_bytes(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


@pytest.mark.parametrize(
    ("im", "fmt", "expected_type"),
    [
        (two_tone((1600, 900)), "JPEG", "image/jpeg"),
        (two_tone((900, 1600)), "PNG", "image/jpeg"),  # opaque RGB PNG -> JPEG
        (two_tone((1600, 900), "RGBA"), "PNG", "image/png"),
        (two_tone((1600, 900)).convert("P"), "PNG", "image/png"),
        (two_tone((700, 300)), "WEBP", "image/jpeg"),
        (two_tone((700, 300), "L"), "PNG", "image/jpeg"),
    ],
)
def test_thumbnail_formats_and_bounds(
    store: MediaStore, im: Image.Image, fmt: str, expected_type: str
) -> None:
    sha = store.save(encode(im, fmt))
    data, content_type = store.thumbnail(sha, 320)
    assert content_type == expected_type
    thumb = open_bytes(data)
    assert thumb.format == ("PNG" if expected_type == "image/png" else "JPEG")
    assert max(thumb.size) == 320
    ratio = im.size[0] / im.size[1]
    assert thumb.size[0] / thumb.size[1] == pytest.approx(ratio, rel=0.02)


def test_thumbnail_keeps_alpha(store: MediaStore) -> None:
    im = Image.new("RGBA", (200, 100), (255, 0, 0, 0))
    sha = store.save(encode(im, "PNG"))
    thumb = open_bytes(store.thumbnail(sha, 64)[0])
    assert thumb.mode == "RGBA" and thumb.getpixel((10, 10))[3] == 0  # type: ignore[index]


def test_small_images_are_not_enlarged(store: MediaStore) -> None:
    sha = store.save(encode(two_tone((50, 30)), "PNG"))
    assert open_bytes(store.thumbnail(sha, 64)[0]).size == (50, 30)


def test_thumbnail_respects_exif_orientation(store: MediaStore) -> None:
    # Stored sideways: orientation 6 means "rotate 90° clockwise to view".
    sha = store.save(jpeg_with_orientation(two_tone((400, 200)), 6))
    thumb = open_bytes(store.thumbnail(sha, 128)[0]).convert("RGB")
    assert thumb.size == (64, 128)
    red, blue = thumb.getpixel((32, 10)), thumb.getpixel((32, 118))
    assert isinstance(red, tuple) and isinstance(blue, tuple)
    assert red[0] > 200 and red[2] < 60  # the left (red) half is now on top
    assert blue[2] > 200 and blue[0] < 60


def test_animated_gif_gives_its_first_frame(store: MediaStore) -> None:
    frames = [Image.new("RGB", (120, 80), colour) for colour in ("lime", "red", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 3  # type: ignore[attr-defined]
    thumb, content_type = store.thumbnail(store.save(data), 64)
    assert content_type == "image/png"  # palette source
    pixel = open_bytes(thumb).convert("RGB").getpixel((5, 5))
    assert pixel == (0, 255, 0)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_truncated_images_give_422_not_a_crash(store: MediaStore, fmt: str) -> None:
    whole = encode(Image.effect_noise((300, 300), 60).convert("RGB"), fmt)
    cut = whole[: len(whole) // 2]
    assert validate_upload(cut, "x", None).width == 300  # the header alone is fine
    with pytest.raises(MediaError) as info:
        store.thumbnail(store.save(cut), 128)
    assert (info.value.status, info.value.slug) == (422, "validation")


def test_corrupt_pixel_data_gives_422(store: MediaStore) -> None:
    data = bytearray(encode(two_tone((300, 300)), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 8 : idat + 40] = b"\xaa" * 32
    with pytest.raises(MediaError) as info:
        store.thumbnail(store.save(bytes(data)), 128)
    assert info.value.status == 422


def test_thumbnail_size_limits_and_non_images(store: MediaStore) -> None:
    sha = store.save(encode(two_tone((100, 100)), "PNG"))
    for size in (63, 1025, 0):
        with pytest.raises(MediaError) as info:
            store.thumbnail(sha, size)
        assert info.value.status == 422
    assert max(open_bytes(store.thumbnail(sha, 64)[0]).size) == 64
    pdf = store.save(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(MediaError) as info:
        store.thumbnail(pdf, 128)
    assert info.value.status == 415
    with pytest.raises(FileNotFoundError):
        store.thumbnail("0" * 64, 128)


def test_thumbnails_are_cached_on_disk(store: MediaStore) -> None:
    sha = store.save(encode(two_tone((800, 600)), "JPEG"))
    first = store.thumbnail(sha, 200)
    store.path(sha).unlink()  # the cache alone must now answer
    assert store.thumbnail(sha, 200) == first
    assert store.thumbnail(sha, 1000) == store.thumbnail(sha, 640)
    cached = list((store.root / "thumbs").rglob("*"))
    names = sorted(p.name for p in cached if p.is_file())
    assert names == sorted(f"{sha}-{size}.jpg" for size in STANDARD_SIZES)


def test_same_thumbnail_requested_at_once_is_rendered_once(
    store: MediaStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sha = store.save(encode(two_tone((1200, 900)), "PNG"))
    calls: list[int] = []
    lock = threading.Lock()
    real = storage.render_thumbnails

    def counting(data: bytes, sizes: tuple[int, ...]) -> dict[int, tuple[bytes, str]]:
        with lock:
            calls.append(len(sizes))
        return real(data, sizes)

    monkeypatch.setattr(storage, "render_thumbnails", counting)
    barrier = threading.Barrier(8)
    results: list[tuple[bytes, str]] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(store.thumbnail(sha, 256))
        except BaseException as exc:  # surfaced below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert calls == [len(STANDARD_SIZES)]  # one decode for every size
    assert len(results) == 8 and len(set(results)) == 1
    files = [p for p in (store.root / "thumbs").rglob("*") if p.is_file()]
    assert len(files) == len(STANDARD_SIZES)  # no temp files left behind
    assert all(not p.name.startswith(".tmp") for p in files)


@pytest.mark.parametrize(
    ("asked", "served"),
    [
        (64, 64),
        (100, 64),
        (128, 128),
        (300, 256),
        (320, 320),
        (480, 320),
        (640, 640),
        (1023, 640),
        (1024, 1024),
    ],
)
def test_a_request_gets_the_largest_standard_size_not_above_it(asked: int, served: int) -> None:
    assert standard_size(asked) == served


def test_all_sizes_from_one_decode_keep_shape_and_format() -> None:
    made = render_thumbnails(encode(two_tone((2000, 1000)), "PNG"))
    assert sorted(made) == sorted(STANDARD_SIZES)
    for size, (data, content_type) in made.items():
        assert content_type == "image/jpeg"  # opaque RGB
        assert open_bytes(data).size == (size, size // 2)
    alpha = Image.new("RGBA", (300, 200), (10, 20, 30, 128))
    small = render_thumbnails(encode(alpha, "PNG"), (64, 1024))
    assert small[64][1] == "image/png" and open_bytes(small[64][0]).size == (64, 43)
    assert open_bytes(small[1024][0]).size == (300, 200)  # never enlarged


def test_a_cache_from_before_standard_sizes_is_completed(store: MediaStore) -> None:
    sha = store.save(encode(two_tone((800, 600)), "JPEG"))
    old = store.root / "thumbs" / sha[:2] / sha[2:4] / f"{sha}-1024.jpg"
    old.parent.mkdir(parents=True)
    old.write_bytes(store.thumbnail(sha, 1024)[0])
    for other in old.parent.glob(f"{sha}-*"):
        if other != old:
            other.unlink()
    data, _ = store.thumbnail(sha, 320)
    assert open_bytes(data).size == (320, 240)


def test_the_size_limit_is_the_one_the_server_is_configured_with() -> None:
    data = b"plain text, " * 200  # 2,400 bytes
    assert validate_upload(data, "notes.txt", "text/plain").content_type == "text/plain"
    with pytest.raises(MediaError) as refused:
        validate_upload(data, "notes.txt", "text/plain", limit=1024)
    assert refused.value.status == 413
    assert "the limit is 0.1 MB" in refused.value.detail

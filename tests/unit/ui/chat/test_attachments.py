"""Attachment checks (allow-list, 25 MiB, real image headers) and the chip tray."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QImage

from desk.media import MAX_UPLOAD_BYTES, sniff_image_type
from tests.helpers.images import png_file
from ui.chat.attachments import (
    AttachmentError,
    AttachmentTray,
    PendingFile,
    content_type_for,
    format_size,
    screenshot_name,
    validate_path,
)
from ui.widgets.image_jobs import encode_png

MIB = 1024 * 1024


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("photo.JPG", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("shot.png", "image/png"),
        ("anim.gif", "image/gif"),
        ("pic.webp", "image/webp"),
        ("invoice.pdf", "application/pdf"),
        ("log.txt", "text/plain"),
        ("logs.zip", "application/zip"),
        ("report.exe", None),
        ("table.csv", None),
        ("clip.mp4", None),
        ("noextension", None),
    ],
)
def test_content_type_follows_the_allow_list(name: str, expected: str | None) -> None:
    assert content_type_for(name) == expected


def test_sniffing_recognises_the_four_image_formats() -> None:
    assert sniff_image_type(b"\x89PNG\r\n\x1a\n\0\0") == "image/png"
    assert sniff_image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_image_type(b"GIF89a....") == "image/gif"
    assert sniff_image_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff_image_type(b"hello world") is None


def test_sizes_read_like_people_write_them() -> None:
    assert format_size(900) == "900 bytes"
    assert format_size(47 * 1024) == "47 KB"
    assert format_size(int(2.4 * MIB)) == "2.4 MB"
    assert format_size(31 * MIB) == "31 MB"
    assert format_size(MAX_UPLOAD_BYTES) == "25 MB"
    assert format_size(MAX_UPLOAD_BYTES + 300 * 1024) == "25.3 MB"


def test_screenshot_names_carry_the_time() -> None:
    assert screenshot_name(datetime(2026, 11, 24, 9, 5, 7)) == "screenshot-20261124-090507.png"


def test_a_good_file_becomes_a_pending_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    file = validate_path(path)
    assert file == PendingFile(
        path=path, filename="notes.txt", content_type="text/plain", data=None
    )
    assert file.size == 5


def test_forbidden_type_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "report.exe"
    path.write_bytes(b"MZ")
    with pytest.raises(AttachmentError) as caught:
        validate_path(path)
    assert caught.value.message == (
        "report.exe can't be sent: only images, PDF, text and ZIP files are allowed"
    )


def test_oversized_file_is_refused_with_its_size(tmp_path: Path) -> None:
    path = sparse_file(tmp_path / "video.png", 31 * MIB, b"\x89PNG\r\n\x1a\n")
    with pytest.raises(AttachmentError) as caught:
        validate_path(path)
    assert caught.value.message == "video.png is 31 MB; the limit is 25 MB"


def test_exactly_25_mib_is_allowed(tmp_path: Path) -> None:
    path = sparse_file(tmp_path / "dump.zip", MAX_UPLOAD_BYTES, b"PK\x03\x04")
    assert validate_path(path).size == MAX_UPLOAD_BYTES


def test_a_fake_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.png"
    path.write_text("not an image at all")
    with pytest.raises(AttachmentError, match=r"fake\.png is not a valid image"):
        validate_path(path)


def test_a_jpeg_named_png_goes_under_its_real_type(tmp_path: Path) -> None:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path = tmp_path / "looks-like.png"
    assert image.save(str(tmp_path / "real.jpg"))
    (tmp_path / "real.jpg").rename(path)
    assert validate_path(path).content_type == "image/jpeg"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="is a folder"):
        validate_path(tmp_path)


def test_missing_file_is_refused_not_raised(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="can't be read"):
        validate_path(tmp_path / "gone.pdf")


# --- the tray --------------------------------------------------------------------------


@pytest.fixture
def tray(qtbot: Any) -> AttachmentTray:
    widget = AttachmentTray()
    qtbot.addWidget(widget)
    return widget


def test_tray_adds_good_files_and_reports_the_others(
    qtbot: Any, tray: AttachmentTray, tmp_path: Path
) -> None:
    good = png_file(tmp_path / "shot.png")
    bad = tmp_path / "report.exe"
    bad.write_bytes(b"MZ")
    with qtbot.waitSignal(tray.filesChanged):
        errors = tray.add_paths([good, bad])
    assert [f.filename for f in tray.files()] == ["shot.png"]
    assert errors == ["report.exe can't be sent: only images, PDF, text and ZIP files are allowed"]
    assert tray.error_text() == errors[0]
    chip = tray.chips()[0]
    qtbot.waitUntil(chip.has_preview)
    assert chip.detail() == format_size(good.stat().st_size)


def test_tray_attaches_the_same_file_once(tray: AttachmentTray, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x")
    tray.add_paths([path])
    tray.add_paths([path])
    assert len(tray.files()) == 1


def test_pasted_image_becomes_png_bytes(qtbot: Any, tray: AttachmentTray) -> None:
    image = QImage(20, 10, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ff8800"))
    tray.add_image(image, now=datetime(2026, 11, 24, 10, 0, 0))
    assert tray.is_busy()
    qtbot.waitUntil(lambda: not tray.is_busy())
    (file,) = tray.files()
    assert file.filename == "screenshot-20261124-100000.png"
    assert file.path is None and file.content_type == "image/png"
    assert file.data is not None and file.data.startswith(b"\x89PNG")
    decoded = QImage.fromData(file.data)
    assert decoded.size() == image.size()
    assert decoded.pixelColor(5, 5) == QColor("#ff8800")


def test_two_pastes_in_one_second_get_distinct_names(qtbot: Any, tray: AttachmentTray) -> None:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    tray.add_image(image, now=stamp)
    tray.add_image(image, now=stamp)
    qtbot.waitUntil(lambda: len(tray.files()) == 2)
    assert [f.filename for f in tray.files()] == [
        "screenshot-20260102-030405.png",
        "screenshot-20260102-030405-2.png",
    ]


def test_restoring_files_keeps_bytes_and_rechecks_paths(
    qtbot: Any, tray: AttachmentTray, tmp_path: Path
) -> None:
    image = QImage(6, 6, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    pasted = PendingFile(None, "screenshot-1.png", "image/png", encode_png(image))
    kept = tmp_path / "kept.txt"
    kept.write_text("still here")
    gone = PendingFile(tmp_path / "gone.pdf", "gone.pdf", "application/pdf", None)
    errors = tray.add_files([pasted, PendingFile(kept, "kept.txt", "text/plain", None), gone])
    assert [f.filename for f in tray.files()] == ["screenshot-1.png", "kept.txt"]
    assert tray.files()[0].data == pasted.data
    assert len(errors) == 1 and "gone.pdf" in errors[0]
    qtbot.waitUntil(tray.chips()[0].has_preview)


def test_removing_a_chip_drops_its_file(qtbot: Any, tray: AttachmentTray, tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("1")
    second.write_text("2")
    tray.add_paths([first, second])
    with qtbot.waitSignal(tray.filesChanged):
        tray.chips()[0].remove_button.click()
    assert [f.filename for f in tray.files()] == ["two.txt"]

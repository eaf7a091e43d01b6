"""The resources package finds every file it promises, as real files inside itself."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

import desk_resources

PACKAGE = Path(str(files("desk_resources")))


def test_every_file_resolves_inside_the_package() -> None:
    paths = [
        desk_resources.icon_svg(),
        *(desk_resources.icon_png(size) for size in desk_resources.ICON_SIZES),
        desk_resources.sound("urgent"),
        desk_resources.translation("ru"),
    ]
    for path in paths:
        assert path is not None and path.is_file(), path
        assert path.is_relative_to(PACKAGE), path


def test_an_unknown_icon_size_is_refused() -> None:
    with pytest.raises(ValueError, match="no 20 px icon"):
        desk_resources.icon_png(20)


def test_a_language_without_a_catalogue_has_none() -> None:
    assert desk_resources.translation("de") is None
    assert desk_resources.translation("de_DE") is None

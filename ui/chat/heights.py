"""Row heights of the chat list: exact where measured, estimated everywhere else.

The view measures (lays out) only the rows in or near the viewport; the other
rows carry an estimate from ``HeightEstimate``. Tops are prefix sums kept valid
up to the first changed row, so an append touches one entry and a prepend or a
width change one C-level pass (``itertools.accumulate``), never a text layout
per row.
"""

from __future__ import annotations

import bisect
from itertools import accumulate

Parts = tuple[int, float, int]


class RowHeights:
    def __init__(self) -> None:
        self.parts: list[Parts] = []  # width-independent estimate inputs per row
        self.heights: list[int] = []
        self.exact = bytearray()  # 1: heights[i] was measured at the current key
        self.key: tuple[object, ...] | None = None  # (width, generation) the heights are for
        self._tops = [0]
        self._valid = 0  # _tops[0 .. _valid] are right

    def __len__(self) -> int:
        return len(self.heights)

    # --- changes ------------------------------------------------------------------

    def reset(self, parts: list[Parts], heights: list[int]) -> None:
        self.parts = parts
        self.heights = heights
        self.exact = bytearray(len(heights))
        self._invalidate(0)

    def insert(self, first: int, parts: list[Parts], heights: list[int]) -> None:
        self.parts[first:first] = parts
        self.heights[first:first] = heights
        self.exact[first:first] = bytes(len(heights))
        self._invalidate(first)

    def remove(self, first: int, last: int) -> None:
        del self.parts[first : last + 1]
        del self.heights[first : last + 1]
        del self.exact[first : last + 1]
        self._invalidate(first)

    def estimate(self, row: int, parts: Parts, height: int) -> None:
        """The row changed: forget its measurement, keep a new estimate."""
        self.parts[row] = parts
        self.exact[row] = 0
        if self.heights[row] != height:
            self.heights[row] = height
            self._invalidate(row)

    def measured(self, row: int, height: int) -> None:
        self.exact[row] = 1
        if self.heights[row] != height:
            self.heights[row] = height
            self._invalidate(row)

    def _invalidate(self, row: int) -> None:
        self._valid = min(self._valid, row)

    # --- reading --------------------------------------------------------------------

    def _ensure(self) -> None:
        v = self._valid
        if v < len(self.heights):
            del self._tops[v + 1 :]
            sums = accumulate(self.heights[v:], initial=self._tops[v])
            next(sums)
            self._tops.extend(sums)
            self._valid = len(self.heights)
        elif len(self._tops) > len(self.heights) + 1:
            del self._tops[len(self.heights) + 1 :]

    def top(self, row: int) -> int:
        self._ensure()
        return self._tops[row]

    def total(self) -> int:
        self._ensure()
        return self._tops[len(self.heights)]

    def row_at(self, y: int) -> int:
        """The row covering content y (clamped to the first/last row); -1 if empty."""
        if not self.heights:
            return -1
        self._ensure()
        row = bisect.bisect_right(self._tops, y) - 1
        return min(max(row, 0), len(self.heights) - 1)

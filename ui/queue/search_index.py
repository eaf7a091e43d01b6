"""The search box's index: casefolded titles, interned customers and letter signatures.

What a search matches is defined by ``filtering.haystack``: a casefolded substring
of "title, customer name, company". A needle never holds a line break (``Query``
collapses whitespace), so matching the whole haystack is matching any one part:

- Customers repeat (thousands of them under a million tickets), so each distinct
  customer text is casefolded and searched once and its hits spread to tickets by a
  code array.
- Titles are mostly unique. Each one also gets a 128-bit *signature*: which letters
  it holds (a-z, digits, Cyrillic and space have a bit each, other characters share
  the rest). A ticket can only match if it has every letter of the needle, so one
  numpy test discards most titles before any Python ``in``; a one-letter needle with
  its own bit needs no scan at all. Typing more letters scans only the last hits.

Casefolding costs ~0.5 µs a ticket, so the index is built in slices from idle time
after a load (``build_some``) and finished on demand by the first search.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, contains

import numpy as np

from desk.domain import Ticket

from .filtering import Query
from .keys import TicketKeys

_LETTER_WORDS = 2  # uint64 words of the letter part of a signature
_PAIR_WORDS = 4  # uint64 words of the letter-pair part
_WORDS = _LETTER_WORDS + _PAIR_WORDS
_OWN_BITS = 70  # a-z, 0-9, а-я, ё and space have a bit each; the rest share the others
_SHARED_BITS = 64 * _LETTER_WORDS - _OWN_BITS
_PAIR_BITS = 64 * _PAIR_WORDS
CHUNK = 2048  # titles per numpy pass when building (its scratch stays in cache)
_BMP = 0x10000  # code points above share the last entry of the tables


def _letter_bits() -> np.ndarray:
    table = (_OWN_BITS + np.arange(_BMP) % _SHARED_BITS).astype(np.int16)
    own = "abcdefghijklmnopqrstuvwxyz0123456789абвгдежзийклмнопрстуфхцчшщъыьэюяё "
    assert len(own) == _OWN_BITS
    table[[ord(c) for c in own]] = np.arange(_OWN_BITS)
    table[0] = -1  # the separator between titles sets no bit
    return table


_LETTER_BIT = _letter_bits()
_ONE = np.uint64(1)
_CUSTOMER_KEY = attrgetter("customer.name", "customer.company")


def _codes(text: str) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    return np.minimum(codes, _BMP - 1)


def _bit_numbers(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signature bit number (0..383; -1: none) of each character and of the pair it
    starts, for ``codes`` of texts joined by NUL separators."""
    letters = _LETTER_BIT[codes]
    first, second = codes[:-1], codes[1:]
    pairs = np.full(len(codes), -1, np.int16)  # the last character starts no pair
    mixed = (first * np.uint32(40_503) + second) & np.uint32(_PAIR_BITS - 1)  # wraps: fine
    pairs[:-1] = mixed.astype(np.int16) + 64 * _LETTER_WORDS
    pairs[:-1][(first == 0) | (second == 0)] = -1  # no pair across a separator
    return letters, pairs


def signatures(texts: Sequence[str]) -> np.ndarray:
    """(6, len(texts)) uint64: which letters (words 0-1) and letter pairs (2-5) every
    text holds."""
    if not texts:
        return np.zeros((_WORDS, 0), np.uint64)
    codes = _codes("\0".join(texts) + "\0")  # each text ends with a separator: none is empty
    lengths = np.fromiter(map(len, texts), np.int64, len(texts)) + 1
    starts = np.zeros(len(texts), np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    # One row per character, one column per word (and a last one for "no bit"): each
    # character sets its letter bit and its pair bit, then rows OR-reduce per text.
    spread = np.zeros((len(codes), _WORDS + 1), np.uint64)
    rows = np.arange(len(codes))
    for bits in _bit_numbers(codes):
        column = np.where(bits >= 0, bits >> 6, _WORDS)
        spread[rows, column] = np.left_shift(_ONE, (bits & 63).astype(np.uint64))
    reduced = np.bitwise_or.reduceat(spread, starts, axis=0)
    return np.ascontiguousarray(reduced[:, :_WORDS].T)


def needle_signature(needle: str) -> tuple[np.ndarray, bool]:
    """The needle's required signature, and whether testing it alone is exact
    (a single character with a bit of its own)."""
    required = signatures([needle])[:, 0]
    exact = len(needle) == 1 and 0 <= int(_LETTER_BIT[min(ord(needle), _BMP - 1)]) < _OWN_BITS
    return required, exact


def _customer_text(name: str, company: str | None) -> str:
    return f"{name}\n{company or ''}".casefold()


class _Codes(dict[tuple[str, str | None], int]):
    """(name, company) -> index into ``texts``, adding unseen customers as it is read."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self._texts = texts

    def __missing__(self, key: tuple[str, str | None]) -> int:
        code = self[key] = len(self._texts)
        self._texts.append(_customer_text(*key))
        return code


class SearchIndex:
    """Search text per slot (columnar), and the last text search for narrowing."""

    def __init__(self, keys: TicketKeys) -> None:
        self._keys = keys
        self._built = 0
        self._signature = np.zeros((_WORDS, 0), np.uint64)  # one row per word
        self._customer_code = np.zeros(0, np.int32)  # slot -> index into _customers
        self._customers: list[str] = []  # distinct casefolded "name\ncompany"
        self._customer_of = _Codes(self._customers)
        self._needle: str | None = None
        self._title_hits = np.zeros(0, np.bool_)  # title matches of _needle, per slot
        self._hits = np.zeros(0, np.bool_)  # all matches of _needle, per slot

    @property
    def complete(self) -> bool:
        return self._built == len(self._keys)

    def build_some(self, count: int) -> bool:
        """Build up to ``count`` more slots; True when everything is built."""
        n = len(self._keys)
        end = min(n, self._built + count)
        while self._built < end:  # in chunks: the numpy temporaries stay small
            self._build(self._built, min(end, self._built + CHUNK))
        return self.complete

    def _build(self, start: int, stop: int) -> None:
        if len(self._customer_code) < len(self._keys):  # grow once, fill in slices
            self._grow(len(self._keys))
        keys = self._keys
        keys.fold_titles(stop)
        tickets = keys.tickets[start:stop]
        titles = keys.folded_titles[start:stop].tolist()
        self._signature[:, start:stop] = signatures(titles)
        self._customer_code[start:stop] = self._customer_codes(tickets)
        self._built = stop

    def _grow(self, n: int) -> None:
        extra = n - len(self._customer_code)
        more = np.zeros((_WORDS, extra), np.uint64)
        self._signature = np.concatenate([self._signature, more], axis=1)
        self._customer_code = np.concatenate([self._customer_code, np.zeros(extra, np.int32)])

    def _customer_codes(self, tickets: Sequence[Ticket]) -> np.ndarray:
        codes = self._customer_of
        return np.fromiter(
            map(codes.__getitem__, map(_CUSTOMER_KEY, tickets)), np.int32, len(tickets)
        )

    def _ensure(self) -> None:
        self.build_some(len(self._keys))

    def match(self, query: Query) -> np.ndarray | None:
        """Slots matching ``query`` as a bool mask; None when the query is empty."""
        if query.empty:
            return None
        mask = np.zeros(len(self._keys), np.bool_)
        if query.needle is not None:
            mask |= self._text_hits(query.needle)
        if query.ticket_id is not None:
            mask |= self._keys.ids == query.ticket_id
        return mask

    def _text_hits(self, needle: str) -> np.ndarray:
        self._ensure()
        n = self._built
        previous = self._needle
        if previous == needle and len(self._hits) == n:
            return self._hits
        required, exact = needle_signature(needle)
        candidates = self._has_letters(required)
        if not exact:
            if previous is not None and previous in needle and len(self._title_hits) == n:
                candidates &= self._title_hits  # a longer text only matches where the shorter did
            slots = np.flatnonzero(candidates)
            texts = self._keys.folded_titles[slots]
            found = np.fromiter(map(contains, texts, repeat(needle)), np.bool_, len(slots))
            candidates = np.zeros(n, np.bool_)
            candidates[slots[found]] = True
        customers = np.fromiter(
            map(contains, self._customers, repeat(needle)), np.bool_, len(self._customers)
        )
        hits = candidates.copy()
        if customers.any():
            hits |= customers[self._customer_code]
        self._needle, self._title_hits, self._hits = needle, candidates, hits
        return hits

    def _has_letters(self, required: np.ndarray) -> np.ndarray:
        """Slots whose title holds every letter bit in ``required``."""
        result = np.ones(self._built, np.bool_)
        for word in range(_WORDS):
            need = required[word]
            if need:
                column = self._signature[word]
                result &= (column & need) == need
        return result

    def refresh(self, slots: Sequence[int]) -> None:
        """Tickets in ``slots`` changed or were appended: rebuild their text and hits."""
        tickets = self._keys.tickets
        built = self._built
        old = [s for s in slots if s < built]
        if old:
            changed = [tickets[s] for s in old]
            titles = self._keys.folded_titles[old].tolist()  # set_row folded them
            self._signature[:, old] = signatures(titles)
            self._customer_code[old] = self._customer_codes(changed)
        needle = self._needle
        if needle is None or len(self._hits) != built:
            self._needle = None  # nothing cached to keep consistent
            return
        if len(self._keys) > built:
            self._ensure()
            extra = np.zeros(len(self._keys) - built, np.bool_)
            self._title_hits = np.concatenate([self._title_hits, extra])
            self._hits = np.concatenate([self._hits, extra])
        for slot in slots:
            in_title = needle in self._keys.folded_titles[slot]
            self._title_hits[slot] = in_title
            customer = self._customers[self._customer_code[slot]]
            self._hits[slot] = in_title or needle in customer

"""Canned replies (macros): filling their placeholders and finding one as the agent types.

Bodies may hold ``{{customer.name}}``, ``{{agent.name}}`` and ``{{ticket.id}}`` (the
contract's three) plus ``{{customer.first_name}}`` and ``{{agent.first_name}}``. The
client fills them; anything else between double braces is left exactly as written
and reported, so an admin's typo shows up instead of silently vanishing.

:class:`MacroLibrary` caches the team's macros (loaded through an async function,
usually ``ApiClient.list_macros``) and filters them for the picker: case-insensitive
for Cyrillic too, ``ё`` equal to ``е``, every word of the query must match the title
or the body, titles that start with the query first. Qt-free.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

from desk.client.api.wire import Macro
from desk.domain import User

__all__ = [
    "BODY_MAX",
    "PLACEHOLDERS",
    "TITLE_MAX",
    "Filled",
    "Macro",
    "MacroContext",
    "MacroLibrary",
    "fill",
    "fill_for",
    "fill_placeholders",
    "normalize",
    "swap_layout",
    "unknown_placeholders",
]

# The server's limits (desk/server/schemas.py: Title, Body); the UI validates against them.
TITLE_MAX = 200
BODY_MAX = 20_000

PLACEHOLDERS: tuple[str, ...] = (
    "customer.name",
    "customer.first_name",
    "agent.name",
    "agent.first_name",
    "ticket.id",
)

# Anything between double braces on one line; the name is checked afterwards, so
# "{{ customer.nmae }}" is reported rather than ignored. Single pass: a filled value
# that itself looks like a placeholder (a customer named "{{agent.name}}") stays literal.
_PLACEHOLDER = re.compile(r"\{\{([^{}\n]{0,80})\}\}")


@dataclass(frozen=True)
class MacroContext:
    """Who and what a macro is being filled for."""

    customer: User
    agent: User
    ticket_id: int


@dataclass(frozen=True)
class Filled:
    text: str
    unknown: tuple[str, ...]  # placeholder names left as written, in order, no repeats


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else name


def _values(customer: User, agent: User, ticket_id: int) -> dict[str, str]:
    return {
        "customer.name": customer.name,
        "customer.first_name": _first_name(customer.name),
        "agent.name": agent.name,
        "agent.first_name": _first_name(agent.name),
        "ticket.id": str(ticket_id),
    }


def _key(raw: str) -> str:
    return "".join(raw.split()).lower()  # "{{ Customer . Name }}" is still customer.name


def fill(body: str, *, customer: User, agent: User, ticket_id: int) -> Filled:
    """The body with known placeholders filled; unknown ones left as-is and listed."""
    values = _values(customer, agent, ticket_id)
    unknown: list[str] = []

    def replace(match: re.Match[str]) -> str:
        key = _key(match.group(1))
        value = values.get(key)
        if value is None:
            name = match.group(1).strip()
            if name not in unknown:
                unknown.append(name)
            return match.group(0)
        return value

    return Filled(_PLACEHOLDER.sub(replace, body), tuple(unknown))


def fill_placeholders(body: str, *, customer: User, agent: User, ticket_id: int) -> str:
    """The body with ``{{customer.name}}``, ``{{agent.name}}``, ``{{ticket.id}}`` filled."""
    return fill(body, customer=customer, agent=agent, ticket_id=ticket_id).text


def fill_for(body: str, context: MacroContext) -> Filled:
    return fill(body, customer=context.customer, agent=context.agent, ticket_id=context.ticket_id)


def unknown_placeholders(body: str) -> tuple[str, ...]:
    """Placeholder-shaped names in ``body`` the client will not fill (for editors)."""
    found: list[str] = []
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if _key(name) not in PLACEHOLDERS and name not in found:
            found.append(name)
    return tuple(found)


# --- searching -----------------------------------------------------------------

_WORD = re.compile(r"\w+")
# The same keys on a US and a Russian keyboard: "ghbdtn" typed in the wrong layout
# is "привет". Tried only when the query as typed finds nothing.
_LATIN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,."
_CYRILLIC = "ёйцукенгшщзхъфывапролджэячсмитьбю"
_LAYOUT = str.maketrans(_LATIN + _CYRILLIC, _CYRILLIC + _LATIN)


def normalize(text: str) -> str:
    """Case-folded, ``ё`` as ``е``, whitespace collapsed: the form both sides compare in."""
    return " ".join(text.casefold().replace("ё", "е").split())


def swap_layout(text: str) -> str:
    return text.translate(_LAYOUT)


@dataclass(frozen=True)
class _Entry:
    macro: Macro
    title: str
    words: tuple[str, ...]
    body: str
    sort_key: tuple[str, int]


def _entry(macro: Macro) -> _Entry:
    title = normalize(macro.title)
    return _Entry(
        macro, title, tuple(_WORD.findall(title)), normalize(macro.body), (title, macro.id)
    )


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(c in chars for c in needle)


def _rank(entry: _Entry, query: str, tokens: Sequence[str]) -> int | None:
    """Lower is better; None when the macro does not match at all."""
    if entry.title.startswith(query):
        return 0
    if all(any(w.startswith(t) for w in entry.words) for t in tokens):
        return 1  # every query word begins a title word: "ref pol" -> "Refund policy"
    if all(t in entry.title for t in tokens):
        return 2
    if all(t in entry.title or t in entry.body for t in tokens):
        return 3
    compact = query.replace(" ", "")
    if len(compact) >= 3 and _is_subsequence(compact, entry.title.replace(" ", "")):
        return 4  # letters in order, for quick abbreviations: "rfnd" -> "Refund"
    return None


Loader = Callable[[], Awaitable[Sequence[Macro]]]
Listener = Callable[[], None]


class MacroLibrary:
    """The team's macros, cached, with a filter; ``refresh`` reloads through ``loader``.

    Listeners are called (without arguments) whenever the list changes. Concurrent
    ``refresh`` calls share one load. A failed load keeps the previous list.
    """

    def __init__(
        self,
        loader: Loader | None = None,
        macros: Iterable[Macro] = (),
        *,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._loader = loader
        self._max_age, self._clock = max_age, clock
        self._entries: list[_Entry] = []
        self._loaded_at: float | None = None
        self._inflight: asyncio.Future[tuple[Macro, ...]] | None = None
        self._listeners: list[Listener] = []
        self.last_error: BaseException | None = None
        initial = list(macros)
        if initial:
            self.set_macros(initial)

    # --- the list --------------------------------------------------------------------

    @property
    def macros(self) -> tuple[Macro, ...]:
        """Every macro, ordered by title."""
        return tuple(e.macro for e in self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, macro_id: int) -> Macro | None:
        return next((e.macro for e in self._entries if e.macro.id == macro_id), None)

    @property
    def loaded(self) -> bool:
        return self._loaded_at is not None

    @property
    def loading(self) -> bool:
        return self._inflight is not None

    def is_stale(self) -> bool:
        return self._loaded_at is None or self._clock() - self._loaded_at >= self._max_age

    def set_macros(self, macros: Iterable[Macro]) -> None:
        self._entries = sorted((_entry(m) for m in macros), key=lambda e: e.sort_key)
        self._loaded_at = self._clock()
        self._notify()

    def upsert(self, macro: Macro) -> None:
        """Take in a macro just created or edited (the dialog's answer from the server)."""
        others = [e.macro for e in self._entries if e.macro.id != macro.id]
        self._replace([*others, macro])

    def remove(self, macro_id: int) -> None:
        self._replace([e.macro for e in self._entries if e.macro.id != macro_id])

    def _replace(self, macros: list[Macro]) -> None:
        # A local edit does not make the cache fresh: keep the load time as it was.
        self._entries = sorted((_entry(m) for m in macros), key=lambda e: e.sort_key)
        self._notify()

    # --- loading ---------------------------------------------------------------------

    async def refresh(self) -> tuple[Macro, ...]:
        """Reload from the server; callers arriving during a load wait for that one."""
        if self._loader is None:
            return self.macros
        if self._inflight is None:
            self._inflight = asyncio.ensure_future(self._load())
        return await asyncio.shield(self._inflight)

    async def ensure_fresh(self) -> tuple[Macro, ...]:
        """Reload only when never loaded or older than ``max_age``."""
        if self.is_stale() or self.loading:
            return await self.refresh()
        return self.macros

    async def _load(self) -> tuple[Macro, ...]:
        assert self._loader is not None
        try:
            macros = list(await self._loader())
        except BaseException as exc:
            self.last_error = exc
            raise
        finally:
            self._inflight = None
        self.last_error = None
        self.set_macros(macros)
        return self.macros

    # --- listeners ------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Returns a function that removes the listener again."""
        self._listeners.append(listener)

        def remove() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return remove

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- filtering ------------------------------------------------------------------

    def filter(self, query: str, limit: int | None = None) -> list[Macro]:
        """Matching macros, best first: title prefix, title words, title, body, letters."""
        found = self._search(normalize(query))
        if not found and query.strip():
            swapped = normalize(swap_layout(query))
            if swapped != normalize(query):
                found = self._search(swapped)
        return found if limit is None else found[:limit]

    def _search(self, query: str) -> list[Macro]:
        if not query:
            return list(self.macros)
        tokens = query.split()
        ranked: list[tuple[int, tuple[str, int], Macro]] = []
        for entry in self._entries:
            rank = _rank(entry, query, tokens)
            if rank is not None:
                ranked.append((rank, entry.sort_key, entry.macro))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [macro for _rank_, _key_, macro in ranked]

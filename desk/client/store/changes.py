"""What a store mutation changed, by id: listeners re-read only that."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _freeze(messages: Mapping[int, Iterable[int]]) -> Mapping[int, frozenset[int]]:
    return MappingProxyType({tid: frozenset(ids) for tid, ids in messages.items() if ids})


@dataclass(frozen=True, slots=True)
class Changes:
    """Ids touched by one store operation.

    ``tickets``: tickets whose stored row (or effective unread count) changed.
    ``messages``: ticket id -> ids of messages inserted or replaced.
    ``outbox``: ticket ids whose outbox entries changed (added, state, body, removed).
    ``drafts``: ticket ids whose draft was saved or deleted.
    """

    tickets: frozenset[int] = frozenset()
    messages: Mapping[int, frozenset[int]] = field(default_factory=lambda: _freeze({}))
    outbox: frozenset[int] = frozenset()
    drafts: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        tickets: Iterable[int] = (),
        messages: Mapping[int, Iterable[int]] | None = None,
        outbox: Iterable[int] = (),
        drafts: Iterable[int] = (),
    ) -> Changes:
        return cls(
            tickets=frozenset(tickets),
            messages=_freeze(messages or {}),
            outbox=frozenset(outbox),
            drafts=frozenset(drafts),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.tickets or self.messages or self.outbox or self.drafts)

    def merge(self, other: Changes) -> Changes:
        merged: dict[int, set[int]] = {tid: set(ids) for tid, ids in self.messages.items()}
        for tid, ids in other.messages.items():
            merged.setdefault(tid, set()).update(ids)
        return Changes.of(
            tickets=self.tickets | other.tickets,
            messages=merged,
            outbox=self.outbox | other.outbox,
            drafts=self.drafts | other.drafts,
        )

    def __bool__(self) -> bool:
        return not self.is_empty


EMPTY = Changes()

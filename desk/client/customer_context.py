"""What the side panel shows beside a conversation: who the customer is and what else
is going on with them (their other tickets, links and files in this thread).

    tracker = CustomerContextTracker(store)
    tracker.use_tickets(tickets)       # the list the queue loaded at start (else lazy)
    context = tracker.open(ticket)     # on selection
    newer = tracker.refresh(changes)   # on every store Changes; None when nothing moved

Finding a customer's tickets among 100k cached ones must not walk every ticket object
on every message, so ``CustomerIndex`` keeps customer id -> ticket ids. A ticket's
customer never changes (the API has no way to), so a change to a known ticket cannot
move it between customers: only unseen ticket ids have to be read to learn their owner.
Qt-free; the UI formats and translates what this returns.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol
from urllib.parse import unquote, urlsplit

from desk.client.links import LinkKind, find_links
from desk.client.store import Changes
from desk.domain import Attachment, Message, Ticket, User, WaitingOn

OTHER_TICKETS_LIMIT = 20
# How much of a thread is searched for links and files (newest messages first).
THREAD_SCAN_LIMIT = 2000
CONVERSATION_HOSTS = frozenset({"app.aitextura.com"})
LABEL_MAX = 38


class ContextStore(Protocol):
    """The part of ``desk.client.store.Store`` this module reads."""

    def load_tickets(self) -> list[Ticket]: ...
    def tickets_by_id(self, ticket_ids: Iterable[int]) -> dict[int, Ticket]: ...
    def messages(
        self, ticket_id: int, limit: int = ..., before_id: int | None = ...
    ) -> list[Message]: ...
    def messages_by_id(self, message_ids: Iterable[int]) -> dict[int, Message]: ...


class ThreadLinkKind(enum.StrEnum):
    CONVERSATION = "conversation"  # a chat on the platform: app.aitextura.com/chats/<id>
    WEB = "web"


@dataclass(frozen=True, slots=True)
class ThreadLink:
    url: str
    kind: ThreadLinkKind
    label: str  # "docs.example.com/api/…/limits"; "Conversation 111155" (the UI translates)
    conversation_id: str | None
    message_id: int  # the newest message that mentions it
    at: datetime


@dataclass(frozen=True, slots=True)
class ThreadFile:
    attachment: Attachment
    message_id: int
    at: datetime


@dataclass(frozen=True, slots=True)
class OtherTickets:
    shown: tuple[Ticket, ...]  # open ones first (team owes first), then done, newest first
    more: int  # how many did not fit the limit
    open_count: int  # of all other tickets, not only the shown ones

    @property
    def total(self) -> int:
        return len(self.shown) + self.more


@dataclass(frozen=True, slots=True)
class CustomerContext:
    ticket: Ticket  # the open ticket as last stored
    tickets: OtherTickets  # the customer's other tickets
    links: tuple[ThreadLink, ...]  # deduplicated, newest mention first
    attachments: tuple[ThreadFile, ...]  # newest first

    @property
    def ticket_id(self) -> int:
        return self.ticket.id

    @property
    def customer(self) -> User:
        return self.ticket.customer

    @property
    def images(self) -> tuple[ThreadFile, ...]:
        return tuple(f for f in self.attachments if f.attachment.is_image)

    @property
    def files(self) -> tuple[ThreadFile, ...]:
        return tuple(f for f in self.attachments if not f.attachment.is_image)


# --- the customer index ------------------------------------------------------------------


class CustomerIndex:
    """customer id -> ids of their tickets, kept current from store ``Changes``."""

    def __init__(self) -> None:
        self._owner: dict[int, int] = {}
        self._by_customer: dict[int, set[int]] = {}
        self._unseen: set[int] = set()

    @classmethod
    def from_tickets(cls, tickets: Iterable[Ticket]) -> CustomerIndex:
        index = cls()
        index.add(tickets)
        return index

    def __len__(self) -> int:
        return len(self._owner)

    def add(self, tickets: Iterable[Ticket]) -> None:
        owner, by_customer = self._owner, self._by_customer
        for ticket in tickets:
            tid, cid = ticket.id, ticket.customer.id
            old = owner.get(tid)
            if old == cid:
                continue
            if old is not None:
                self._by_customer[old].discard(tid)
            owner[tid] = cid
            ids = by_customer.get(cid)
            if ids is None:
                by_customer[cid] = {tid}
            else:
                ids.add(tid)

    def discard(self, ticket_ids: Iterable[int]) -> None:
        for tid in ticket_ids:
            cid = self._owner.pop(tid, None)
            if cid is not None:
                self._by_customer[cid].discard(tid)
            self._unseen.discard(tid)

    def note_changes(self, changes: Changes) -> None:
        """Remember ticket ids never seen; cheap (no reads), so it can run on every change."""
        owner = self._owner
        self._unseen.update(tid for tid in changes.tickets if tid not in owner)

    @property
    def unseen_count(self) -> int:
        return len(self._unseen)

    def resolve(self, store: ContextStore) -> set[int]:
        """Read the unseen tickets to learn their customers; returns those customer ids."""
        unseen = [tid for tid in self._unseen if tid not in self._owner]
        self._unseen.clear()
        if not unseen:
            return set()
        found = store.tickets_by_id(unseen)
        self.add(found.values())
        return {t.customer.id for t in found.values()}

    def ticket_ids(self, customer_id: int) -> frozenset[int]:
        return frozenset(self._by_customer.get(customer_id, ()))

    def customer_of(self, ticket_id: int) -> int | None:
        return self._owner.get(ticket_id)


# --- ordering ------------------------------------------------------------------------------


def last_activity(ticket: Ticket) -> datetime:
    return ticket.last_message_at or ticket.updated_at


def other_tickets_order(ticket: Ticket) -> tuple[int, float, int]:
    """Open first (the team owes a reply first, then by last activity); done newest first."""
    if ticket.is_done:
        closed = ticket.closed_at or last_activity(ticket)
        return (2, -closed.timestamp(), -ticket.id)
    group = 0 if ticket.waiting_on is WaitingOn.TEAM else 1
    return (group, -last_activity(ticket).timestamp(), -ticket.id)


def summarize_tickets(tickets: Iterable[Ticket], limit: int = OTHER_TICKETS_LIMIT) -> OtherTickets:
    ordered = sorted(tickets, key=other_tickets_order)
    open_count = sum(1 for t in ordered if not t.is_done)
    return OtherTickets(tuple(ordered[:limit]), max(0, len(ordered) - limit), open_count)


# --- links --------------------------------------------------------------------------------


def label_variants(url: str) -> tuple[str, ...]:
    """Ways to write a web link as host and path, longest first.

    ``docs.example.com/api/v2/limits``, ``docs.example.com/api/…/limits``,
    ``docs.example.com/…/limits``: a narrow view takes the first that fits.
    """
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in unquote(parts.path).split("/") if s]
    out = ["/".join([host, *segments])]
    if len(segments) > 2:
        out.append(f"{host}/{segments[0]}/…/{segments[-1]}")
    if len(segments) > 1:
        out.append(f"{host}/…/{segments[-1]}")
    return tuple(out)


def _shorten(url: str, limit: int) -> str:
    variants = label_variants(url)
    for label in variants:
        if len(label) <= limit:
            return label
    return variants[0][: limit - 1] + "…"


def describe_url(
    url: str, hosts: Collection[str] = CONVERSATION_HOSTS, limit: int = LABEL_MAX
) -> tuple[ThreadLinkKind, str, str | None, str]:
    """(kind, label, conversation id, dedup key) of an http(s) URL from ``find_links``."""
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    path = parts.path
    if (parts.hostname or "") in hosts and path.startswith("/chats/"):
        conversation = unquote(path[len("/chats/") :].split("/", 1)[0])
        if conversation:
            key = f"conversation:{parts.hostname}/{conversation}"
            return ThreadLinkKind.CONVERSATION, f"Conversation {conversation}", conversation, key
    label = _shorten(url, limit)
    tail = path.rstrip("/")
    key = netloc + tail + (f"?{parts.query}" if parts.query else "")
    key += f"#{parts.fragment}" if parts.fragment else ""
    return ThreadLinkKind.WEB, label, None, key


_Described = tuple[str, ThreadLinkKind, str, str | None, str]  # url, kind, label, id, key
_Part = tuple[tuple[datetime, int], list[_Described], list[Attachment]]


class _Thread:
    """What each message of the open thread contributes, so a new message costs one parse."""

    def __init__(self, hosts: Collection[str]) -> None:
        self._hosts = hosts
        self._parts: dict[int, _Part] = {}

    def put(self, messages: Iterable[Message]) -> None:
        for m in messages:
            # Most messages hold no URL; a substring test is far cheaper than the parser.
            spans = find_links(m.body) if "://" in m.body else []
            links = [
                (s.target, *describe_url(s.target, self._hosts))
                for s in spans
                if s.kind is LinkKind.URL
            ]
            self._parts[m.id] = ((m.created_at, m.id), links, list(m.attachments))

    def drop(self, message_ids: Iterable[int]) -> None:
        for mid in message_ids:
            self._parts.pop(mid, None)

    def _newest_first(self) -> list[_Part]:
        return sorted(self._parts.values(), key=lambda p: p[0], reverse=True)

    def links(self) -> tuple[ThreadLink, ...]:
        seen: set[str] = set()
        out: list[ThreadLink] = []
        for (at, mid), links, _files in self._newest_first():
            for url, kind, label, conversation, key in links:
                if key not in seen:
                    seen.add(key)
                    out.append(ThreadLink(url, kind, label, conversation, mid, at))
        return tuple(out)

    def attachments(self) -> tuple[ThreadFile, ...]:
        seen: set[int] = set()
        out: list[ThreadFile] = []
        for (at, mid), _links, files in self._newest_first():
            for a in files:
                if a.id not in seen:
                    seen.add(a.id)
                    out.append(ThreadFile(a, mid, at))
        return tuple(out)


# --- the tracker --------------------------------------------------------------------------


class CustomerContextTracker:
    """Computes the context of the open ticket and keeps it current from ``Changes``."""

    def __init__(
        self,
        store: ContextStore,
        *,
        index: CustomerIndex | None = None,
        limit: int = OTHER_TICKETS_LIMIT,
        conversation_hosts: Collection[str] = CONVERSATION_HOSTS,
        thread_limit: int = THREAD_SCAN_LIMIT,
    ) -> None:
        self._store = store
        self._index = index if index is not None else CustomerIndex()
        self._built = index is not None
        self._limit = limit
        self._hosts = frozenset(h.lower() for h in conversation_hosts)
        self._thread_limit = thread_limit
        self._thread = _Thread(self._hosts)
        self._context: CustomerContext | None = None

    @property
    def context(self) -> CustomerContext | None:
        return self._context

    @property
    def index(self) -> CustomerIndex:
        """Built from ``store.load_tickets()`` on first use unless ``use_tickets`` ran."""
        if not self._built:
            self.use_tickets(self._store.load_tickets())
        return self._index

    def use_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Fill the index from tickets already loaded (say, by the queue at start).

        Changes noted before stay noted: the ids they name that these tickets do not
        cover are read on the next use.
        """
        self._index.add(tickets)
        self._built = True

    def open(self, ticket: Ticket | None) -> CustomerContext | None:
        """The context of ``ticket`` (None: nothing open)."""
        self._thread = _Thread(self._hosts)
        if ticket is None:
            self._context = None
            return None
        index = self.index
        index.add([ticket])
        index.resolve(self._store)
        self._thread.put(self._store.messages(ticket.id, limit=self._thread_limit))
        current, tickets = self._ticket_and_others(ticket)
        self._context = CustomerContext(
            current, tickets, self._thread.links(), self._thread.attachments()
        )
        return self._context

    def refresh(self, changes: Changes) -> CustomerContext | None:
        """Apply one store change; the new context if anything shown moved, else None.

        Call it for every change, also while nothing is open: that only notes unseen
        ticket ids (no reads), so the index never misses a new ticket.
        """
        self._index.note_changes(changes)
        context = self._context
        if context is None:
            return None
        index = self.index
        customer_id = context.customer.id
        grown = customer_id in index.resolve(self._store)
        new = context
        if grown or not changes.tickets.isdisjoint(index.ticket_ids(customer_id)):
            current, tickets = self._ticket_and_others(context.ticket)
            new = replace(new, ticket=current, tickets=tickets)
        message_ids = changes.messages.get(context.ticket_id)
        if message_ids:
            found = self._store.messages_by_id(message_ids)
            self._thread.drop(message_ids - found.keys())
            self._thread.put(m for m in found.values() if m.ticket_id == context.ticket_id)
            new = replace(new, links=self._thread.links(), attachments=self._thread.attachments())
        if new == context:
            return None
        self._context = new
        return new

    def _ticket_and_others(self, ticket: Ticket) -> tuple[Ticket, OtherTickets]:
        """The open ticket as stored now (or as given, if gone) and the customer's others."""
        index = self.index
        ids = index.ticket_ids(ticket.customer.id) | {ticket.id}
        found = self._store.tickets_by_id(ids)
        index.discard(ids - found.keys() - {ticket.id})  # gone from the cache (reset)
        current = found.pop(ticket.id, ticket)
        # The API cannot move a ticket to another customer; should a server do it anyway,
        # the ticket leaves this list and the index learns its new owner.
        index.add(found.values())
        mine = [t for t in found.values() if t.customer.id == current.customer.id]
        return current, summarize_tickets(mine, self._limit)

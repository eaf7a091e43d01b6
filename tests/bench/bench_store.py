"""Store benchmark: bulk upsert, full load and delta upsert of 100k tickets.

Run: ``python -m tests.bench.bench_store [N]``. Prints milliseconds and compares the
stored layout (one msgspec JSON blob per row, decoded as one joined array) with the
alternatives tried: per-row JSON decode, SQL ``group_concat``, msgpack blobs.
Figures vary by machine; read the ratios.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec

from desk.client.store import Store
from desk.domain import Ticket
from tests.helpers.messages import thread
from tests.helpers.tickets import synthetic_tickets

T = TypeVar("T")
ROW_BY_ROW = "json: row-by-row execute, one transaction"


def timed(label: str, fn: Callable[[], T], results: dict[str, float], repeat: int = 1) -> T:
    """Run ``fn`` (best of ``repeat`` for read-only work) and print milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    results[label] = best
    note = f"  (best of {repeat})" if repeat > 1 else ""
    print(f"  {label:<52} {best:9.1f} ms{note}")
    return value


def raw_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL)"
    )
    return conn


def bulk_insert(conn: sqlite3.Connection, rows: list[tuple[int, int, bytes]]) -> None:
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")


def alternatives(tickets: list[Ticket], tmp: Path, r: dict[str, float]) -> None:
    print("Alternatives (raw sqlite3, same pragmas):")
    json_rows = [(t.id, t.seq, msgspec.json.encode(t)) for t in tickets]
    pack_rows = [(t.id, t.seq, msgspec.msgpack.encode(t)) for t in tickets]
    print(
        f"  avg blob: json {sum(len(x[2]) for x in json_rows) / len(tickets):.0f} B,"
        f" msgpack {sum(len(x[2]) for x in pack_rows) / len(tickets):.0f} B"
    )
    one_json = msgspec.json.Decoder(Ticket)
    list_json = msgspec.json.Decoder(list[Ticket])
    one_pack = msgspec.msgpack.Decoder(Ticket)
    list_pack = msgspec.msgpack.Decoder(list[Ticket])

    conn = raw_connection(tmp / "json.sqlite3")
    timed(ROW_BY_ROW, lambda: _per_row(conn, json_rows), r)
    conn.execute("DELETE FROM t")
    timed("json: executemany, one transaction", lambda: bulk_insert(conn, json_rows), r)

    def fetch() -> list[bytes]:
        return [row[0] for row in conn.execute("SELECT data FROM t ORDER BY id DESC")]

    timed("json: fetch blobs only (no decode)", fetch, r, 3)
    timed("json: decode per row", lambda: [one_json.decode(b) for b in fetch()], r, 3)
    timed(
        "json: join in Python, one list decode",
        lambda: list_json.decode(b"[" + b",".join(fetch()) + b"]"),
        r,
        3,
    )

    def group_concat() -> list[Ticket]:
        (text,) = conn.execute(
            "SELECT '[' || group_concat(data, ',') || ']'"
            " FROM (SELECT data FROM t ORDER BY id DESC)"
        ).fetchone()
        return list_json.decode(text)

    timed("json: SQL group_concat, one list decode", group_concat, r, 3)
    conn.close()

    conn = raw_connection(tmp / "pack.sqlite3")
    timed("msgpack: executemany, one transaction", lambda: bulk_insert(conn, pack_rows), r)

    def fetch_pack() -> list[bytes]:
        return [row[0] for row in conn.execute("SELECT data FROM t ORDER BY id DESC")]

    timed("msgpack: decode per row", lambda: [one_pack.decode(b) for b in fetch_pack()], r, 3)

    def joined_pack() -> list[Ticket]:
        blobs = fetch_pack()
        header = b"\xdd" + len(blobs).to_bytes(4, "big")  # array32
        return list_pack.decode(header + b"".join(blobs))

    timed("msgpack: join with array header, one list decode", joined_pack, r, 3)
    conn.close()


def _per_row(conn: sqlite3.Connection, rows: list[tuple[int, int, bytes]]) -> None:
    conn.execute("BEGIN")
    for row in rows:
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", row)
    conn.execute("COMMIT")


def store_figures(tickets: list[Ticket], tmp: Path, r: dict[str, float]) -> None:
    n = len(tickets)
    print(f"Store ({n} tickets):")
    store = Store(tmp / "store.sqlite3")
    changes = timed(
        f"upsert_tickets {n} into an empty cache", lambda: store.upsert_tickets(tickets), r
    )
    assert len(changes.tickets) == n
    loaded = timed(f"load_tickets {n}", store.load_tickets, r, 3)
    assert len(loaded) == n and loaded[0] == tickets[-1]
    ticket = timed("ticket(id) x1000", lambda: [store.ticket(t.id) for t in tickets[:1000]], r, 3)
    assert ticket[0] == tickets[0]

    rng = random.Random(3)
    picked = rng.sample(tickets, 1000)
    top = max(t.seq for t in tickets)
    delta = [
        msgspec.structs.replace(t, unread_count=t.unread_count + 1, seq=top + i + 1)
        for i, t in enumerate(picked)
    ]
    changes = timed(
        "delta upsert 1k changed tickets",
        lambda: store.upsert_tickets(delta, sync_seq=top + 1000),
        r,
    )
    assert len(changes.tickets) == 1000
    stale = [msgspec.structs.replace(t, title="stale") for t in picked]
    changes = timed(
        "delta upsert 1k older (out-of-order) tickets", lambda: store.upsert_tickets(stale), r
    )
    assert changes.is_empty
    current = store.load_tickets()
    changes = timed(
        f"re-upsert {n} identical tickets (full resync)", lambda: store.upsert_tickets(current), r
    )
    assert changes.is_empty

    # Drafts and a long thread.
    timed(
        "save_draft x1000 (typing autosave)",
        lambda: [store.save_draft(7, "Привет, " + "x" * i) for i in range(1000)],
        r,
    )
    messages = thread(5000, ticket_id=7)
    timed("upsert_messages 5000 in one thread", lambda: store.upsert_messages(messages), r)
    page = timed("messages(t, limit=400) of 5000", lambda: store.messages(7), r, 3)
    assert len(page) == 400 and page[-1].id == 5000
    store.close()
    print(f"  file size after close: {(tmp / 'store.sqlite3').stat().st_size / 1e6:.1f} MB")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    r: dict[str, float] = {}
    print(f"Generating {n} tickets...")
    tickets = timed("generate Ticket structs", lambda: synthetic_tickets(n), r)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store_figures(tickets, tmp, r)
        alternatives(tickets, tmp, r)
    join = r["json: join in Python, one list decode"]
    print("Ratios (lower is better; 1.00 = joined JSON, the layout the store uses):")
    for label in [
        "json: decode per row",
        "json: SQL group_concat, one list decode",
        "msgpack: decode per row",
        "msgpack: join with array header, one list decode",
    ]:
        print(f"  load {label:<50} {r[label] / join:5.2f}x")
    raw_insert = r["json: executemany, one transaction"]
    print(f"  insert row-by-row vs executemany              {r[ROW_BY_ROW] / raw_insert:5.2f}x")
    upsert = r[f"upsert_tickets {n} into an empty cache"]
    print(f"  Store.upsert_tickets vs raw executemany       {upsert / raw_insert:5.2f}x")
    print(f"  Store.load_tickets vs raw joined JSON decode  {r[f'load_tickets {n}'] / join:5.2f}x")


if __name__ == "__main__":
    main()

import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from desk.client.store import Changes, OutboxState, OutboxStateError, Store
from tests.helpers.messages import make_message
from tests.helpers.people import ME as AGENT
from tests.unit.client.store.conftest import Recorder

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def test_enqueue_writes_a_pending_entry_with_fresh_keys(store: Store, recorder: Recorder) -> None:
    a = store.enqueue(1, "Первое сообщение")
    b = store.enqueue(1, "Второе", internal=True)
    assert a.state is OutboxState.PENDING and b.internal and not a.internal
    keys = {a.client_id, a.idempotency_key, b.client_id, b.idempotency_key}
    assert len(keys) == 4
    assert all(uuid.UUID(k).version == 4 for k in keys)
    assert store.pending_entries() == [a, b]
    assert store.entries_for(1) == [a, b] and store.entries_for(2) == []
    assert recorder.seen == [Changes.of(outbox=[1]), Changes.of(outbox=[1])]
    assert a.attempts == 0 and a.error is None and a.message_id is None and a.files == ()


def test_enqueue_copies_files_so_the_originals_may_go(store: Store, tmp_path: Path) -> None:
    original = tmp_path / "отчёт.pdf"
    original.write_bytes(b"%PDF-1.7 report")
    entry = store.enqueue(1, "", files=[original, ("screen.png", PNG, "image/png")])
    original.unlink()
    first, second = entry.files
    assert (first.filename, first.content_type, first.size) == ("отчёт.pdf", "application/pdf", 15)
    assert (second.filename, second.content_type, second.size) == (
        "screen.png",
        "image/png",
        len(PNG),
    )
    assert first.path.read_bytes() == b"%PDF-1.7 report"
    assert second.path.read_bytes() == PNG
    assert first.path.is_relative_to(store.files_dir)
    assert entry.attachment_ids is None  # nothing uploaded yet


def test_unknown_file_type_falls_back_to_octet_stream(store: Store, tmp_path: Path) -> None:
    odd = tmp_path / "dump.weird-ext"
    odd.write_bytes(b"x")
    assert store.enqueue(1, "x", files=[odd]).files[0].content_type == "application/octet-stream"


def test_a_missing_file_queues_nothing(store: Store, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        store.enqueue(1, "text", files=[tmp_path / "gone.png"])
    assert store.pending_entries() == []
    assert list((store.files_dir / "outbox").iterdir()) == []


def test_empty_message_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="text or an attachment"):
        store.enqueue(1, "  \n")


def test_happy_path_sent_settles_entry_and_stores_message(store: Store, recorder: Recorder) -> None:
    entry = store.enqueue(1, "Ответ", files=[("a.txt", b"hello", "text/plain")])
    assert store.mark_sending(entry.id) == Changes.of(outbox=[1])
    assert store.record_upload(entry.id, 0, 555) == Changes.of(outbox=[1])
    sending = store.outbox_entry(entry.id)
    assert sending is not None and sending.state is OutboxState.SENDING and sending.attempts == 1
    assert sending.attachment_ids == [555]
    assert store.pending_entries() == []
    assert store.entries_for(1) == [sending]  # still shown while in flight

    message = make_message(881, ticket_id=1, body="Ответ", author=AGENT, client_id=entry.client_id)
    recorder.seen.clear()
    changes = store.mark_sent(entry.id, message)
    assert changes == Changes.of(outbox=[1], messages={1: [881]})
    assert recorder.seen == [changes]
    sent = store.outbox_entry(entry.id)
    assert sent is not None and sent.state is OutboxState.SENT and sent.message_id == 881
    assert store.entries_for(1) == []
    assert store.messages(1) == [message]
    assert not entry.files[0].path.exists()  # the copy is no longer needed
    # The same answer again (or the event arriving later) changes nothing.
    assert store.mark_sent(entry.id, message).is_empty
    assert store.upsert_messages([message]).is_empty
    assert store.mark_failed(entry.id, "late timeout", retryable=True).is_empty


def test_event_with_our_client_id_settles_the_entry(store: Store) -> None:
    entry = store.enqueue(1, "Ответ")
    store.mark_sending(entry.id)
    message = make_message(881, ticket_id=1, client_id=entry.client_id)
    changes = store.upsert_messages(
        [message, make_message(882, ticket_id=1, client_id=str(uuid.uuid4()))]
    )
    assert changes == Changes.of(outbox=[1], messages={1: [881, 882]})
    settled = store.outbox_entry(entry.id)
    assert settled is not None and settled.state is OutboxState.SENT and settled.message_id == 881
    # The POST's own answer comes back afterwards: fine.
    assert store.mark_sent(entry.id, message).is_empty


def test_failure_retry_keeps_the_key(store: Store) -> None:
    entry = store.enqueue(1, "Ответ")
    store.mark_sending(entry.id)
    assert store.mark_failed(entry.id, "The server did not answer.", retryable=True) == Changes.of(
        outbox=[1]
    )
    failed = store.outbox_entry(entry.id)
    assert failed is not None and failed.state is OutboxState.FAILED
    assert failed.error == "The server did not answer." and failed.retryable
    assert store.entries_for(1) == [failed] and store.pending_entries() == []
    store.retry(entry.id)
    again = store.outbox_entry(entry.id)
    assert again is not None and again.state is OutboxState.PENDING and again.error is None
    assert (again.idempotency_key, again.client_id) == (entry.idempotency_key, entry.client_id)


def test_edit_of_a_failed_entry_gets_new_keys(store: Store) -> None:
    entry = store.enqueue(1, "Ответ с опечаткой")
    store.mark_sending(entry.id)
    store.mark_failed(entry.id, "This ticket is closed.", retryable=False)
    failed = store.outbox_entry(entry.id)
    assert failed is not None and not failed.retryable
    assert store.edit(entry.id, "Ответ без опечатки") == Changes.of(outbox=[1])
    edited = store.outbox_entry(entry.id)
    assert edited is not None and edited.state is OutboxState.PENDING
    assert edited.body == "Ответ без опечатки"
    assert edited.idempotency_key != entry.idempotency_key
    assert edited.client_id != entry.client_id
    # A late copy of the old attempt does not settle the edited entry.
    store.upsert_messages([make_message(9, ticket_id=1, client_id=entry.client_id)])
    still = store.outbox_entry(entry.id)
    assert still is not None and still.state is OutboxState.PENDING


def test_edit_with_the_same_body_keeps_the_key(store: Store) -> None:
    entry = store.enqueue(1, "Ответ")
    store.mark_sending(entry.id)
    store.mark_failed(entry.id, "Network down.", retryable=True)
    store.edit(entry.id, "Ответ")
    same = store.outbox_entry(entry.id)
    assert same is not None and same.idempotency_key == entry.idempotency_key


def test_illegal_steps_raise(store: Store) -> None:
    entry = store.enqueue(1, "Ответ")
    with pytest.raises(OutboxStateError):
        store.retry(entry.id)  # not failed
    with pytest.raises(OutboxStateError):
        store.edit(entry.id, "x")  # only failed entries are edited
    store.mark_sending(entry.id)
    with pytest.raises(OutboxStateError):
        store.mark_sending(entry.id)
    with pytest.raises(OutboxStateError):
        store.discard(entry.id)  # a POST is in flight
    with pytest.raises(OutboxStateError):
        store.record_upload(entry.id, 3, 1)  # no such file
    with pytest.raises(OutboxStateError):
        store.mark_sending(12345)
    store.mark_failed(entry.id, "x", retryable=True)
    with pytest.raises(ValueError, match="text or an attachment"):
        store.edit(entry.id, " ")


def test_discard_is_explicit_and_removes_the_copies(store: Store, recorder: Recorder) -> None:
    entry = store.enqueue(1, "", files=[("a.txt", b"a", "text/plain")])
    store.mark_sending(entry.id)
    store.mark_failed(entry.id, "Too large.", retryable=False)
    recorder.seen.clear()
    assert store.discard(entry.id) == Changes.of(outbox=[1])
    assert store.outbox_entry(entry.id) is None and store.entries_for(1) == []
    assert not entry.files[0].path.parent.exists()
    assert recorder.seen == [Changes.of(outbox=[1])]


def test_entries_survive_reopen_with_uploads_recorded(db_path: Path) -> None:
    with Store(db_path) as store:
        entry = store.enqueue(
            1, "Ответ", files=[("a.txt", b"a", "text/plain"), ("b.txt", b"b", "text/plain")]
        )
        store.mark_sending(entry.id)
        store.record_upload(entry.id, 0, 77)
    with Store(db_path) as store:
        [reopened] = store.pending_entries()  # closed while sending -> pending again
        assert reopened.idempotency_key == entry.idempotency_key
        assert [f.attachment_id for f in reopened.files] == [77, None]
        assert reopened.files[1].path.read_bytes() == b"b"
        assert reopened.attempts == 1


def test_crash_mid_send_returns_to_pending_with_the_same_key(db_path: Path) -> None:
    # A real crash: the process dies without closing the store.
    script = textwrap.dedent(
        f"""
        import os
        from desk.client.store import Store
        store = Store({str(db_path)!r})
        entry = store.enqueue(4, "Срочно: бот молчит", files=[("log.txt", b"trace", "text/plain")])
        store.mark_sending(entry.id)
        store.record_upload(entry.id, 0, 31)
        print(entry.id, entry.idempotency_key, entry.client_id, flush=True)
        os._exit(3)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 3, done.stderr
    entry_id, key, client_id = done.stdout.split()
    with Store(db_path) as store:
        [entry] = store.pending_entries()
        assert entry.id == int(entry_id) and entry.state is OutboxState.PENDING
        assert (entry.idempotency_key, entry.client_id) == (key, client_id)
        assert entry.files[0].attachment_id == 31 and entry.files[0].path.read_bytes() == b"trace"


def test_orphan_copies_from_an_interrupted_enqueue_are_cleaned(db_path: Path) -> None:
    with Store(db_path) as store:
        kept = store.enqueue(1, "x", files=[("a.txt", b"a", "text/plain")])
        orphan = store.files_dir / "outbox" / str(uuid.uuid4())
        orphan.mkdir()
        (orphan / "0").write_bytes(b"half written")
    with Store(db_path):
        assert not orphan.exists()
        assert kept.files[0].path.exists()


def test_sent_entries_are_history_not_shown(store: Store) -> None:
    a = store.enqueue(1, "a")
    b = store.enqueue(1, "b")
    store.mark_sending(a.id)
    store.mark_sent(a.id, make_message(1, ticket_id=1, client_id=a.client_id))
    assert [e.id for e in store.entries_for(1)] == [b.id]
    assert [e.id for e in store.pending_entries()] == [b.id]


def test_a_failed_entry_can_still_be_settled_by_its_message(store: Store) -> None:
    entry = store.enqueue(1, "a")
    store.mark_sending(entry.id)
    store.mark_failed(entry.id, "Timed out.", retryable=True)  # but the server had it
    changes = store.mark_sent(entry.id, make_message(5, ticket_id=1, client_id=entry.client_id))
    assert changes == Changes.of(outbox=[1], messages={1: [5]})


def test_old_sent_entries_are_pruned_on_open_unsent_never(db_path: Path) -> None:
    with Store(db_path) as store:
        sent = store.enqueue(1, "a")
        store.mark_sent(sent.id, make_message(5, ticket_id=1, client_id=sent.client_id))
        failed = store.enqueue(1, "b")
        store.mark_sending(failed.id)
        store.mark_failed(failed.id, "Nope.", retryable=False)
        store._conn.execute("UPDATE outbox SET updated_at = '2020-01-01T00:00:00+00:00'")
    with Store(db_path) as store:
        assert store.outbox_entry(sent.id) is None
        kept = store.outbox_entry(failed.id)
        assert kept is not None and kept.state is OutboxState.FAILED


def test_a_big_page_of_messages_settles_only_ours(store: Store) -> None:
    entry = store.enqueue(1, "наше")
    page = [make_message(i, ticket_id=1, client_id=str(uuid.uuid4())) for i in range(1, 1500)]
    page.append(make_message(1500, ticket_id=1, client_id=entry.client_id))
    changes = store.upsert_messages(page)
    assert changes.outbox == frozenset({1}) and len(changes.messages[1]) == 1500
    settled = store.outbox_entry(entry.id)
    assert settled is not None and settled.message_id == 1500


def test_release_returns_a_send_to_pending_with_the_reason_and_same_key(store: Store) -> None:
    entry = store.enqueue(42, "Проверьте, пожалуйста, ещё раз")
    store.mark_sending(entry.id)
    changes = store.release(entry.id, "Cannot reach the server.")
    assert changes.outbox == {42}
    released = store.outbox_entry(entry.id)
    assert released is not None
    assert released.state is OutboxState.PENDING
    assert released.error == "Cannot reach the server."
    assert released.idempotency_key == entry.idempotency_key
    assert [e.id for e in store.pending_entries()] == [entry.id]
    with pytest.raises(OutboxStateError):
        store.release(entry.id, "only a send in flight can be released")

from datetime import UTC, datetime
from pathlib import Path

from desk.client.store import Changes, Store
from tests.unit.client.store.conftest import Recorder

TEXT = "Здравствуйте, Ольга!\nПроверьте, пожалуйста, вебхук — «ошибка 401» ёщё 🙂"


def test_round_trip_survives_restart(db_path: Path, tmp_path: Path) -> None:
    shot = tmp_path / "скриншот 1.png"
    with Store(db_path) as store:
        assert store.draft(5) is None
        changes = store.save_draft(5, TEXT, internal=True, attachments=[shot])
        assert changes == Changes.of(drafts=[5])
    with Store(db_path) as store:
        draft = store.draft(5)
        assert draft is not None
        assert draft.text == TEXT
        assert draft.internal is True
        assert draft.attachments == (shot,)
        assert draft.ticket_id == 5
        assert draft.updated_at.tzinfo is not None
        assert abs((datetime.now(UTC) - draft.updated_at).total_seconds()) < 3600
        assert store.draft_ticket_ids() == frozenset({5})


def test_saving_the_same_text_again_is_not_a_change(store: Store, recorder: Recorder) -> None:
    store.save_draft(5, "Привет")
    assert store.save_draft(5, "Привет").is_empty
    assert store.save_draft(5, "Привет!") == Changes.of(drafts=[5])
    assert store.save_draft(5, "Привет!", internal=True) == Changes.of(drafts=[5])
    assert len(recorder.seen) == 3
    draft = store.draft(5)
    assert draft is not None and draft.text == "Привет!" and draft.internal


def test_empty_draft_is_deleted(store: Store) -> None:
    store.save_draft(5, "черновик")
    assert store.save_draft(5, "") == Changes.of(drafts=[5])
    assert store.draft(5) is None
    assert store.save_draft(5, "").is_empty
    assert store.delete_draft(5).is_empty


def test_attachments_only_draft_is_kept(store: Store, tmp_path: Path) -> None:
    store.save_draft(5, "", attachments=[tmp_path / "a.pdf"])
    draft = store.draft(5)
    assert draft is not None and draft.text == "" and draft.attachments == (tmp_path / "a.pdf",)


def test_delete_draft(store: Store, recorder: Recorder) -> None:
    store.save_draft(5, "x")
    store.save_draft(6, "y")
    assert store.delete_draft(5) == Changes.of(drafts=[5])
    assert store.draft(5) is None
    assert store.draft_ticket_ids() == frozenset({6})
    assert recorder.seen[-1] == Changes.of(drafts=[5])

from pathlib import Path

from desk.client.store import Store


def test_round_trip_and_miss(store: Store) -> None:
    assert store.thumbnail(1, 320) is None
    store.put_thumbnail(1, 320, b"\x89PNG small")
    assert store.thumbnail(1, 320) == b"\x89PNG small"
    assert store.thumbnail(1, 640) is None


def test_evicts_least_recently_used_past_the_budget(db_path: Path) -> None:
    with Store(db_path, thumbnail_cache_bytes=3000) as store:
        for aid in (1, 2, 3):
            store.put_thumbnail(aid, 320, bytes([aid]) * 1000)
        assert store.thumbnail_cache_size() == 3000
        assert store.thumbnail(1, 320) is not None  # 1 is now the most recent
        store.put_thumbnail(4, 320, b"\x04" * 1000)
        assert store.thumbnail(2, 320) is None  # least recently used went first
        assert store.thumbnail(1, 320) == b"\x01" * 1000
        assert store.thumbnail(3, 320) is not None
        assert store.thumbnail(4, 320) is not None
        assert store.thumbnail_cache_size() == 3000
        store.put_thumbnail(5, 320, b"\x05" * 1500)  # pushes out the two oldest
        assert store.thumbnail_cache_size() <= 3000
        assert store.thumbnail(5, 320) is not None
        assert store.thumbnail(4, 320) is not None  # used just before, survives
        assert store.thumbnail(1, 320) is None and store.thumbnail(3, 320) is None


def test_recency_survives_reopen(db_path: Path) -> None:
    with Store(db_path, thumbnail_cache_bytes=2000) as store:
        store.put_thumbnail(1, 64, b"a" * 1000)
        store.put_thumbnail(2, 64, b"b" * 1000)
        store.thumbnail(1, 64)
    with Store(db_path, thumbnail_cache_bytes=2000) as store:
        store.put_thumbnail(3, 64, b"c" * 1000)
        assert store.thumbnail(2, 64) is None
        assert store.thumbnail(1, 64) == b"a" * 1000


def test_a_thumbnail_bigger_than_the_budget_is_not_kept(db_path: Path) -> None:
    with Store(db_path, thumbnail_cache_bytes=100) as store:
        store.put_thumbnail(1, 64, b"x" * 50)
        store.put_thumbnail(2, 64, b"y" * 101)
        assert store.thumbnail(2, 64) is None
        assert store.thumbnail(1, 64) == b"x" * 50


def test_replacing_a_thumbnail_counts_once(db_path: Path) -> None:
    with Store(db_path, thumbnail_cache_bytes=100) as store:
        store.put_thumbnail(1, 64, b"x" * 60)
        store.put_thumbnail(1, 64, b"z" * 60)
        assert store.thumbnail_cache_size() == 60
        assert store.thumbnail(1, 64) == b"z" * 60

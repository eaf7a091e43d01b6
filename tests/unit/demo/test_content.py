"""The demo data set: deterministic, realistic in shape, and every file a valid upload."""

from __future__ import annotations

import io
import itertools
import random
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image, ImageFont

from desk.demo import content as demo_content
from desk.demo.content import (
    DEMO_AGENT_EMAIL,
    DEMO_PASSWORD,
    DemoData,
    DemoFile,
    DemoMessage,
    DemoPerson,
    DemoTicket,
    generate_demo,
    random_customer_reply,
    random_new_ticket,
)
from desk.demo.data import screenshots
from desk.demo.data.people import COMPANIES
from desk.demo.data.queue_plan import time_left
from desk.demo.data.stories import STORIES, parse
from desk.demo.data.threads import fill
from desk.demo.data.timing import MSK
from desk.demo.data.topics import LANGS, TOPICS
from desk.domain import Category, Priority, Role, is_urgent_title
from desk.server.media.validation import validate_upload
from desk.sla import BusinessCalendar

NOW = datetime(2025, 3, 19, 11, 20, 31, tzinfo=UTC)  # a Wednesday
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo(NOW)


def people_by_key(demo: DemoData) -> dict[str, DemoPerson]:
    return {p.key: p for p in demo.people}


def all_files(demo: DemoData) -> list[DemoFile]:
    return [f for t in demo.tickets for m in t.messages for f in m.files]


def share(count: int, total: int) -> float:
    return count / total


# --- shape ------------------------------------------------------------------------------


def test_same_seed_same_data_other_seed_other_data(demo: DemoData) -> None:
    assert generate_demo(NOW, seed=7) == demo
    other = generate_demo(NOW, seed=8)
    assert [t.title for t in other.tickets] != [t.title for t in demo.tickets]


def test_naive_now_is_taken_as_utc() -> None:
    naive = NOW.replace(tzinfo=None)
    assert generate_demo(naive, ticket_count=20) == generate_demo(NOW, ticket_count=20)


@pytest.mark.parametrize("count", [0, 1, 5, 40])
def test_any_ticket_count(count: int) -> None:
    assert len(generate_demo(NOW, ticket_count=count).tickets) == count


def test_people(demo: DemoData) -> None:
    roles = Counter(p.role for p in demo.people)
    assert roles[Role.ADMIN] == 1
    assert 4 <= roles[Role.AGENT] <= 6
    assert len({p.key for p in demo.people}) == len(demo.people)
    assert len({p.email for p in demo.people}) == len(demo.people)
    agent = next(p for p in demo.people if p.email == DEMO_AGENT_EMAIL)
    assert agent.role is Role.AGENT and agent.company is None
    staff_names = [p.name for p in demo.people if p.role.is_staff]
    assert any(CYRILLIC.search(n) for n in staff_names)
    assert any(not CYRILLIC.search(n) for n in staff_names)
    contacts = Counter(p.company for p in demo.people if p.role is Role.CUSTOMER)
    assert len(contacts) == 12
    assert all(2 <= n <= 4 for n in contacts.values())
    assert demo.password == DEMO_PASSWORD


def test_tickets_refer_to_real_people(demo: DemoData) -> None:
    people = people_by_key(demo)
    assert len(demo.tickets) == 300
    for ticket in demo.tickets:
        assert people[ticket.customer_key].role is Role.CUSTOMER
        assert ticket.assignee_key is None or people[ticket.assignee_key].role.is_staff
        first = ticket.messages[0]
        assert first.author_key == ticket.customer_key and first.body and not first.internal
        for message in ticket.messages:
            author = people[message.author_key]
            assert author.key == ticket.customer_key or author.role.is_staff
            assert not message.internal or author.role.is_staff
            assert message.body or message.files  # empty only when a file speaks for it
            assert len(message.body) <= 20_000


def test_titles(demo: DemoData) -> None:
    titles = [t.title for t in demo.tickets]
    assert all(1 <= len(t) <= 200 and t == t.strip() for t in titles)
    assert sum(len(t) > 100 for t in titles) >= 5
    assert len(set(titles)) > 100  # varied, not a handful of repeats


def test_languages_half_and_half_and_customers_stay_in_theirs(demo: DemoData) -> None:
    people = people_by_key(demo)
    russian = sum(bool(CYRILLIC.search(t.title)) for t in demo.tickets)
    assert 0.35 <= share(russian, len(demo.tickets)) <= 0.65
    for ticket in demo.tickets:
        customer = people[ticket.customer_key]
        texts = [ticket.title] + [m.body for m in ticket.messages if m.author_key == customer.key]
        for text in filter(None, texts):
            assert bool(CYRILLIC.search(text)) == (customer.language == "ru"), text


def test_urgent_share(demo: DemoData) -> None:
    urgent = [t for t in demo.tickets if is_urgent_title(t.title)]
    assert 0.05 <= share(len(urgent), len(demo.tickets)) <= 0.11
    assert {CYRILLIC.search(t.title) is not None for t in urgent} == {True, False}
    # Most urgent tickets are filed as critical; none are about invoices or wishes.
    assert sum(t.category is Category.CRITICAL for t in urgent) > len(urgent) / 2


def test_categories_and_priorities(demo: DemoData) -> None:
    assert {t.category for t in demo.tickets} == set(Category)
    priorities = Counter(t.priority for t in demo.tickets)
    assert priorities[None] > 0.6 * len(demo.tickets)
    assert len([p for p in priorities if isinstance(p, Priority)]) >= 3


def test_timeline(demo: DemoData) -> None:
    for ticket in demo.tickets:
        times = [m.created_at for m in ticket.messages]
        assert ticket.created_at == times[0]
        assert all(a < b for a, b in itertools.pairwise(times))
        assert all(t.tzinfo is not None and t <= NOW for t in times)
        assert 1 <= len(ticket.messages) <= 15
    created = sorted(t.created_at for t in demo.tickets)
    assert timedelta(days=30) <= NOW - created[0] <= timedelta(days=43)
    assert sum(NOW - c <= timedelta(hours=1) for c in created) >= 3
    assert sum(NOW - c <= timedelta(hours=16) for c in created) >= 10
    stamps = [m.created_at.astimezone(MSK) for t in demo.tickets for m in t.messages]
    office = [s.weekday() < 5 and 9 <= s.hour < 19 for s in stamps]
    assert sum(office) > 0.6 * len(stamps)  # mostly working hours ...
    assert sum(not o for o in office) > 20  # ... with nights and weekends


def test_threads_look_like_support_work(demo: DemoData) -> None:
    lengths = Counter(len(t.messages) for t in demo.tickets)
    assert lengths[1] > 0 and max(lengths) >= 10
    notes = [m for t in demo.tickets for m in t.messages if m.internal]
    assert len(notes) > 20
    bodies = " ".join(m.body for t in demo.tickets for m in t.messages)
    assert "https://app.aitextura.com/chats/" in bodies
    assert re.search(r"#\d+", bodies)


def _public(ticket: DemoTicket) -> list[DemoMessage]:
    return [m for m in ticket.messages if not m.internal]


def test_closed_and_assigned(demo: DemoData) -> None:
    people = people_by_key(demo)
    closed = [t for t in demo.tickets if t.closed_at is not None]
    assert 0.25 <= share(len(closed), len(demo.tickets)) <= 0.45
    old = [t for t in demo.tickets if NOW - t.created_at > timedelta(days=3)]
    assert 0.33 <= share(sum(t.closed_at is not None for t in old), len(old)) <= 0.5
    for ticket in closed:
        assert ticket.closed_at is not None
        assert ticket.messages[-1].created_at < ticket.closed_at <= NOW
    assigned = [t for t in demo.tickets if t.assignee_key is not None]
    assert 0.55 <= share(len(assigned), len(demo.tickets)) <= 0.85
    # Whoever answered a ticket usually owns it.
    answered = [t for t in assigned if any(people[m.author_key].role.is_staff for m in _public(t))]
    main_author = [
        Counter(m.author_key for m in _public(t) if people[m.author_key].role.is_staff).most_common(
            1
        )[0][0]
        for t in answered
    ]
    same = sum(a == t.assignee_key for a, t in zip(main_author, answered, strict=True))
    assert same > 0.85 * len(answered)
    # New tickets nobody has answered yet mostly wait for triage.
    untouched = [t for t in demo.tickets if t.closed_at is None and len(_public(t)) <= 2
                 and not any(people[m.author_key].role.is_staff for m in _public(t))]  # fmt: skip
    assert sum(t.assignee_key is None for t in untouched) > 0.7 * len(untouched)
    demo_agent = next(p.key for p in demo.people if p.email == DEMO_AGENT_EMAIL)
    open_mine = [t for t in demo.tickets if t.closed_at is None and t.assignee_key == demo_agent]
    assert 10 <= len(open_mine) <= 20
    assert sum(t.assignee_key == demo_agent for t in closed) >= 10


# --- the queue as of now ------------------------------------------------------------------

CALENDAR = BusinessCalendar()


@pytest.mark.parametrize(
    "now",
    [
        datetime(2025, 3, 19, 12, 0, tzinfo=UTC),  # Wednesday 15:00 in Moscow
        datetime(2025, 3, 23, 0, 0, tzinfo=UTC),  # Sunday 03:00
        datetime(2025, 3, 24, 7, 0, tzinfo=UTC),  # Monday 10:00, after the weekend
        datetime(2025, 3, 20, 4, 20, tzinfo=UTC),  # Thursday 07:20, before opening
        datetime(2025, 3, 21, 16, 0, tzinfo=UTC),  # Friday 19:00, after closing
        datetime(2026, 1, 5, 10, 0, tzinfo=UTC),  # the New Year holidays
    ],
)
def test_the_team_owes_recent_replies_and_a_few_are_late(now: datetime) -> None:
    demo = generate_demo(now, calendar=CALENDAR)
    people = people_by_key(demo)
    owed, late, soon = [], [], 0
    for ticket in demo.tickets:
        last = _public(ticket)[-1]
        if ticket.closed_at is None and people[last.author_key].role is Role.CUSTOMER:
            owed.append((ticket, last.created_at))
            left = time_left(CALENDAR, ticket.category, last.created_at, now)
            late += [-left] if left < timedelta(0) else []
            soon += timedelta(0) <= left < timedelta(hours=1)
    assert 25 <= len(owed) <= 45
    assert 3 <= len(late) <= 6 and max(late) <= timedelta(hours=16)
    assert 3 <= soon <= 8
    assert 2 <= sum(is_urgent_title(t.title) for t, _ in owed) <= 4
    assert all(now - since <= timedelta(hours=60) for _, since in owed)
    old = [t for t in demo.tickets if now - t.created_at > timedelta(days=3)]
    assert sum(any(t is o for o, _ in owed) for t in old) <= 0.05 * len(old)


# --- storylines ---------------------------------------------------------------------------


def test_stories_are_well_formed_in_both_languages() -> None:
    assert set(STORIES) == {t.key for t in TOPICS}
    for topic in TOPICS:
        for story in STORIES[topic.key]:
            lines = [parse(token) for token in story.script]
            assert lines[0].pool == "open" and lines[-1].role == "R"
            roles = [line.role for line in lines[:-1]]
            assert roles == ["C", "A"] * (len(roles) // 2) + ["C"] * (len(roles) % 2)
            for lang, texts in LANGS.items():
                pools = topic.lines(lang)
                assert all(0 <= i < len(pools["titles"]) for i in story.titles)
                for line in lines:
                    pool = texts.GENERIC if line.generic else pools
                    assert line.index is None or line.index < len(pool[line.pool]), lang


def _as_pattern(template: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{\w+\\\}", ".*", re.escape(template)), re.DOTALL)


def _token(body: str, lines: dict[str, tuple[str, ...]]) -> str | None:
    for pool, letter in (("open", "o"), ("agent", "a"), ("customer", "c"), ("resolve", "r")):
        for i, template in enumerate(lines[pool]):
            if _as_pattern(template).fullmatch(body):
                return f"{letter}{i}"
    return None


def _in_order(tokens: list[str], script: tuple[str, ...]) -> bool:
    rest = iter(script)
    return all(token in rest for token in tokens)


def test_threads_follow_one_storyline_in_order(demo: DemoData) -> None:
    people = people_by_key(demo)
    told = 0
    for ticket in demo.tickets:
        lang = people[ticket.customer_key].language
        first = ticket.messages[0].body
        topic = next(t for t in TOPICS if _token(first, t.lines(lang)) is not None)
        tokens = [_token(m.body, topic.lines(lang)) for m in _public(ticket)]
        said = [t for t in tokens if t is not None]
        assert any(_in_order(said, s.script) for s in STORIES[topic.key]), (ticket.title, said)
        assert len(said) == len(set(said))  # nothing said twice
        told += len(said) >= 3
        for message in _public(ticket):  # the team answers in the customer's language
            assert not message.body or bool(CYRILLIC.search(message.body)) == (lang == "ru")
    assert told > len(demo.tickets) / 2


# --- files ------------------------------------------------------------------------------


def test_every_file_passes_upload_validation(demo: DemoData) -> None:
    files = all_files(demo)
    assert {f.content_type for f in files} == {
        "image/png",
        "text/plain",
        "application/pdf",
        "application/zip",
    }
    for f in files:
        assert f.filename and "/" not in f.filename
        assert validate_upload(f.data, f.filename, f.content_type).content_type == f.content_type
    assert sum(len(f.data) for f in files) < 15 * 1024 * 1024


def test_screenshots_are_real_pictures(demo: DemoData) -> None:
    with_png = [
        t for t in demo.tickets if any(f.content_type == "image/png" for f in ticket_files(t))
    ]
    assert 0.15 <= share(len(with_png), len(demo.tickets)) <= 0.28
    pictures = {f.data: f for f in all_files(demo) if f.content_type == "image/png"}
    sizes = set()
    for data, f in pictures.items():
        checked = validate_upload(data, f.filename, None)
        im = Image.open(io.BytesIO(data))
        assert im.size == (checked.width, checked.height)
        assert im.size in (screenshots.PHONE, screenshots.DESKTOP)
        sizes.add(im.size)
        colours = im.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is not None and len(colours) > 64  # drawn UI and text, not a flat fill
    assert sizes == {screenshots.PHONE, screenshots.DESKTOP}
    assert len(pictures) >= 10  # a handful of variants, reused


def ticket_files(ticket: DemoTicket) -> list[DemoFile]:
    return [f for m in ticket.messages for f in m.files]


def test_cyrillic_glyphs_render() -> None:
    font = screenshots.font(16)
    if not isinstance(font, ImageFont.FreeTypeFont) or "DejaVu" not in str(font.path):
        pytest.skip("DejaVu Sans is not installed here; the fallback font may lack Cyrillic")
    masks = {ch: bytes(font.getmask(ch)) for ch in "ЖДЯ\ue000"}  # U+E000 has no glyph
    assert len(set(masks.values())) == 4


def test_every_template_fills() -> None:
    rng = random.Random(1)
    for company in COMPANIES:
        fields = demo_content._fields(rng, company, "Name", NOW, 10)
        for topic in TOPICS:
            for pool in topic.lines(company.lang).values():
                for template in pool:
                    text = fill(rng, template, fields, NOW, company.lang)
                    assert "{" not in text and "}" not in text
        for pool in LANGS[company.lang].GENERIC.values():
            for template in pool:
                assert "{" not in fill(rng, template, fields, NOW, company.lang)


# --- the live simulator ----------------------------------------------------------------


def test_random_new_ticket(demo: DemoData) -> None:
    customers = [p for p in demo.people if p.role is Role.CUSTOMER]
    rng = random.Random(5)
    seen_files: Counter[str] = Counter()
    urgent = 0
    for i in range(200):
        customer = customers[i % len(customers)]
        title, body, category, files = random_new_ticket(rng, customer, now=NOW)
        assert 1 <= len(title) <= 200 and body and isinstance(category, Category)
        assert bool(CYRILLIC.search(title)) == (customer.language == "ru")
        assert bool(CYRILLIC.search(body)) == (customer.language == "ru")
        urgent += is_urgent_title(title)
        for f in files:
            assert validate_upload(f.data, f.filename, None).content_type == f.content_type
            seen_files[f.content_type] += 1
    assert 0 < urgent < 40
    assert seen_files["image/png"] > 0
    # Without a customer it still gives a coherent ticket.
    title, body, _, _ = random_new_ticket(random.Random(1))
    assert title and body


def test_random_new_ticket_is_deterministic_for_a_seed() -> None:
    first = random_new_ticket(random.Random(42), now=NOW)
    assert random_new_ticket(random.Random(42), now=NOW) == first


def test_random_customer_reply_keeps_language_and_topic(demo: DemoData) -> None:
    rng = random.Random(9)
    replies = defaultdict(list)
    for title in ("СРОЧНО: бот не отвечает в Telegram", "Webhook errors 502", "Hello there"):
        for _ in range(60):
            body, files = random_customer_reply(rng, title, now=NOW)
            assert body or files
            for f in files:
                assert validate_upload(f.data, f.filename, None).content_type == f.content_type
            replies[title].append(body)
    assert all(CYRILLIC.search(b) for b in replies["СРОЧНО: бот не отвечает в Telegram"] if b)
    assert not any(CYRILLIC.search(b) for b in replies["Webhook errors 502"])
    webhook_lines = set(LANGS["en"].TOPICS["webhook"]["customer"])
    assert webhook_lines & set(replies["Webhook errors 502"])  # on topic, not only generic
    russian = next(p for p in demo.people if p.language == "ru" and p.role is Role.CUSTOMER)
    body, _ = random_customer_reply(rng, "Bot is down", russian, now=NOW)
    assert CYRILLIC.search(body) or body == ""


def test_pdfs_have_a_consistent_cross_reference_table(demo: DemoData) -> None:
    pdfs = [f.data for f in all_files(demo) if f.content_type == "application/pdf"]
    assert pdfs
    for data in pdfs:
        assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
        xref = int(data.rsplit(b"startxref", 1)[1].split()[0])
        assert data[xref:].startswith(b"xref\n")
        rows = data[xref:].split(b"\n")[3:8]  # after "xref", "0 6" and the free entry
        for number, row in enumerate(rows, start=1):
            offset = int(row.split()[0])
            assert data[offset:].startswith(b"%d 0 obj" % number)

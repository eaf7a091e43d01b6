"""Realistic demo data for ``desk --demo``: the team, the customers, ~300 tickets.

Pure: no database, no clock (``now`` is an argument) and no global random state, so the
same ``now`` and ``seed`` give the same data. Texts, people and pictures live in
``desk.server.demo``; this module assembles tickets and threads from them, and offers
``random_new_ticket`` / ``random_customer_reply`` for a live customer simulator.

Half of the customer companies write in Russian and half in English; a company never
switches language. About 8% of titles carry the URGENT tag, about 15% of tickets are
closed, about 20% have a screenshot. Within a ticket messages are strictly ordered in
time, and everything happens at or before ``now``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desk.domain import Category, Priority, Role
from desk.server.demo import timing
from desk.server.demo.attachments import screenshot
from desk.server.demo.people import COMPANIES, STAFF, Company, email_local_part
from desk.server.demo.threads import (
    LENGTH_WEIGHTS,
    LENGTHS,
    Draft,
    Picker,
    attach_files,
    fill,
    plan_roles,
    promised_file,
    write_thread,
)  # fmt: skip
from desk.server.demo.topics import LANGS, TOPIC_WEIGHTS, TOPICS, Topic, topic_for_title

DEMO_AGENT_EMAIL = "agent@demo.desk"
DEMO_PASSWORD = "demo"

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    email: str
    role: Role
    company: str | None
    language: str = "en"  # "en" | "ru"


@dataclass(frozen=True)
class DemoFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class DemoMessage:
    author_key: str
    body: str
    internal: bool
    created_at: datetime
    files: tuple[DemoFile, ...]


@dataclass(frozen=True)
class DemoTicket:
    title: str
    category: Category
    priority: Priority | None
    customer_key: str
    assignee_key: str | None
    created_at: datetime
    closed_at: datetime | None
    messages: tuple[DemoMessage, ...]


@dataclass(frozen=True)
class DemoData:
    people: tuple[DemoPerson, ...]
    tickets: tuple[DemoTicket, ...]
    password: str


def language_of(text: str) -> str:
    return "ru" if _CYRILLIC.search(text) else "en"


def _people() -> tuple[DemoPerson, ...]:
    staff = [
        DemoPerson(s.key, s.name, s.email, Role.ADMIN if s.admin else Role.AGENT, None,
                   language_of(s.name))
        for s in STAFF
    ]  # fmt: skip
    customers = [
        DemoPerson(f"{c.key}:{email_local_part(first, last)}", f"{first} {last}",
                   f"{email_local_part(first, last)}@{c.domain}", Role.CUSTOMER, c.name, c.lang)
        for c in COMPANIES
        for first, last in c.contacts
    ]  # fmt: skip
    return (*staff, *customers)


PEOPLE = _people()
_COMPANY_BY_NAME = {c.name: c for c in COMPANIES}


# --- texts -------------------------------------------------------------------------


def _fields(rng: random.Random, company: Company, first_name: str, when: datetime, ref: int
            ) -> dict[str, str]:  # fmt: skip
    """Values for the placeholders in the text templates."""
    ru = company.lang == "ru"
    limit = rng.choice((5, 10, 20))
    return {
        "bot": company.bot, "company": company.name, "domain": company.domain,
        "crm": company.crm, "channel": company.channel, "product": company.product,
        "old_price": company.old_price, "new_price": company.new_price, "name": first_name,
        "agent": rng.choice(STAFF).name.split()[0], "plan": rng.choice(LANGS[company.lang].PLANS),
        "limit": f"{limit} 000" if ru else f"{limit},000",
        "invoice": f"INV-{when:%Y%m}-{rng.randint(100, 999)}",
        "ref": f"#{rng.randint(1, max(1, ref))}", "n": str(rng.randint(2, 40)),
        "time": "", "chat": "",
    }  # fmt: skip


def _title(rng: random.Random, topic: Topic, lang: str, fields: dict[str, str], urgent: bool
           ) -> str:  # fmt: skip
    texts = LANGS[lang]
    lines = topic.lines(lang)
    title = rng.choice(lines["long"] if rng.random() < 0.08 else lines["titles"])
    title = title.format_map(fields)
    if urgent:
        title = (rng.choice(texts.URGENT_PREFIXES) + title if rng.random() < 0.8
                 else title + texts.URGENT_SUFFIX)  # fmt: skip
    elif topic.category in (Category.FEATURE_REQUEST, Category.OTHER) and rng.random() < 0.04:
        title = rng.choice(texts.NOT_URGENT) + title  # looks urgent, is not
    return title[:200]


URGENT_SHARE = 0.08
# Urgent tickets are about things that are broken, not about invoices or wishes.
_URGENT_TOPICS = [t for t in TOPICS if t.category in (Category.CRITICAL, Category.CONFIGURATION)]
_URGENT_WEIGHTS = [t.weight * (2 if t.category is Category.CRITICAL else 1) for t in _URGENT_TOPICS]


def _pick_topic(rng: random.Random, urgent: bool) -> Topic:
    if urgent:
        return rng.choices(_URGENT_TOPICS, _URGENT_WEIGHTS)[0]
    return rng.choices(TOPICS, TOPIC_WEIGHTS)[0]


def _classify(rng: random.Random, topic: Topic, urgent: bool
              ) -> tuple[Category, Priority | None]:  # fmt: skip
    category = topic.category
    if urgent and rng.random() < 0.85:
        category = Category.CRITICAL
    elif rng.random() < 0.12:  # customers do not always file things where staff would
        category = rng.choice(list(Category))
    priority: Priority | None = None
    roll = rng.random()
    if urgent:
        priority = rng.choice((None, None, Priority.HIGH, Priority.CRITICAL))
    elif category is Category.FEATURE_REQUEST and roll < 0.3:
        priority = Priority.LOW
    elif roll < 0.2:
        priority = rng.choice((Priority.HIGH, Priority.NORMAL, Priority.LOW, Priority.HIGH))
    return category, priority


def _whole_seconds(t: datetime) -> datetime:
    return t.replace(microsecond=0)


def _to_message(d: Draft) -> DemoMessage:
    files = tuple(DemoFile(*f) for f in d.files)
    return DemoMessage(d.author, d.body, d.role == "N", _whole_seconds(d.at), files)


# --- the whole data set ---------------------------------------------------------------------


def _opening_times(rng: random.Random, now: datetime, count: int) -> list[datetime]:
    last_hour = max(1, round(count * 0.02))
    today = max(1, round(count * 0.05))
    local_midnight = now.astimezone(timing.MSK).replace(hour=0, minute=0, second=0)
    start = max(local_midnight.astimezone(UTC), now - timedelta(hours=16))
    if now - timedelta(hours=1) - start < timedelta(minutes=30):
        start = now - timedelta(hours=12)
    span = (now - timedelta(hours=1) - start).total_seconds()
    times = [now - timedelta(minutes=rng.uniform(1, 59)) for _ in range(last_hour)]
    times += [start + timedelta(seconds=rng.uniform(0, span)) for _ in range(today)]
    for _ in range(max(0, count - last_hour - today)):
        recent = rng.random() < 0.5
        days = 1 + min(40, int(rng.expovariate(1 / 7)) if recent else rng.randrange(41))
        times.append(min(timing.ticket_opened(rng, now, days), now - timedelta(hours=1)))
    return sorted(times)[:count]


def _company_of(rng: random.Random, customer: DemoPerson | None, lang: str | None = None
                ) -> Company:  # fmt: skip
    if customer is not None and customer.company in _COMPANY_BY_NAME:
        return _COMPANY_BY_NAME[customer.company]
    return rng.choice([c for c in COMPANIES if lang in (None, c.lang)])


def generate_demo(now: datetime, seed: int = 7, ticket_count: int = 300) -> DemoData:
    """The demo data set as of ``now``; the same arguments always give the same data."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    now = now.astimezone(UTC)
    rng = random.Random(seed)
    customers = [p for p in PEOPLE if p.role is Role.CUSTOMER]
    staff_keys = [s.key for s in STAFF]
    staff_weights = [0.5 if s.admin else 3 if s.email == DEMO_AGENT_EMAIL else 1 for s in STAFF]
    opened_at = _opening_times(rng, now, ticket_count)
    old = [i for i, t in enumerate(opened_at) if now - t > timedelta(days=2)]
    closing = set(rng.sample(old, min(len(old), round(ticket_count * 0.15))))
    urgent_ones = set(rng.sample(range(ticket_count), round(ticket_count * URGENT_SHARE)))
    tickets = []
    for number, opened in enumerate(opened_at, start=1):
        company = rng.choice(COMPANIES)
        customer = rng.choice([p for p in customers if p.company == company.name])
        urgent = number - 1 in urgent_ones
        topic = _pick_topic(rng, urgent)
        fields = _fields(rng, company, customer.name.split()[0], opened, number - 1)
        category, priority = _classify(rng, topic, urgent)
        title = _title(rng, topic, company.lang, fields, urgent)
        closes = number - 1 in closing
        fresh = now - opened < timedelta(hours=1)
        length = rng.choice((1, 1, 2, 3)) if fresh else rng.choices(LENGTHS, LENGTH_WEIGHTS)[0]
        length = max(length, 2) if closes else length
        assigned = rng.random() < (0.9 if closes else 0.35)
        assignee = rng.choices(staff_keys, staff_weights)[0] if assigned else None
        notes = rng.choice((0, 0, 1, 1, 2))
        roles = plan_roles(rng, length, closes, notes)
        drafts = write_thread(
            rng, topic, company, customer.key, assignee, opened, now, roles, fields
        )
        closed_at = None
        if closes and len(drafts) == len(roles) and now - drafts[-1].at > timedelta(minutes=10):
            after = timedelta(minutes=rng.uniform(5, 20 * 60))
            closed_at = _whole_seconds(
                min(drafts[-1].at + after, drafts[-1].at + (now - drafts[-1].at) / 2)
            )
        attach_files(rng, topic, company, drafts, fields["invoice"])
        messages = tuple(_to_message(d) for d in drafts)
        tickets.append(DemoTicket(title, category, priority, customer.key, assignee,
                                  messages[0].created_at, closed_at, messages))  # fmt: skip
    return DemoData(PEOPLE, tuple(tickets), DEMO_PASSWORD)


# --- the live simulator -----------------------------------------------------------------


def random_new_ticket(rng: random.Random, customer: DemoPerson | None = None,
                      now: datetime | None = None
                      ) -> tuple[str, str, Category, tuple[DemoFile, ...]]:  # fmt: skip
    """A new ticket a customer might open right now: title, first message, category, files.
    Pass the customer to keep their company's language and names."""
    when = now or datetime.now(UTC)
    company = _company_of(rng, customer)
    first = customer.name.split()[0] if customer else rng.choice(company.contacts)[0]
    urgent = rng.random() < URGENT_SHARE
    topic = _pick_topic(rng, urgent)
    fields = _fields(rng, company, first, when, rng.randint(1, 300))
    category, _ = _classify(rng, topic, urgent)
    title = _title(rng, topic, company.lang, fields, urgent)
    body = fill(rng, rng.choice(topic.lines(company.lang)["open"]), fields, when, company.lang)
    draft = Draft("C", "", body, when)
    attach_files(rng, topic, company, [draft], fields["invoice"])
    return title, draft.body, category, tuple(DemoFile(*f) for f in draft.files)


def random_customer_reply(rng: random.Random, ticket_title: str,
                          customer: DemoPerson | None = None, now: datetime | None = None
                          ) -> tuple[str, tuple[DemoFile, ...]]:  # fmt: skip
    """A customer's next message on a ticket, in the ticket's language and on its topic."""
    when = now or datetime.now(UTC)
    lang = customer.language if customer else language_of(ticket_title)
    company = _company_of(rng, customer, lang)
    first = customer.name.split()[0] if customer else rng.choice(company.contacts)[0]
    topic = topic_for_title(ticket_title)
    fields = _fields(rng, company, first, when, rng.randint(1, 300))
    draft = Draft("C", "", fill(rng, Picker(rng, topic, lang).pick("customer", 0.6), fields, when,
                                lang), when)  # fmt: skip
    promised = promised_file(rng, topic, company, draft, fields["invoice"])
    if promised is None and topic is not None and topic.screenshots and rng.random() < 0.12:
        promised = screenshot(rng.choice(topic.screenshots), company)
    return draft.body, (DemoFile(*promised),) if promised else ()

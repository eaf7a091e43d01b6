"""Realistic demo data for ``desk --demo``: the team, the customers, ~300 tickets.

Pure: no database, no clock (``now`` is an argument) and no global random state, so the
same ``now`` and ``seed`` give the same data. Texts, people and pictures live in
``desk.demo.data``; this module assembles tickets and threads from them, and offers
``random_new_ticket`` / ``random_customer_reply`` for a live customer simulator.

Half of the customer companies write in Russian and half in English; a company never
switches language. About 8% of titles carry the URGENT tag, about 20% of tickets have a
screenshot. Each thread tells one storyline of its topic in order (``demo.stories``).
The queue at ``now`` looks like a healthy, busy team's (``demo.queue_plan``): older
tickets answered or closed (about a third of all), 30-40 owed a reply, mostly from today
and yesterday, a few overdue by hours. Within a ticket messages are strictly ordered in
time, and everything happens at or before ``now``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from desk.demo.data.attachments import screenshot
from desk.demo.data.people import COMPANIES, STAFF, Company, email_local_part
from desk.demo.data.queue_plan import Fate, Slot, plan_queue
from desk.demo.data.stories import STORIES, Story, Texts, full_thread, parse
from desk.demo.data.threads import Picker, ScriptedMessage, attach_files, fill, promised_file, shape
from desk.demo.data.topics import LANGS, TOPIC_WEIGHTS, TOPICS, Topic, topic_for_title
from desk.domain import Category, Priority, Role
from desk.sla import BusinessCalendar

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


def _title(rng: random.Random, topic: Topic, story: Story, lang: str, fields: dict[str, str],
           urgent: bool) -> str:  # fmt: skip
    texts = LANGS[lang]
    lines = topic.lines(lang)
    if story.long_title and rng.random() < 0.15:
        title = lines["long"][0]
    else:
        title = lines["titles"][rng.choice(story.titles)]
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


def _to_message(d: ScriptedMessage) -> DemoMessage:
    files = tuple(DemoFile(*f) for f in d.files)
    return DemoMessage(d.author, d.body, d.role == "N", _whole_seconds(d.at), files)


# --- the whole data set ---------------------------------------------------------------------

_AGENTS = [s.key for s in STAFF if not s.admin]
_STAFF_KEYS = [s.key for s in STAFF]
# Tickets answered by someone are usually assigned to them; new ones mostly wait for triage.
_ASSIGNED = {Fate.NEW: 0.12, Fate.REPLIED: 0.9, Fate.ANSWERED: 0.75, Fate.CLOSED: 0.9}


def _handlers(rng: random.Random, slots: list[Slot]) -> list[tuple[str, bool]]:
    """(who handles it, whether it is assigned to them) per ticket. Answered tickets are
    usually assigned to whoever answered; new ones mostly wait for triage. The demo agent
    owns a dozen or so open tickets (a few of them owing a reply) and a share of history."""
    demo = next(s.key for s in STAFF if s.email == DEMO_AGENT_EMAIL)
    others = [s.key for s in STAFF if s.key != demo]
    weights = [0.3 if s.admin else 1.0 for s in STAFF if s.key != demo]
    scale = len(slots) / 300
    replied = [i for i, s in enumerate(slots) if s.fate is Fate.REPLIED]
    answered = [i for i, s in enumerate(slots) if s.fate is Fate.ANSWERED]
    mine = set(rng.sample(replied, min(len(replied), round(rng.randint(2, 3) * scale))))
    mine |= set(rng.sample(answered, min(len(answered), round(rng.randint(10, 15) * scale))))
    out = []
    for i, slot in enumerate(slots):
        if i in mine:
            out.append((demo, True))
            continue
        closed = slot.fate is Fate.CLOSED
        handler = demo if closed and rng.random() < 0.25 else rng.choices(others, weights)[0]
        out.append((handler, rng.random() < _ASSIGNED[slot.fate]))
    return out


@dataclass(frozen=True)
class _Sketch:
    company: Company
    customer: DemoPerson
    urgent: bool
    topic: Topic
    category: Category
    priority: Priority | None


def _sketch(rng: random.Random, customers: list[DemoPerson], urgent: bool) -> _Sketch:
    company = rng.choice(COMPANIES)
    customer = rng.choice([p for p in customers if p.company == company.name])
    topic = _pick_topic(rng, urgent)
    category, priority = _classify(rng, topic, urgent)
    return _Sketch(company, customer, urgent, topic, category, priority)


def _author(rng: random.Random, role: str, customer: str, handler: str) -> str:
    if role in "CT":
        return customer
    if role == "N":
        return handler if rng.random() < 0.6 else rng.choice(_STAFF_KEYS)
    return handler if rng.random() < 0.85 else rng.choice(_AGENTS)  # a colleague covers


def _ticket(rng: random.Random, number: int, sketch: _Sketch, slot: Slot,
            handling: tuple[str, bool], now: datetime) -> DemoTicket:  # fmt: skip
    company, lang = sketch.company, sketch.company.lang
    fields = _fields(rng, company, sketch.customer.name.split()[0], slot.opened, number - 1)
    story = rng.choice(STORIES[sketch.topic.key])
    title = _title(rng, sketch.topic, story, lang, fields, sketch.urgent)
    topic_notes = sketch.topic.lines(lang)["notes"]  # no notes on a how-to question
    notes = rng.choice((0, 0, 1, 1, 2)) if topic_notes else 0
    technical = sketch.topic.category in (Category.CRITICAL, Category.CONFIGURATION)
    lines = full_thread(rng, story, notes, technical=technical)
    lines, times = shape(rng, slot.fate, lines, slot.opened, now, slot.owing_since)
    handler, assigned = handling
    texts = Texts(rng, sketch.topic.lines(lang), LANGS[lang].GENERIC)
    drafts = [
        ScriptedMessage(line.role, _author(rng, line.role, sketch.customer.key, handler),
              fill(rng, texts.text(line), fields, at, lang), at)
        for line, at in zip(lines, times, strict=True)
    ]  # fmt: skip
    closed_at = None
    if slot.fate is Fate.CLOSED:
        last = drafts[-1].at
        after = timedelta(minutes=rng.uniform(5, 20 * 60))
        closed_at = _whole_seconds(min(last + after, last + (now - last) / 2))
    attach_files(rng, sketch.topic, company, drafts, fields["invoice"])
    messages = tuple(_to_message(d) for d in drafts)
    assignee = handler if assigned else None
    return DemoTicket(title, sketch.category, sketch.priority, sketch.customer.key, assignee,
                      messages[0].created_at, closed_at, messages)  # fmt: skip


def _company_of(rng: random.Random, customer: DemoPerson | None, lang: str | None = None
                ) -> Company:  # fmt: skip
    if customer is not None and customer.company in _COMPANY_BY_NAME:
        return _COMPANY_BY_NAME[customer.company]
    return rng.choice([c for c in COMPANIES if lang in (None, c.lang)])


def generate_demo(now: datetime, seed: int = 7, ticket_count: int = 300,
                  calendar: BusinessCalendar | None = None) -> DemoData:  # fmt: skip
    """The demo data set as of ``now``; the same arguments always give the same data.
    ``calendar`` should be the server's, so planned deadlines match the ones it stamps."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    now = _whole_seconds(now.astimezone(UTC))
    rng = random.Random(seed)
    customers = [p for p in PEOPLE if p.role is Role.CUSTOMER]
    urgent_ones = set(rng.sample(range(ticket_count), round(ticket_count * URGENT_SHARE)))
    sketches = [_sketch(rng, customers, i in urgent_ones) for i in range(ticket_count)]
    slots = plan_queue(rng, now, [s.category for s in sketches], [s.urgent for s in sketches],
                       calendar or BusinessCalendar())  # fmt: skip
    handling = _handlers(rng, slots)
    order = sorted(range(ticket_count), key=lambda i: slots[i].opened)
    tickets = [
        _ticket(rng, n, sketches[i], slots[i], handling[i], now)
        for n, i in enumerate(order, start=1)
    ]
    tickets.sort(key=lambda t: t.created_at)
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
    story = rng.choice(STORIES[topic.key])
    title = _title(rng, topic, story, company.lang, fields, urgent)
    opening = Texts(rng, topic.lines(company.lang), LANGS[company.lang].GENERIC)
    body = fill(rng, opening.text(parse(story.script[0])), fields, when, company.lang)
    draft = ScriptedMessage("C", "", body, when)
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
    text = fill(rng, Picker(rng, topic, lang).pick("customer", 0.6), fields, when, lang)
    draft = ScriptedMessage("C", "", text, when)
    promised = promised_file(rng, topic, company, draft, fields["invoice"])
    if promised is None and topic is not None and topic.screenshots and rng.random() < 0.12:
        promised = screenshot(rng.choice(topic.screenshots), company)
    return draft.body, (DemoFile(*promised),) if promised else ()

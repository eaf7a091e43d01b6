"""Threads of demo tickets: who writes when, what they say, and which files they send."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desk.server.demo import timing
from desk.server.demo.attachments import FileTuple, extra_file, screenshot
from desk.server.demo.people import STAFF, Company
from desk.server.demo.topics import LANGS, Topic


def fill(rng: random.Random, template: str, fields: dict[str, str], when: datetime,
          lang: str) -> str:  # fmt: skip
    fields["chat"] = f"https://app.aitextura.com/chats/{rng.randint(100_000, 999_999)}"
    fields["time"] = timing.clock(when - timedelta(minutes=rng.randint(10, 150)), lang)
    return template.format_map(fields)


class Picker:
    """Picks lines from a topic's pools, preferring ones the thread has not used yet."""

    def __init__(self, rng: random.Random, topic: Topic | None, lang: str) -> None:
        self.rng = rng
        self.topic_lines = topic.lines(lang) if topic else {}
        self.generic: dict[str, tuple[str, ...]] = LANGS[lang].GENERIC
        self.used: set[str] = set()

    def pick(self, pool: str, topic_share: float = 1.0) -> str:
        # Topic pools are ordered like a real conversation, so take one of the next two.
        own = [s for s in self.topic_lines.get(pool, ()) if s not in self.used][:2]
        if not own or self.rng.random() >= topic_share:
            own = [s for s in self.generic.get(pool, ()) if s not in self.used]
        if not own:  # everything was said once already: repeat something generic
            own = list(self.generic[pool if pool in self.generic else "customer"])
        line = self.rng.choice(own)
        self.used.add(line)
        return line


@dataclass
class Draft:
    role: str  # C customer, A agent, N internal note, R resolution, T thanks
    author: str
    body: str
    at: datetime
    files: list[FileTuple] = field(default_factory=list)


LENGTHS = tuple(range(1, 16))
LENGTH_WEIGHTS = (6, 14, 16, 16, 12, 10, 7, 5, 4, 3, 2, 2, 1, 1, 1)


def plan_roles(rng: random.Random, length: int, closing: bool, notes: int) -> list[str]:
    tail = ["R", "T"] if closing and length >= 3 and rng.random() < 0.4 else ["R"]
    body_len = length - len(tail) if closing else length
    roles = ["C"]
    while len(roles) < max(body_len, 1):
        last_public = next(r for r in reversed(roles) if r != "N")
        if last_public == "A":
            roles.append("C")
        elif len(roles) > 1 and rng.random() < 0.12:
            roles.append("C")  # a second message before anyone answered
        elif notes and rng.random() < 0.3:
            roles.append("N")
            notes -= 1
        else:
            roles.append("A")
    return roles + tail if closing else roles


def write_thread(rng: random.Random, topic: Topic, company: Company, customer_key: str,
            assignee: str | None, opened: datetime, now: datetime, roles: list[str],
            fields: dict[str, str]) -> list[Draft]:  # fmt: skip
    lang = company.lang
    picker = Picker(rng, topic, lang)
    agents = [s.key for s in STAFF if not s.admin]
    drafts: list[Draft] = []
    at = opened
    for i, role in enumerate(roles):
        if i:
            step = {"C": timing.customer_reply, "T": timing.customer_reply,
                    "N": timing.internal_note}.get(role, timing.staff_reply)  # fmt: skip
            at = max(step(rng, at), at + timedelta(seconds=30))
            if at > now:
                break
        if role in "CT":
            author = customer_key
            pool = {"C": "open" if i == 0 else "customer", "T": "thanks"}[role]
            template = picker.pick(pool, 1.0 if i == 0 else 0.65)
        else:
            own = assignee if assignee and rng.random() < 0.85 else rng.choice(agents)
            author = own if role != "N" or rng.random() < 0.6 else rng.choice(STAFF).key
            pool = {"A": "agent", "N": "notes", "R": "resolve"}[role]
            template = picker.pick(pool, 0.75 if role == "A" else 1.0)
        drafts.append(Draft(role, author, fill(rng, template, fields, at, lang), at))
    return drafts


# A line that promises a file ("Screenshot attached", "Прикладываю лог") gets one.
_PROMISES_FILE = re.compile(
    r"attach|приклад|вложени|скрин|screenshot|here is the file|вот файл|example file", re.I
)
_PROMISES_PICTURE = re.compile(r"скрин|screenshot", re.IGNORECASE)


def promised_file(rng: random.Random, topic: Topic | None, company: Company, draft: Draft,
                  invoice: str, opener: bool = False) -> FileTuple | None:  # fmt: skip
    """The file a customer (C) or agent (A) message says it carries, if it says so."""
    if topic is None or draft.role not in "CA" or not _PROMISES_FILE.search(draft.body):
        return None
    sender = "customer" if draft.role == "C" else "agent"
    picture = bool(_PROMISES_PICTURE.search(draft.body))
    if topic.extra and topic.extra[1] == sender and not picture:
        kinds = topic.extra[0]  # the first kind is the one an opening message talks about
        kind = kinds[0] if opener else rng.choice(kinds)
        return extra_file(kind, rng, company, draft.at, invoice)
    if sender == "customer" and topic.screenshots:
        return screenshot(rng.choice(topic.screenshots), company)
    return None


def attach_files(rng: random.Random, topic: Topic, company: Company, drafts: list[Draft],
            invoice: str) -> None:  # fmt: skip
    for i, draft in enumerate(drafts):
        promised = promised_file(rng, topic, company, draft, invoice, opener=i == 0)
        draft.files += [promised] if promised else []
    customer_msgs = [d for d in drafts if d.role == "C"]
    pictures = any(f[1].startswith("image/") for d in drafts for f in d.files)
    if topic.screenshots and not pictures and rng.random() < 0.3:
        first = customer_msgs[0]
        target = first if len(customer_msgs) == 1 or rng.random() < 0.7 else None
        if target is None:
            target = rng.choice(customer_msgs[1:])
            if rng.random() < 0.3:  # the picture says it all
                target.body = rng.choice(LANGS[company.lang].GENERIC["empty_with_file"])
        target.files.append(screenshot(rng.choice(topic.screenshots), company))

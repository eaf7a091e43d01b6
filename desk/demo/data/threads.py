"""Threads of demo tickets: who writes when, what they say, and which files they send."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desk.demo.data import timing
from desk.demo.data.attachments import FileTuple, extra_file, screenshot
from desk.demo.data.people import Company
from desk.demo.data.queue_plan import Fate
from desk.demo.data.stories import Line, follow_up
from desk.demo.data.topics import LANGS, Topic


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
class ScriptedMessage:
    role: str  # C customer, A agent, N internal note, R resolution, T thanks
    author: str
    body: str
    at: datetime
    files: list[FileTuple] = field(default_factory=list)


GAP = timedelta(seconds=30)  # nobody answers faster than this


def _whole(t: datetime) -> datetime:
    return t.replace(microsecond=0)


def natural_times(rng: random.Random, lines: list[Line], opened: datetime) -> list[datetime]:
    """When each message would come if the conversation ran its course from ``opened``."""
    times = [opened]
    for line in lines[1:]:
        step = {"C": timing.customer_reply, "T": timing.customer_reply,
                "N": timing.internal_note}.get(line.role, timing.staff_reply)  # fmt: skip
        times.append(max(_whole(step(rng, times[-1])), times[-1] + GAP))
    return times


def squeeze(times: list[datetime], end: datetime) -> list[datetime]:
    """The same conversation, faster, so that it ends by ``end`` (order and gaps kept)."""
    start, last = times[0], times[-1]
    if last <= end:
        return times
    factor = (end - start) / (last - start)
    out = [start]
    for t in times[1:]:
        out.append(max(_whole(start + (t - start) * factor), out[-1] + GAP))
    return out


def shape(rng: random.Random, fate: Fate, lines: list[Line], opened: datetime, now: datetime,
          owing_since: datetime | None) -> tuple[list[Line], list[datetime]]:  # fmt: skip
    """The part of a story that has happened by ``now`` for a ticket of this fate, and when.

    NEW: only the opening message (now and then a follow-up); REPLIED: up to a customer
    line after at least one staff reply, that last line at ``owing_since``; ANSWERED: up
    to a staff reply; CLOSED: the whole story."""
    if fate is Fate.NEW:
        assert owing_since is not None
        if rng.random() < 0.12:
            first = owing_since - timedelta(minutes=rng.uniform(15, 120))
            return [lines[0], follow_up(rng)], [_whole(first), owing_since]
        return [lines[0]], [owing_since]
    times = natural_times(rng, lines, opened)
    if fate is Fate.CLOSED:
        return lines, squeeze(times, now - timedelta(minutes=rng.uniform(30, 180)))
    if fate is Fate.REPLIED:
        assert owing_since is not None
        answered = [i for i, line in enumerate(lines) if line.role == "A"]
        turns = [i for i, line in enumerate(lines) if line.role == "C" and i > answered[0]]
        fits = [i for i in turns if times[i - 1] <= owing_since - timedelta(minutes=5)]
        i = rng.choice(fits) if fits else turns[0]
        earlier = squeeze(times[:i], owing_since - timedelta(minutes=5))
        return lines[: i + 1], [*earlier, owing_since]
    end = now - timedelta(minutes=2)
    replies = [i for i, line in enumerate(lines) if line.role == "A"]
    fits = [i for i in replies if times[i] <= end and not lines[i].generic]
    fits = fits or [i for i in replies if times[i] <= end]
    i = rng.choice(fits) if fits else replies[0]
    return lines[: i + 1], squeeze(times[: i + 1], end)


# A line that promises a file ("Screenshot attached", "Прикладываю лог") gets one.
_PROMISES_FILE = re.compile(
    r"attach|приклад|вложени|скрин|screenshot|here is the file|вот файл|example file", re.I
)
_PROMISES_PICTURE = re.compile(r"скрин|screenshot", re.IGNORECASE)


def promised_file(rng: random.Random, topic: Topic | None, company: Company, draft: ScriptedMessage,
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


def attach_files(rng: random.Random, topic: Topic, company: Company, drafts: list[ScriptedMessage],
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

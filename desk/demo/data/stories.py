"""Storylines: each demo conversation tells one problem in order, in the customer's language.

A story is a script of tokens that index the topic's line pools (the pools are aligned
across languages, line ``i`` of a pool means the same thing in every language):

- ``o2`` the customer's opening message ``open[2]``; ``c1`` customer line ``customer[1]``;
  ``a3`` agent line ``agent[3]``; ``r0`` the closing line ``resolve[0]``;
- ``ga4`` / ``gc0`` / ``gr`` the generic agent line 4, customer line 0, closing line;
- ``t`` a generic thank-you from the customer.

Scripts alternate customer and agent (question, clarification, fix, confirmation) and
end with the closing line. Each story also says which titles of the topic fit it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Generic (agent, customer) exchanges that fit right after a problem report, before the
# real answer: "checking now" - "it also happened at ...", "passed to engineers" - "ok".
_FILLERS = (("ga0", "gc5"), ("ga2", "gc4"))
# A customer's second message before anyone answered.
_PINGS = ("gc0", "gc6", "gc2")


@dataclass(frozen=True)
class Story:
    titles: tuple[int, ...]  # indices into the topic's titles that fit this story
    long_title: bool  # whether the topic's long title fits too
    script: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """One message of a planned thread: who writes it and which line says it."""

    role: str  # C customer, A agent, N internal note, R closing reply, T thanks after it
    pool: str  # "open", "customer", "agent", "notes", "resolve", "thanks"
    index: int | None  # None: any line of the pool not used yet
    generic: bool = False


def _s(titles: tuple[int, ...], long_title: bool, script: str) -> Story:
    return Story(titles, long_title, tuple(script.split()))


STORIES: dict[str, tuple[Story, ...]] = {
    "tg_silent": (
        _s((0, 1, 2, 3, 4), True, "o0 a0 c0 a3 c1 a2 t r0"),
        _s((0, 1, 2, 3, 4), True, "o1 a0 c3 a3 c1 a2 t r1"),
        _s((0, 2, 3, 4), False, "o2 a3 c1 a2 c2 ga4 t r1"),
    ),
    "webhook": (
        _s((0, 1, 3), True, "o0 a0 c0 a3 c2 a2 c3 r1"),
        _s((0, 1, 3, 4), False, "o1 a1 c1 a0 c2 a2 c3 r0"),
        _s((0, 2), False, "o2 a0 c1 a3 c3 r1"),
    ),
    "kb_upload": (
        _s((0, 1, 3), True, "o0 a1 c2 a3 c3 r0"),
        _s((2,), False, "o1 a0 c0 a1 c1 ga5 c2 a3 c3 r0"),
        _s((0, 1, 3), False, "o2 a2 c2 a3 c3 r0"),
    ),
    "wrong_prices": (
        _s((0, 1, 2, 3), True, "o0 a1 c1 a3 c3 r0"),
        _s((0, 1, 2), True, "o1 a0 c0 a2 c2 a3 c3 r0"),
        _s((0, 1, 3), False, "o2 a0 c0 a1 c1 a2 c2 a3 c3 r0"),
    ),
    "handoff": (
        _s((0, 1, 2, 3), True, "o0 a1 c0 a3 c3 r0"),
        _s((0, 1, 2), False, "o1 a0 c2 ga4 t r0"),
        _s((0, 1, 2), False, "o2 a3 c3 r0"),
    ),
    "billing": (
        _s((0,), True, "o0 a0 c1 a1 t gr"),
        _s((1, 2), False, "o1 a2 c0 a5 c1 r0"),
        _s((1, 4), False, "o1 a2 c2 a4 c1 r0"),
        _s((2, 3), False, "o2 a3 c3 gr"),
    ),
    "channels": (
        _s((0, 3), False, "o0 a1 c1 a4 c4 r0"),
        _s((1, 2), True, "o1 a0 c0 a2 c2 ga4 c4 r0"),
        _s((1, 3), False, "o2 a3 c3 r0"),
    ),
    "crm": (
        _s((0, 1, 3), False, "o0 a0 c0 a1 c2 a3 c1 r0"),
        _s((2,), True, "o1 a2 c3 r0"),
        _s((0, 3), False, "o2 a0 c0 a1 c2 r0"),
    ),
    "voice": (
        _s((0, 1, 2), True, "o0 a1 c1 a0 c0 r0"),
        _s((0, 3), False, "o1 a0 c0 r0"),
    ),
    "export": (
        _s((0, 1), True, "o0 a0 c0 r0"),
        _s((1, 2), False, "o1 a0 c1 gr"),
    ),
    "howto": (
        _s((0,), False, "o0 a0 c0 r0"),
        _s((1, 2), True, "o1 a1 c1 r0"),
        _s((3,), False, "o2 a2 c0 r0"),
    ),
}


def parse(token: str) -> Line:
    generic = token.startswith("g")
    kind, digits = token.lstrip("g")[:1], token.lstrip("g")[1:]
    index = int(digits) if digits else None
    if kind == "t":
        return Line("C", "thanks", None, True)
    role, pool = {"o": ("C", "open"), "c": ("C", "customer"), "a": ("A", "agent"),
                  "r": ("R", "resolve")}[kind]  # fmt: skip
    return Line(role, pool, index, generic)


def _after_customer(lines: list[Line]) -> list[int]:
    """Positions right after a customer line that staff answer: where an internal note
    (a colleague's finding before the reply) fits."""
    return [
        i + 1
        for i in range(len(lines) - 1)
        if lines[i].role == "C" and lines[i + 1].role in ("A", "N")
    ]


MAX_MESSAGES = 15


def full_thread(rng: random.Random, story: Story, notes: int, *, technical: bool) -> list[Line]:
    """The whole conversation of a story up to closing, with the odd internal note and
    customer follow-up woven in where they fit; a technical problem may take a holding
    reply or two first. At most MAX_MESSAGES in all."""
    lines = [parse(t) for t in story.script]
    body, closing = lines[:-1], lines[-1]
    if technical:
        room = max(0, (MAX_MESSAGES - len(lines) - notes - 2) // 2)  # 2: follow-up, thanks
        count = min(room, rng.choices((0, 1, 2), (55, 30, 15))[0])
        body[1:1] = [parse(t) for filler in _FILLERS[:count] for t in filler]
    if rng.random() < 0.15:  # the customer chases before anyone answered
        body.insert(1, parse(rng.choice(_PINGS)))
    for _ in range(notes):
        body.insert(rng.choice(_after_customer(body)), Line("N", "notes", None))
    tail = [closing]
    if body[-1].pool != "thanks" and rng.random() < 0.35:
        tail.append(Line("T", "thanks", None, True))
    return body + tail


def follow_up(rng: random.Random) -> Line:
    return parse(rng.choice(_PINGS))


class Texts:
    """Turns planned lines into text, never repeating a line within a thread."""

    def __init__(self, rng: random.Random, topic_lines: dict[str, tuple[str, ...]],
                 generic: dict[str, tuple[str, ...]]) -> None:  # fmt: skip
        self.rng = rng
        self.topic_lines = topic_lines
        self.generic = generic
        self.used: set[str] = set()

    def text(self, line: Line) -> str:
        pools = self.generic if line.generic else self.topic_lines
        if line.index is not None:
            chosen = pools[line.pool][line.index]
        elif line.pool == "notes":  # one of the topic's own findings, then generic notes
            own = self.topic_lines["notes"]
            fresh = [s for s in self.generic["notes"] if s not in self.used]
            if own and not self.used & set(own):
                chosen = self.rng.choice(own)
            else:
                chosen = self.rng.choice(fresh or self.generic["notes"])
        else:
            fresh = [s for s in pools[line.pool] if s not in self.used]
            chosen = self.rng.choice(fresh or pools[line.pool])
        self.used.add(chosen)
        return chosen

"""Users: ``make_user`` (and ``agent``, ``admin``, ``customer``) and the shared cast.

The cast are people several test modules meet; a test that needs someone else makes
them with ``agent("Cher")`` or ``customer("Ё", company=None)``. Ids are unique across
the cast, so any two of them can share a test.
"""

from __future__ import annotations

from desk.domain import Role, User

from .ids import next_id


def make_user(
    name: str | None = None,
    *,
    id: int | None = None,
    role: Role = Role.AGENT,
    email: str | None = None,
    company: str | None = None,
) -> User:
    """A user; without an id the next in sequence, the name and e-mail follow from it."""
    uid = next_id("user") if id is None else id
    if name is None:
        name = f"{role.value.capitalize()} {uid}"
    if email is None:
        domain = "example.com" if role is Role.CUSTOMER else "desk.example"
        email = f"{role.value}{uid}@{domain}"
    return User(id=uid, name=name, email=email, role=role, company=company)


def agent(name: str | None = None, *, id: int | None = None, email: str | None = None) -> User:
    """A staff member with the agent role."""
    return make_user(name, id=id, role=Role.AGENT, email=email)


def admin(name: str | None = None, *, id: int | None = None, email: str | None = None) -> User:
    """A staff member with the admin role."""
    return make_user(name, id=id, role=Role.ADMIN, email=email)


def customer(
    name: str | None = None,
    *,
    id: int | None = None,
    email: str | None = None,
    company: str | None = None,
) -> User:
    """A customer, with a company when given one."""
    return make_user(name, id=id, role=Role.CUSTOMER, email=email, company=company)


# --- the cast ---------------------------------------------------------------------

# The queue's people: ME is the signed-in agent, the rest are colleagues.
ME = agent("Anna Smirnova", id=900, email="anna@desk.example")
COLLEAGUE = agent("Dmitry Volkov", id=901, email="dmitry@desk.example")
OLGA_KUZNETSOVA = agent("Olga Kuznetsova", id=902, email="olga@desk.example")
SAM_TAYLOR = admin("Sam Taylor", id=903, email="sam@desk.example")
AGENTS = [ME, COLLEAGUE, OLGA_KUZNETSOVA, SAM_TAYLOR]

# The default customer of tickets and author of messages.
CUSTOMER = customer("Ivan Petrov", id=1, email="ivan@romashka.ru", company="ООО Ромашка")

# Chat, macros and the context panel.
ALEX_MORGAN = agent("Alex Morgan", id=2, email="alex@desk.example")
DMITRY_SOKOLOV = admin("Dmitry Sokolov", id=3, email="sokolov@desk.example")
IRINA_PETROVA = customer("Ирина Петрова", id=10, email="irina@example.ru", company="ООО Ромашка")
OLGA_IVANOVA = customer("Ольга Иванова", id=20, email="olga@romashka.ru", company="ООО Ромашка")

# Collaboration: two colleagues on one ticket, and their customer.
ANNA_KOTOVA = agent("Анна Котова", id=11, email="anna@desk.test")
BORIS_IVANOV = admin("Boris Ivanov", id=12, email="boris@desk.test")
OLGA_PETROVA = customer("Olga Petrova", id=13, email="olga@shop.test", company="Shop")

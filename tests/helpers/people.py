"""Users: ``make_user`` (and ``make_agent``, ``make_admin``, ``make_customer``) and the cast.

The cast are people several test modules meet; a test that needs someone else makes
them with ``make_agent("Cher")`` or ``make_customer("Ё")``. Ids are unique across the
cast, so any two of them can share a test.
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


def make_agent(name: str | None = None, *, id: int | None = None, email: str | None = None) -> User:
    """A staff member with the agent role."""
    return make_user(name, id=id, role=Role.AGENT, email=email)


def make_admin(name: str | None = None, *, id: int | None = None, email: str | None = None) -> User:
    """A staff member with the admin role."""
    return make_user(name, id=id, role=Role.ADMIN, email=email)


def make_customer(
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
ME = make_agent("Anna Smirnova", id=900, email="anna@desk.example")
COLLEAGUE = make_agent("Dmitry Volkov", id=901, email="dmitry@desk.example")
OLGA_KUZNETSOVA = make_agent("Olga Kuznetsova", id=902, email="olga@desk.example")
SAM_TAYLOR = make_admin("Sam Taylor", id=903, email="sam@desk.example")
AGENTS = [ME, COLLEAGUE, OLGA_KUZNETSOVA, SAM_TAYLOR]

# The default customer of tickets and author of messages.
CUSTOMER = make_customer("Ivan Petrov", id=1, email="ivan@romashka.ru", company="ООО Ромашка")

# Chat, macros and the context panel.
ALEX_MORGAN = make_agent("Alex Morgan", id=2, email="alex@desk.example")
DMITRY_SOKOLOV = make_admin("Dmitry Sokolov", id=3, email="sokolov@desk.example")
IRINA_PETROVA = make_customer(
    "Ирина Петрова", id=10, email="irina@example.ru", company="ООО Ромашка"
)
OLGA_IVANOVA = make_customer(
    "Ольга Иванова", id=20, email="olga@romashka.ru", company="ООО Ромашка"
)

# Collaboration: two colleagues on one ticket, and their customer.
ANNA_KOTOVA = make_agent("Анна Котова", id=11, email="anna@desk.test")
BORIS_IVANOV = make_admin("Boris Ivanov", id=12, email="boris@desk.test")
OLGA_PETROVA = make_customer("Olga Petrova", id=13, email="olga@shop.test", company="Shop")

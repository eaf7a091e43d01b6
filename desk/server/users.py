"""User accounts: creation (CLI, seeding, tests) and lookups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.domain import Role, normalize_email
from desk.server.db.models import User
from desk.server.security import Passwords


class UserExistsError(ValueError):
    pass


def create_user(
    session: Session,
    passwords: Passwords,
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    company: str | None = None,
    now: datetime,
) -> User:
    email = normalize_email(email)
    if not email or "@" not in email:
        raise ValueError(f"not an email address: {email!r}")
    if not name.strip():
        raise ValueError("a name is required")
    if find_by_email(session, email) is not None:
        raise UserExistsError(f"a user with email {email} already exists")
    user = User(
        email=email,
        name=name.strip(),
        role=Role(role).value,
        company=company,
        password_hash=passwords.hash(password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def find_by_email(session: Session, email: str) -> User | None:
    return session.execute(
        select(User).where(User.email == normalize_email(email))
    ).scalar_one_or_none()

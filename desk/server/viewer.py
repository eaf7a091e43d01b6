"""The signed-in caller, as every permission check and rendering sees them."""

from __future__ import annotations

from dataclasses import dataclass

from desk.domain import Role


@dataclass(frozen=True)
class Viewer:
    """The signed-in caller."""

    id: int
    name: str
    email: str
    role: Role
    company: str | None
    token_hash: str = ""

    @property
    def is_staff(self) -> bool:
        return self.role.is_staff

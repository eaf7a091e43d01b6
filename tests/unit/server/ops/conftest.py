from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from desk.server.config import Settings


def quick_settings(root: Path, **overrides: Any) -> Settings:
    """Settings for an app under `root`, with cheap argon2."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{root / 'desk.db'}",
        "data_dir": root / "data",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "argon2_parallelism": 1,
    }
    return Settings(**{**values, **overrides})


def get_without_lifespan(app: FastAPI, path: str) -> httpx.Response:
    """One GET straight into the app (its lifespan not run: nothing migrated)."""

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            return await client.get(path)

    return asyncio.run(call())

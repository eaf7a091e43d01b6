"""Attachment files for demo messages, as (filename, content type, bytes)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from desk.demo.data import files
from desk.demo.data.people import COMPANIES, Company
from desk.demo.data.screenshots import admin_page, telegram_chat

FileTuple = tuple[str, str, bytes]


def screenshot(kind: tuple[str, str], company: Company) -> FileTuple:
    """A screenshot of ``kind`` for this company; each company keeps one visual variant,
    so the whole demo needs a few dozen renders, all cached."""
    what, which = kind
    variant = COMPANIES.index(company) % 3
    if what == "telegram":
        shot = telegram_chat(company.lang, which, company.bot, variant)
    else:
        shot = admin_page(company.lang, which, company.name, company.domain, variant)
    return shot.filename, "image/png", shot.data


def extra_file(
    kind: str, rng: random.Random, company: Company, when: datetime, invoice: str | None = None
) -> FileTuple:
    ru = company.lang == "ru"
    if kind == "log":
        return "webhook-log.txt", "text/plain", files.webhook_log(rng, when, company.domain)
    if kind == "invoice":
        number = invoice or f"INV-{when:%Y%m}-{rng.randint(100, 999)}"
        data = files.invoice_pdf(rng, company.name, number)
        return f"{'Счёт' if ru else 'Invoice'} {number}.pdf", "application/pdf", data
    if kind == "price_list":
        name = "прайс-лист-2025.pdf" if ru else "price-list-2025.pdf"
        return name, "application/pdf", files.price_list_pdf(rng, company.product)
    if kind == "kb_zip":
        name = "база-знаний.zip" if ru else "knowledge-base.zip"
        return name, "application/zip", files.knowledge_zip(company.lang, company.name)
    if kind == "export_zip":
        data = files.analytics_export_zip(rng, when - timedelta(days=14))
        return "analytics-export.zip", "application/zip", data
    raise ValueError(f"unknown attachment kind {kind!r}")

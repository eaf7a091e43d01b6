"""Small non-image attachments for the demo: a log excerpt, a one-page PDF, a ZIP."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime, timedelta

_FIXED_ZIP_TIME = (2025, 3, 14, 9, 30, 0)  # zip entries carry a time; keep bytes stable


def webhook_log(rng: random.Random, when: datetime, domain: str) -> bytes:
    """An excerpt of the platform's delivery log, the way a customer would paste it."""
    lines = []
    t = when.replace(second=0, microsecond=0) - timedelta(minutes=30)
    for _ in range(rng.randint(12, 22)):
        t += timedelta(seconds=rng.randint(20, 240))
        event = rng.choice(["message.created", "dialog.started", "lead.created"])
        if rng.random() < 0.8:
            code, ms = rng.choice([502, 502, 502, 504]), rng.randint(80, 30_000)
            level, note = "ERROR", "Bad Gateway" if code == 502 else "Gateway Timeout"
        else:
            code, ms, level, note = 200, rng.randint(90, 600), "INFO", "OK"
        lines.append(
            f"{t:%Y-%m-%d %H:%M:%S} {level:<5} webhook POST https://crm.{domain}/hooks/aitextura"
            f" event={event} -> {code} {note} ({ms} ms) attempt={rng.randint(1, 5)}"
        )
    return ("\n".join(lines) + "\n").encode()


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF with Helvetica text (ASCII only: no embedded font)."""
    stream = [f"BT /F1 20 Tf 72 770 Td ({_pdf_text(title)}) Tj ET"]
    for i, line in enumerate(lines):
        stream.append(f"BT /F1 11 Tf 72 {730 - 18 * i} Td ({_pdf_text(line)}) Tj ET")
    content = "\n".join(stream).encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def invoice_pdf(rng: random.Random, company: str, number: str) -> bytes:
    ascii_company = company.encode("ascii", "ignore").decode().strip() or "Customer"
    amount = rng.choice([49, 99, 199, 299])
    return simple_pdf(
        f"Invoice {number}",
        [
            "AI Textura Ltd - AI assistants for messengers",
            f"Bill to: {ascii_company}",
            "",
            f"Business plan, 1 month .......... {amount}.00 USD",
            f"Extra messages (5,000) .......... {amount // 5}.00 USD",
            "",
            f"Total due: {amount + amount // 5}.00 USD",
            "Payment terms: 10 days. Thank you for your business!",
        ],
    )


def price_list_pdf(rng: random.Random, product: str) -> bytes:
    ascii_product = product.encode("ascii", "ignore").decode().strip() or "Item"
    rows = [f"{ascii_product} ....... {rng.randint(20, 90)}.00"]
    rows += [f"Item {i:03d} ....... {rng.randint(5, 120)}.00" for i in range(1, 12)]
    return simple_pdf("Price list - valid from the 1st of the month", rows)


def zip_archive(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, _FIXED_ZIP_TIME), data)
    return out.getvalue()


def knowledge_zip(lang: str, company: str) -> bytes:
    if lang == "ru":
        faq = f"Частые вопросы — {company}\n\nВ: Есть ли доставка?\nО: Да, ежедневно с 9 до 21.\n"
        names = ("faq.txt", "доставка.txt")
        delivery = "Доставка по городу — 350 ₽, бесплатно от 5 000 ₽.\n"
    else:
        faq = f"FAQ - {company}\n\nQ: Do you deliver?\nA: Yes, every day from 9am to 9pm.\n"
        names = ("faq.txt", "delivery.txt")
        delivery = "Delivery within the city is free for orders over 50.\n"
    return zip_archive({names[0]: faq.encode(), names[1]: delivery.encode()})


def analytics_export_zip(rng: random.Random, start: datetime) -> bytes:
    rows = ["date,dialogs,messages,handoffs,leads"]
    for day in range(14):
        d = (start + timedelta(days=day)).date()
        dialogs = rng.randint(40, 260)
        row = f"{d},{dialogs},{dialogs * rng.randint(4, 9)},{rng.randint(0, 12)},{dialogs // 6}"
        rows.append(row)
    return zip_archive({"dialogs-by-day.csv": ("\n".join(rows) + "\n").encode()})

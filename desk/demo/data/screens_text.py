"""The words inside the demo screenshots, in English and Russian."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChatLine:
    text: str
    time: str
    outgoing: bool  # sent by the customer's tester, i.e. to the bot
    read: bool = True


@dataclass(frozen=True)
class ChatScript:
    clock: str
    status: str
    day: str
    placeholder: str
    lines: tuple[ChatLine, ...]


_PRICES = {
    "en": [("the Spring Mood bouquet", "£39", "£45"), ("teeth whitening", "$180", "$240"),
           ("the 1 kg Colombia Huila", "€24", "€29")],
    "ru": [("букет «Весеннее настроение»", "2 490 ₽", "3 190 ₽"),
           ("профессиональная чистка зубов", "3 900 ₽", "4 700 ₽"),
           ("Эфиопия Иргачефф 1 кг", "2 100 ₽", "2 650 ₽")],
}  # fmt: skip


def _silent(lang: str, bot: str, v: int) -> list[ChatLine]:
    m = 2 + v * 3
    if lang == "ru":
        return [
            ChatLine(
                f"Здравствуйте! Я {bot}, помогу с заказом, ценами и доставкой.", "09:12", False
            ),
            ChatLine("Добрый день! Можно заказать на завтра к 10 утра?", "09:13", True),
            ChatLine("Да, конечно. Укажите адрес доставки, пожалуйста.", "09:13", False),
            ChatLine("Спасибо, чуть позже напишу", "09:15", True),
            ChatLine("Здравствуйте, вы работаете?", f"14:0{m}", True),
            ChatLine("Алло", f"14:1{m}", True, read=False),
            ChatLine("Бот, ответь пожалуйста" if v == 2 else "?", f"14:2{m}", True, read=False),
        ]
    return [
        ChatLine(f"Hi! I'm {bot}. Ask me about orders, prices or delivery.", "09:12", False),
        ChatLine("Hello, can I book for tomorrow at 10am?", "09:13", True),
        ChatLine("Of course! Which location would you prefer?", "09:13", False),
        ChatLine("The one on High Street, thanks", "09:14", True),
        ChatLine("Hi, are you there?", f"14:0{m}", True),
        ChatLine("Hello??", f"14:1{m}", True, read=False),
        ChatLine("test" if v == 1 else "Anyone? The bot isn't replying", f"14:2{m}", True, False),
    ]


def _wrong_price(lang: str, bot: str, v: int) -> list[ChatLine]:
    product, old, new = _PRICES[lang][v % 3]
    if lang == "ru":
        return [
            ChatLine(f"Сколько стоит {product}?", "11:40", True),
            ChatLine(
                f"{product[:1].upper()}{product[1:]} стоит {old}. Оформить заказ?", "11:40", False
            ),
            ChatLine(f"На сайте написано {new}, где правильно?", "11:42", True),
            ChatLine(f"Актуальная цена — {old}. Могу помочь с чем-то ещё?", "11:42", False),
        ]
    return [
        ChatLine(f"How much is {product}?", "11:40", True),
        ChatLine(
            f"{product[:1].upper()}{product[1:]} is {old}. Shall I place an order?", "11:40", False
        ),
        ChatLine(f"Your website says {new}. Which one is right?", "11:42", True),
        ChatLine(f"The current price is {old}. Anything else I can help with?", "11:42", False),
    ]


def _no_handoff(lang: str, bot: str, v: int) -> list[ChatLine]:
    if lang == "ru":
        return [
            ChatLine("Хочу поговорить с живым человеком", "16:05", True),
            ChatLine(f"Я {bot}, виртуальный помощник. Чем могу помочь?", "16:05", False),
            ChatLine("Позовите оператора", "16:06", True),
            ChatLine("Я могу рассказать о ценах, записи и доставке.", "16:06", False),
            ChatLine("ОПЕРАТОР!!!", "16:07", True),
            ChatLine("Извините, я не понял вопрос. Попробуйте переформулировать.", "16:07", False),
        ]
    return [
        ChatLine("I need to talk to a real person", "16:05", True),
        ChatLine(f"I'm {bot}, a virtual assistant. How can I help?", "16:05", False),
        ChatLine("Connect me to an operator please", "16:06", True),
        ChatLine("I can tell you about prices, bookings and delivery.", "16:06", False),
        ChatLine("HUMAN. OPERATOR. PLEASE", "16:07", True),
        ChatLine("Sorry, I didn't get that. Could you rephrase?", "16:07", False),
    ]


_SCENARIOS = {"silent": _silent, "wrong_price": _wrong_price, "no_handoff": _no_handoff}
SCENARIOS = tuple(_SCENARIOS)


def chat_script(lang: str, scenario: str, bot: str, variant: int) -> ChatScript:
    lines = tuple(_SCENARIOS[scenario](lang, bot, variant))
    clock = lines[-1].time
    if lang == "ru":
        return ChatScript(clock, "бот", "Сегодня", "Сообщение", lines)
    return ChatScript(clock, "bot", "Today", "Message", lines)


_NAV = {
    "en": ["Assistants", "Conversations", "Knowledge base", "Channels", "Integrations",
           "Analytics", "Billing"],
    "ru": ["Ассистенты", "Диалоги", "База знаний", "Каналы", "Интеграции", "Аналитика",
           "Оплата"],
}  # fmt: skip

_PAGE_TEXT = {
    ("en", "webhook"): [
        "Integrations › Webhooks",
        "Webhook failed: 502 Bad Gateway",
        "Last successful delivery at 13:58 · {n} events are waiting to be retried",
        "POST https://crm.{domain}/hooks/aitextura",
    ],
    ("ru", "webhook"): [
        "Интеграции › Вебхуки",
        "Ошибка вебхука: 502 Bad Gateway",
        "Последняя успешная доставка в 13:58 · в очереди {n} событий",
        "POST https://crm.{domain}/hooks/aitextura",
    ],
    ("en", "knowledge"): [
        "Knowledge base",
        "Upload failed",
        "price-list-2025.pdf: no text could be extracted. Is it a scanned document?",
        "+ Upload files",
    ],
    ("ru", "knowledge"): [
        "База знаний",
        "Ошибка загрузки",
        "прайс-лист-2025.pdf: не удалось извлечь текст. Возможно, это скан?",
        "+ Загрузить",
    ],
    ("en", "handoff"): [
        "Assistant › Handoff to a human",
        "No operators are online: handoff requests are queued.",
        "Save",
        "Hand off when the customer asks for a person|toggle|on",
        "Hand off after failed answers|toggle|off",
        "Failed answers before handoff|input|3",
        "Operator group|select|Sales team",
        "Working hours|input|Mon–Fri 09:00–18:00",
        "Message while waiting|input|An operator will reply shortly",
        "Notify operators in Telegram|toggle|on",
    ],
    ("ru", "handoff"): [
        "Ассистент › Перевод на оператора",
        "Нет операторов в сети: запросы на перевод ждут в очереди.",
        "Сохранить",
        "Переводить, когда клиент просит человека|toggle|on",
        "Переводить после неудачных ответов|toggle|off",
        "Неудачных ответов до перевода|input|3",
        "Группа операторов|select|Отдел продаж",
        "Рабочее время|input|Пн–Пт 09:00–18:00",
        "Сообщение на время ожидания|input|Оператор скоро ответит",
        "Уведомлять операторов в Telegram|toggle|on",
    ],
}

_EVENTS = ["message.created", "dialog.started", "lead.created", "handoff.requested"]
_KB_FILES = {
    "en": ["FAQ.docx|48 KB|Indexed", "delivery-terms.pdf|120 KB|Indexed",
           "price-list-2025.pdf|3.4 MB|!Failed", "opening-hours.txt|2 KB|Indexed",
           "menu-spring.pdf|860 KB|~Processing", "returns-policy.docx|31 KB|Indexed"],
    "ru": ["Частые вопросы.docx|48 КБ|Готово", "условия-доставки.pdf|120 КБ|Готово",
           "прайс-лист-2025.pdf|3,4 МБ|!Ошибка", "часы-работы.txt|2 КБ|Готово",
           "меню-весна.pdf|860 КБ|~Обработка", "возвраты.docx|31 КБ|Готово"],
}  # fmt: skip


def page_text(lang: str, page: str, domain: str, variant: int) -> list[str]:
    """Seven sidebar items, then the page's own strings (rows are ``|``-separated)."""
    lines = [s.format(n=17 + variant * 9, domain=domain) for s in _PAGE_TEXT[(lang, page)]]
    if page == "webhook":
        for i in range(9):  # newest first; failures since the banner's 13:58
            t = 14 * 60 + 31 - i * 6 - variant * 2
            code = ("502" if i % 4 else "504") if t > 13 * 60 + 58 else "200"
            ms = f"{30_000 if code == '504' else 180 + i * 37 + variant * 11} ms"
            lines.append(f"{t // 60}:{t % 60:02d}|{_EVENTS[i % 4]}|{code}|{ms}")
    elif page == "knowledge":
        files = _KB_FILES[lang]
        lines += files[variant % 2 :] + files[: variant % 2]
    return _NAV[lang] + lines

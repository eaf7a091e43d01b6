"""Who is in the demo: the support team and the platform's customer companies."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Company:
    key: str
    name: str
    lang: str  # "en" | "ru": everyone at the company writes in it
    domain: str
    bot: str  # the name of their AI assistant
    crm: str
    channel: str  # the messenger they are adding or fighting with
    product: str
    old_price: str
    new_price: str
    contacts: tuple[tuple[str, str], ...]  # (first name, last name)


COMPANIES: tuple[Company, ...] = (
    Company("flora", "Флора Экспресс", "ru", "flora-express.ru", "Флора-бот", "amoCRM",
            "WhatsApp", "букет «Весеннее настроение»", "2 490 ₽", "3 190 ₽",
            (("Ольга", "Смирнова"), ("Максим", "Петров"), ("Екатерина", "Орлова"))),
    Company("ulybka", "Сеть клиник «Улыбка»", "ru", "ulybka-dental.ru", "Ассистент Улыбки",
            "Bitrix24", "WhatsApp", "профессиональная чистка", "3 900 ₽", "4 700 ₽",
            (("Наталья", "Ковалёва"), ("Артём", "Зайцев"), ("Светлана", "Морозова"),
             ("Игорь", "Белов"))),
    Company("avtodom", "Автодом Север", "ru", "avtodom-sever.ru", "Автодом-помощник",
            "Bitrix24", "Instagram", "тест-драйв Haval Jolion", "бесплатно", "бесплатно",
            (("Денис", "Крылов"), ("Алина", "Гусева"))),
    Company("zerno", "Обжарочная «Зерно»", "ru", "zerno.coffee", "Зерно-бот", "amoCRM",
            "Instagram", "Эфиопия Иргачефф 1 кг", "2 100 ₽", "2 650 ₽",
            (("Павел", "Соловьёв"), ("Дарья", "Никитина"), ("Роман", "Фёдоров"))),
    Company("lingva", "Языковая школа «Лингва Плюс»", "ru", "lingvaplus.ru", "Лингва-бот",
            "amoCRM", "WhatsApp", "курс английского B1 (32 урока)", "24 000 ₽", "27 500 ₽",
            (("Юлия", "Васильева"), ("Андрей", "Медведев"))),
    Company("fitpro", "ФитПро", "ru", "fitpro.club", "ФитПро-ассистент", "Bitrix24",
            "WhatsApp", "годовой абонемент", "29 900 ₽", "34 900 ₽",
            (("Кирилл", "Егоров"), ("Марина", "Тарасова"), ("Виктория", "Лебедева"))),
    Company("bloom", "Bloom & Petal", "en", "bloomandpetal.co.uk", "Petal", "HubSpot",
            "WhatsApp", "the Spring Mood bouquet", "£39", "£45",
            (("Emma", "Clarke"), ("Oliver", "Hughes"), ("Sophie", "Turner"))),
    Company("brightsmile", "BrightSmile Dental", "en", "brightsmile.dental", "Smiley",
            "Pipedrive", "WhatsApp", "teeth whitening", "$180", "$240",
            (("Michael", "Reyes"), ("Laura", "Bennett"), ("Priya", "Shah"), ("Tom", "Walsh"))),
    Company("polyglot", "Polyglot Academy", "en", "polyglot.academy", "Poly", "HubSpot",
            "Instagram", "the 10-lesson Spanish course", "€220", "€260",
            (("Lucía", "Fernández"), ("Daniel", "Wright"))),
    Company("northside", "Northside Motors", "en", "northsidemotors.com", "Max", "Salesforce",
            "WhatsApp", "a 30-minute test drive", "free", "free",
            (("James", "O'Connor"), ("Hannah", "Lee"), ("Chris", "Morgan"))),
    Company("roast", "Roast Republic", "en", "roastrepublic.com", "Barista Bot", "Pipedrive",
            "Instagram", "the 1 kg Colombia Huila", "€24", "€29",
            (("Ethan", "Brooks"), ("Mia", "Schneider"), ("Noah", "Kim"))),
    Company("casaverde", "Casa Verde Boutique Hotel", "en", "casaverde.es", "Verde",
            "Bitrix24", "WhatsApp", "a double room with breakfast", "€140", "€165",
            (("Isabel", "Romero"), ("Marco", "Bianchi"))),
)  # fmt: skip


@dataclass(frozen=True)
class StaffMember:
    key: str
    name: str
    email: str
    admin: bool


DEMO_AGENT_KEY = "demo-agent"

STAFF: tuple[StaffMember, ...] = (
    StaffMember("admin", "Ирина Соколова", "admin@demo.desk", True),
    StaffMember(DEMO_AGENT_KEY, "Alex Morgan", "agent@demo.desk", False),
    StaffMember("dmitry", "Дмитрий Волков", "dmitry@demo.desk", False),
    StaffMember("anna", "Анна Кузнецова", "anna@demo.desk", False),
    StaffMember("sam", "Sam Patel", "sam@demo.desk", False),
    StaffMember("maria", "Мария Лебедева", "maria@demo.desk", False),
)


_LATIN = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
    "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
), strict=True))  # fmt: skip


def email_local_part(first: str, last: str) -> str:
    """``o.smirnova`` for Ольга Смирнова: customers' e-mail addresses are ASCII."""
    latin = "".join(_LATIN.get(c, c) for c in f"{first[0]}.{last}".lower())
    plain = unicodedata.normalize("NFKD", latin)  # é -> e + accent, then drop the accent
    return "".join(c for c in plain if c.isascii() and (c.isalnum() or c == "."))

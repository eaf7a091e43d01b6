"""What demo tickets are about: topics with their category, weight and attachments."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from desk.demo.data import texts_en, texts_ru
from desk.domain import Category

LANGS: dict[str, ModuleType] = {"en": texts_en, "ru": texts_ru}


@dataclass(frozen=True)
class Topic:
    key: str
    category: Category
    weight: int
    # ("telegram", scenario) or ("page", admin page): what a customer's screenshot shows.
    screenshots: tuple[tuple[str, str], ...]
    # ((kinds...), "customer" | "agent"): a non-image file of one of the kinds, and its sender.
    extra: tuple[tuple[str, ...], str] | None
    keywords: tuple[str, ...]  # lower-case title fragments, to recognise a topic by title

    def lines(self, lang: str) -> dict[str, tuple[str, ...]]:
        topics: dict[str, dict[str, tuple[str, ...]]] = LANGS[lang].TOPICS
        return topics[self.key]


TOPICS: tuple[Topic, ...] = (
    Topic("tg_silent", Category.CRITICAL, 14, (("telegram", "silent"),), None,
          ("telegram", "телеграм", "не отвечает", "молчит", "silent", "replies", "answering")),
    Topic("webhook", Category.CRITICAL, 10, (("page", "webhook"),), (("log",), "customer"),
          ("webhook", "вебхук", "502", "endpoint", "сервер", "таймаут", "timeout")),
    Topic("kb_upload", Category.CONFIGURATION, 10, (("page", "knowledge"),),
          (("price_list", "kb_zip"), "customer"),
          ("knowledge", "знаний", "upload", "загруз", "обработка", "processing")),
    Topic("wrong_prices", Category.CONFIGURATION, 9, (("telegram", "wrong_price"),),
          (("price_list",), "customer"), ("price", "цен", "цены", "quotes")),
    Topic("handoff", Category.CONFIGURATION, 9,
          (("telegram", "no_handoff"), ("page", "handoff")), None,
          ("handoff", "operator", "оператор", "менеджер", "manager", "человек")),
    Topic("billing", Category.OTHER, 10, (), (("invoice",), "agent"),
          ("invoice", "счёт", "счет", "limit", "лимит", "charged", "списали", "документ", "bill")),
    Topic("channels", Category.CONFIGURATION, 10, (), None,
          ("whatsapp", "instagram", "подключ", "connect", "channel")),
    Topic("crm", Category.CONFIGURATION, 10, (), None,
          ("amocrm", "bitrix24", "hubspot", "pipedrive", "salesforce", "crm", "lead", "сделк")),
    Topic("voice", Category.FEATURE_REQUEST, 5, (), None, ("voice", "голос", "audio", "аудио")),
    Topic("export", Category.FEATURE_REQUEST, 5, (), (("export_zip",), "agent"),
          ("export", "выгруз", "экспорт", "csv", "excel", "api")),
    Topic("howto", Category.OTHER, 8, (), None, ()),
)  # fmt: skip

TOPIC_WEIGHTS = tuple(t.weight for t in TOPICS)


def topic_for_title(title: str) -> Topic | None:
    """The topic a free-form title most likely belongs to, if any keyword matches."""
    lowered = title.lower()
    for topic in TOPICS:
        if any(word in lowered for word in topic.keywords):
            return topic
    return None

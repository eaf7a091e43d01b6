"""The Russian translation and the English plural forms: they load, key texts read in
Russian (plurals included), the .ts is complete and in sync with the sources, and the
main pieces render without cut-off words (PNGs in /tmp/desk-shots/ru-*.png, for people
to look at)."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QVBoxLayout, QWidget

import desk_resources
from desk.client.api import ConnectionState
from desk.client.deadlines import DeadlineState
from desk.domain import Category, Priority
from desk_resources.tools import translations as update
from tests.helpers.clock import NOW
from tests.helpers.people import AGENTS, ME
from tests.helpers.tickets import make_ticket, realistic_tickets
from ui.app import _install_translations, _languages
from ui.chat.attachments import format_size
from ui.chat.composer import Composer
from ui.formatting import format_duration, format_relative, format_time_left
from ui.header.header import TicketHeader
from ui.mainwindow.statusbar.bar import DeskStatusBar
from ui.queue.filter_bar import FilterBar
from ui.queue.filtering import View
from ui.queue.labels import messages_label, unread_label
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView, bind_filter_bar
from ui.theme import LIGHT, palette_for

SHOTS = Path("/tmp/desk-shots")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen show() noise
PLACEHOLDER = re.compile(r"\{[a-z0-9_]*\}|%[0-9n]")


def tr(context: str, source: str, n: int = -1) -> str:
    return QCoreApplication.translate(context, source, None, n)


def _messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(update.TS_FILE).getroot()
    return [(c.findtext("name") or "", m) for c in root.iter("context") for m in c.iter("message")]


# --- loading ------------------------------------------------------------------------------


def test_the_compiled_catalogue_loads() -> None:
    translator = QTranslator()
    assert translator.load(str(update.QM_FILE))
    assert not translator.isEmpty()
    assert translator.language() == "ru_RU"
    assert translator.translate("TicketHeader", "Assign to me") == "Взять себе"


def test_desk_lang_installs_desk_and_qt_catalogues(russian: list[QTranslator]) -> None:
    names = sorted(Path(t.filePath()).name for t in russian)
    assert names == ["desk_ru.qm", "qtbase_ru.qm"]
    assert QLocale().language() is QLocale.Language.Russian  # dates follow the words


@pytest.mark.parametrize("lang", ["en", "de"])
def test_english_and_untranslated_languages_get_the_english_plurals(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    before = QLocale()
    monkeypatch.setenv("DESK_LANG", lang)
    installed = _install_translations(qapp)
    try:
        ours = [Path(t.filePath()).name for t in installed if "desk_" in t.filePath()]
        assert ours == ["desk_en.qm"]
        assert tr("TicketHeader", "Assign to me") == "Assign to me"
        assert messages_label(1) == "1 message"
        assert messages_label(5) == "5 messages"
        assert tr("Collision", "(%n attachment(s))", 1) == "(1 attachment)"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(before)


def test_the_catalogues_ship_in_the_resources_package() -> None:
    # What the app loads is what the update tool writes, inside the desk_resources package
    # (installed with the wheel); English has a catalogue of plural forms only.
    package = Path(str(files("desk_resources")))
    assert desk_resources.translation("ru") == update.QM_FILE
    assert desk_resources.translation("en") == update.EN_QM_FILE
    for target in update.TARGETS:
        assert target.qm.is_relative_to(package) and target.ts.is_relative_to(package)


def test_the_english_catalogue_holds_only_plurals_with_two_forms() -> None:
    root = ET.parse(update.EN_TS_FILE).getroot()
    messages = list(root.iter("message"))
    assert len(messages) >= 15
    for message in messages:
        assert message.get("numerus") == "yes"
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2 and all("%n" in f for f in forms), forms
        assert "(s)" not in "".join(forms)


@pytest.mark.parametrize(("name", "language"), [("ru_RU", "ru"), ("ru", "ru"), ("en_US", "en")])
def test_catalogues_are_tried_from_the_most_specific(name: str, language: str) -> None:
    # Like QTranslator.load(locale, ...): each UI language in full, then cut at each "_".
    locale = QLocale(name)
    found = _languages(locale)
    assert found[0] == locale.uiLanguages()[0].replace("-", "_")
    assert language in found and len(set(found)) == len(found)
    first = found[0].split("_")
    assert found[: len(first)] == ["_".join(first[:n]) for n in range(len(first), 0, -1)]


# --- key texts ------------------------------------------------------------------------------


def test_ticket_header_buttons(russian: list[QTranslator], qtbot: Any) -> None:
    header = TicketHeader(LIGHT)
    qtbot.addWidget(header)
    assert header.close_button.text() == "Закрыть тикет…"
    assert header.assign_button.text() == "Взять себе"


def test_queue_tab_labels_carry_counts(russian: list[QTranslator], qtbot: Any) -> None:
    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.set_counts({View.NEEDS_REPLY: 12, View.ALL_OPEN: 1204})
    texts = [bar.view_tabs.tabText(i) for i in range(bar.view_tabs.count())]
    assert texts[0] == "Ждёт ответа  12"
    assert texts[3] == f"Открытые  {QLocale('ru').toString(1204)}"  # "1 204"
    assert bar.search_edit.placeholderText() == "Поиск по теме, клиенту, #номеру…"


@pytest.mark.parametrize(
    ("n", "messages", "unread"),
    [
        (1, "1 сообщение", "1 непрочитанное сообщение"),
        (3, "3 сообщения", "3 непрочитанных сообщения"),
        (5, "5 сообщений", "5 непрочитанных сообщений"),
        (11, "11 сообщений", "11 непрочитанных сообщений"),
        (21, "21 сообщение", "21 непрочитанное сообщение"),
        (22, "22 сообщения", "22 непрочитанных сообщения"),
    ],
)
def test_plural_forms(russian: list[QTranslator], n: int, messages: str, unread: str) -> None:
    assert messages_label(n) == messages
    assert unread_label(n) == unread


def test_times_and_deadlines(russian: list[QTranslator]) -> None:
    assert format_time_left(timedelta(minutes=-35)) == "просрочено на 35 мин"
    assert format_duration(2 * 3600 + 5 * 60) == "2 ч 5 мин"
    assert format_relative(NOW - timedelta(days=2), NOW) == "2 дня назад"
    assert format_relative(NOW - timedelta(days=5), NOW) == "5 дней назад"
    assert tr("Tray", "%n waiting for a reply", 3) == "3 ждут ответа"
    assert tr("Notifications", "%n new ticket(s)", 21) == "21 новый тикет"
    assert format_size(int(2.4 * 1024 * 1024)) == "2,4 МБ"  # the Russian decimal comma


def test_composer_placeholder(russian: list[QTranslator], qtbot: Any) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    composer.set_ticket_context(make_ticket(7))
    assert composer.edit.placeholderText() == "Ответ клиенту…"
    composer.set_internal(True)
    assert composer.edit.placeholderText() == "Внутренняя заметка — её видит только ваша команда"


def test_status_bar_connection_state(russian: list[QTranslator], qtbot: Any) -> None:
    bar = DeskStatusBar(clock=lambda: NOW)
    qtbot.addWidget(bar)
    bar.set_connection_state(ConnectionState.CONNECTED)
    assert bar.connection.state_label.text() == "В сети"
    bar.set_connection_state(ConnectionState.RECONNECTING)
    assert bar.connection.state_label.text() == "Переподключение…"
    bar.set_sla_counts(breached=1, due_soon=3)
    assert bar.sla_counts_text() == "1 просроченный · 3 истекают за час"


def test_qt_standard_buttons_are_russian(russian: list[QTranslator], qtbot: Any) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None
    assert cancel.text() == "Отмена"


# --- the .ts file -----------------------------------------------------------------------------


def test_every_message_is_translated_and_current() -> None:
    bad = []
    for context, message in _messages():
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind is not None:  # unfinished, obsolete or vanished
            bad.append((context, message.findtext("source"), kind))
        elif message.get("numerus") != "yes" and not translation.text:
            bad.append((context, message.findtext("source"), "empty"))
    assert bad == []
    assert len(_messages()) > 250


def test_plural_messages_have_three_russian_forms() -> None:
    plural_sources = []
    for context, message in _messages():
        source = message.findtext("source") or ""
        if "%n" not in source:
            continue
        plural_sources.append(source)
        assert message.get("numerus") == "yes", (context, source)
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 3, (context, source)  # one, few, many
        assert all("%n" in f for f in forms), (context, source, forms)
    assert len(plural_sources) >= 15


def test_placeholders_and_accelerators_survive() -> None:
    for context, message in _messages():
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") is not None:
            continue  # untranslated: test_every_message_is_translated_and_current says so
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                context,
                source,
                text,
            )
            assert text.replace("&&", "").count("&") == source.replace("&&", "").count("&"), (
                context,
                source,
            )


def _hidden_from_lupdate(path: Path) -> list[str]:
    """Calls whose text the app translates at runtime but lupdate cannot collect."""
    found: list[str] = []
    calls = [
        n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)
    ]
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset)):
        if not node.args:
            continue
        func, first = node.func, node.args[0]
        where = f"{path.relative_to(update.UI_ROOT.parent)}:{node.lineno}"
        text = first.value if isinstance(first, ast.Constant) else None
        literal = isinstance(text, str)
        if isinstance(func, ast.Name) and func.id in ("tr", "_tr", "plural") and literal:
            # lupdate files a bare tr() under the empty context and never sees a helper's
            # argument: write translate("Context", "text") or self.tr("text") instead.
            found.append(f"{where}: {func.id}({text!r})")
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in ("tr", "translate"):
            continue
        source = node.args[1] if name == "translate" and len(node.args) > 1 else first
        if isinstance(source, ast.JoinedStr | ast.BinOp):
            found.append(f"{where}: {name}() of an f-string or concatenation")
        elif name == "translate" and isinstance(source, ast.Constant) and not literal:
            found.append(f"{where}: translate() with a non-literal context")
    return found


def test_every_translated_literal_reaches_lupdate() -> None:
    found = [hit for path in update.source_files() for hit in _hidden_from_lupdate(path)]
    assert not found, "lupdate cannot see these texts:\n" + "\n".join(found)


def test_ts_is_in_sync_with_the_sources() -> None:
    """Fails when a string was added or changed in ui/ without updating desk_ru.ts: run
    ``python -m desk_resources.tools.translations``, translate, run it again."""
    lupdate = update.find_tool("pyside6-lupdate")
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed, so the sources cannot be scanned")
    if tuple(int(p) for p in PySide6.__version__.split(".")[:2]) < (6, 12):
        pytest.skip("lupdate before 6.12 does not extract plural translate() calls")
    assert update.problems(lupdate, update.find_tool("pyside6-lrelease")) == []


# --- how it looks ------------------------------------------------------------------------------


def _window(*widgets: QWidget, width: int) -> QWidget:
    window = QWidget()
    window.setPalette(palette_for(LIGHT))
    window.setAutoFillBackground(True)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget)
    window.resize(width, window.sizeHint().height())
    return window


def _assert_fits(qtbot: Any, widget: QWidget) -> None:
    """The widget gets at least the width its text needs (no clipped word), once the
    layout has settled (it is applied from the event loop)."""
    assert widget.isVisible()
    qtbot.waitUntil(lambda: widget.width() >= widget.sizeHint().width(), timeout=2000)


def _save(qtbot: Any, window: QWidget, name: str, fits: Sequence[QWidget]) -> None:
    """Shows the window, checks that ``fits`` are not cut short, saves a PNG to look at."""
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for widget in fits:
        _assert_fits(qtbot, widget)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"ru-{name}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 5_000


def test_render_ticket_header(russian: list[QTranslator], qtbot: Any) -> None:
    header = TicketHeader(LIGHT)
    header.set_agents(AGENTS)
    header.set_current_user(ME)
    ticket = make_ticket(
        1042,
        title="СРОЧНО: бот не отвечает клиентам в Telegram после обновления",
        priority=Priority.CRITICAL,
        category=Category.FEATURE_REQUEST,
    )
    header.set_ticket(ticket)
    header.set_deadline_text(format_time_left(timedelta(minutes=-35)), DeadlineState.BREACHED)
    window = _window(header, width=760)
    fits = [header.close_button, header.assign_button, header.priority_combo]
    _save(qtbot, window, "ticket-header", fits)


def test_render_queue(russian: list[QTranslator], qtbot: Any) -> None:
    from .queue.conftest import FakeClock

    model = TicketTableModel(clock=FakeClock(), current_user_id=ME.id)
    model.set_tickets(realistic_tickets(40))
    bar, view = FilterBar(), QueueView(model, LIGHT)
    bind_filter_bar(bar, model)
    window = _window(bar, view, width=900)
    window.resize(900, 640)
    _save(qtbot, window, "queue", [])
    tabs = bar.view_tabs
    for i in range(tabs.count()):
        assert tabs.tabRect(i).width() >= tabs.fontMetrics().horizontalAdvance(tabs.tabText(i))


def test_render_composer_and_status_bar(russian: list[QTranslator], qtbot: Any) -> None:
    composer = Composer()
    composer.set_ticket_context(make_ticket(7))
    status = DeskStatusBar(clock=lambda: NOW)
    status.set_connection_state(ConnectionState.OFFLINE)
    status.set_sla_counts(breached=2, due_soon=5)
    window = _window(composer, status, width=900)  # the status bar spans the window
    buttons = [composer.send_button, composer.attach_button, composer.note_toggle]
    _save(qtbot, window, "composer", [*buttons, status.connection, status.counts, status.clock])
    composer.set_internal(True)
    _save(qtbot, window, "composer-note", [composer.send_button])

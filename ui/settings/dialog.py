"""The settings dialog: alerts, appearance and start-up, bound to ``DeskSettings``.

Open it with ``open()`` (never ``exec()``: no nested event loop under qasync). The
form starts from the given settings; OK saves through the ``SettingsStore`` and
emits ``settingsAccepted`` with the new value, Cancel changes nothing. Fields the
dialog does not show (server, e-mail) pass through untouched.
"""

from __future__ import annotations

import dataclasses
import enum

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.settings.store import (
    REPEAT_MINUTES_MAX,
    REPEAT_MINUTES_MIN,
    DeskSettings,
    OnCallMode,
    SettingsStore,
)
from ui.theme import ThemeMode

__all__ = ["SettingsDialog"]


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def _combo(parent: QWidget, items: list[tuple[str, enum.Enum]]) -> QComboBox:
    combo = QComboBox(parent)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: enum.Enum) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class SettingsDialog(QDialog):
    settingsAccepted = Signal(object)  # DeskSettings

    def __init__(
        self,
        settings: DeskSettings,
        store: SettingsStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(translate("SettingsDialog", "Settings"))
        self._initial = settings
        self._store = store

        # One form for every section, so all the fields line up in one column.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)

        form.addRow(self._heading(translate("SettingsDialog", "Alerts")))
        self.notifications = QCheckBox(
            translate("SettingsDialog", "Show desktop notifications"), self
        )
        self.sounds = QCheckBox(
            translate("SettingsDialog", "Play a sound for urgent and critical tickets"), self
        )
        self.on_call = _combo(
            self,
            [
                (translate("SettingsDialog", "Automatic: outside business hours"), OnCallMode.AUTO),
                (translate("SettingsDialog", "On"), OnCallMode.ON),
                (translate("SettingsDialog", "Off"), OnCallMode.OFF),
            ],
        )
        self.repeat = QSpinBox(self)
        self.repeat.setRange(REPEAT_MINUTES_MIN, REPEAT_MINUTES_MAX)
        self.repeat.setPrefix(translate("SettingsDialog", "every "))
        self.repeat.setSuffix(translate("SettingsDialog", " min"))
        self.repeat.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        hint = QLabel(
            translate(
                "SettingsDialog",
                "On call, only urgent and critical tickets and missed deadlines alert, "
                "and urgent ones repeat until someone opens the ticket.",
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted
        form.addRow(self.notifications)
        form.addRow(self.sounds)
        form.addRow(translate("SettingsDialog", "On-call mode:"), self.on_call)
        form.addRow(translate("SettingsDialog", "Repeat urgent alerts:"), self.repeat)
        form.addRow("", hint)

        form.addRow(self._heading(translate("SettingsDialog", "Appearance")))
        self.theme = _combo(
            self,
            [
                (translate("SettingsDialog", "Same as the system"), ThemeMode.SYSTEM),
                (translate("SettingsDialog", "Light"), ThemeMode.LIGHT),
                (translate("SettingsDialog", "Dark"), ThemeMode.DARK),
            ],
        )
        self.business_hours = QCheckBox(
            translate("SettingsDialog", "Show business hours in the status bar"), self
        )
        form.addRow(translate("SettingsDialog", "Theme:"), self.theme)
        form.addRow(self.business_hours)

        form.addRow(self._heading(translate("SettingsDialog", "Start-up")))
        self.start_minimised = QCheckBox(
            translate("SettingsDialog", "Start minimised to the tray"), self
        )
        form.addRow(self.start_minimised)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)

        self.on_call.currentIndexChanged.connect(self._update_enabled)
        self.set_settings(settings)
        self.setMinimumWidth(460)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        label.setFont(font)
        label.setContentsMargins(0, 6, 0, 0)
        return label

    def set_settings(self, settings: DeskSettings) -> None:
        """Fills the form from ``settings`` (what Cancel goes back to)."""
        self._initial = settings
        self.notifications.setChecked(settings.notifications_on)
        self.sounds.setChecked(settings.sounds_on)
        _select(self.on_call, settings.on_call_mode)
        self.repeat.setValue(settings.on_call_repeat_minutes)
        _select(self.theme, settings.theme_mode)
        self.business_hours.setChecked(settings.show_business_hours)
        self.start_minimised.setChecked(settings.start_minimised)
        self._update_enabled()

    def value(self) -> DeskSettings:
        """The settings as the form shows them now."""
        return dataclasses.replace(
            self._initial,
            notifications_on=self.notifications.isChecked(),
            sounds_on=self.sounds.isChecked(),
            on_call_mode=OnCallMode(self.on_call.currentData()),
            on_call_repeat_minutes=self.repeat.value(),
            theme_mode=ThemeMode(self.theme.currentData()),
            show_business_hours=self.business_hours.isChecked(),
            start_minimised=self.start_minimised.isChecked(),
        )

    def accept(self) -> None:
        value = self.value()
        if self._store is not None:
            self._store.save(value)
        self._initial = value
        self.settingsAccepted.emit(value)
        super().accept()

    def reject(self) -> None:
        self.set_settings(self._initial)  # reopening shows what is in effect
        super().reject()

    def _update_enabled(self) -> None:
        # Repeats only happen on call; "Off" makes the interval meaningless.
        self.repeat.setEnabled(self.on_call.currentData() != OnCallMode.OFF)

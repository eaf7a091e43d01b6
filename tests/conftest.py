"""Test-wide settings: Qt always offscreen, so no test ever needs a screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

"""Alerts: which ticket events deserve a notification, how loud, and the on-call repeats."""

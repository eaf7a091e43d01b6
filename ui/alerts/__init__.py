"""Alerts on the desktop: the alert center, notifications, tray icon and sound."""

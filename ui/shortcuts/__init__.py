"""Keyboard shortcuts: the one table of them and the dialog that lists them."""

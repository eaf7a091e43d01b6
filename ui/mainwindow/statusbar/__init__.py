"""The status bar: connection state, the Moscow business clock, SLA counts, messages."""

"""Live events: the retained event log, the wake-ups of open streams, presence, and the
SSE stream itself."""

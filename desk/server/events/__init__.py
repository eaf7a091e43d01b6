"""Live events: the retained event log (`log`), the wake-ups of open streams (`hub`),
who is viewing or typing where (`presence`), and reading the log for each stream
(`streaming`)."""

"""Working together: who else is viewing or typing, and the guard against replying over a
message that arrived meanwhile."""

"""HTTP routes of the ticket API, mounted under /api/v1 by `desk.server.app`."""

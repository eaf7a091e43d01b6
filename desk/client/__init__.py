"""The client core the desktop app runs on, with no Qt: the API client, the local cache,
sync, sessions, credentials, and the client-side rules (deadlines, alerts, presence,
collision, macros, customer context, links). It never imports the server or the demo."""

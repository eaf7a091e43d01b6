"""Shared test data: one module per concept, every value deterministic.

- ``clock``: the fixed base time ``NOW``, Moscow time and a settable ``Clock``.
- ``ids``: sequence ids for factories that are not given one (reset before each test).
- ``people``: ``make_user`` and friends, and the cast shared by many tests.
- ``tickets``: ``make_ticket``, ``done_ticket``, ``realistic_tickets``, ``synthetic_tickets``.
- ``messages``: messages, attachments and threads.
- ``presence``: who is viewing or typing on a ticket.
- ``images``: real image bytes (PNG files, fake screenshots, header-only bombs).
- ``wire``: the API's JSON shapes, built from the domain factories.
- ``world``: a tiny simulated helpdesk that evolves tickets the way the server does.
- ``keychain``: an in-memory keyring backend, for sign-in and credential tests.
- ``desktop_session``: a private Linux desktop (Xvfb, D-Bus, dunst, optionally AT-SPI and
  gnome-keyring) and a recorder of the Notify calls on its bus.
"""

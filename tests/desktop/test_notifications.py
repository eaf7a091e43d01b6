"""An URGENT ticket reaches the desktop's notification daemon (dunst, no tray icon on
this desktop), and the notification's default action opens that ticket in the app."""

from __future__ import annotations

import time

from desk.domain import Role
from tests.desktop.accessibility import Node
from tests.desktop.desk_process import DeskProcess, shown_title
from tests.e2e.conftest import LiveServer
from tests.helpers.desktop_session import DesktopSession

URGENT_TITLE = "URGENT: бот не отвечает в Telegram"
ORDINARY_TITLE = "Счёт за ноябрь не пришёл на почту"
CRITICAL = 2  # the freedesktop urgency hint


def test_an_urgent_ticket_notifies_and_its_action_opens_it(
    signed_in_desk: DeskProcess,
    server: LiveServer,
    desktop: DesktopSession,
) -> None:
    notifications = desktop.notifications  # every Notify call since the session started
    customer = server.create_user(Role.CUSTOMER, name="Олег Кузнецов", company="Бот-Сервис")
    with server.client(customer) as api:
        api.post("/tickets", json={"title": ORDINARY_TITLE, "body": "Где счёт?"}).raise_for_status()
    # Another ticket is on screen, so opening the urgent one is something the action does.
    signed_in_desk.wait_for("the ordinary ticket", lambda tree: _in_queue(tree, ORDINARY_TITLE))
    signed_in_desk.open_ticket(ORDINARY_TITLE)
    desktop.dunstctl("close-all")

    opened_at = time.monotonic()
    with server.client(customer) as api:
        created = api.post(
            "/tickets",
            json={"title": URGENT_TITLE, "body": "С утра бот молчит, клиенты жалуются."},
        )
        created.raise_for_status()
    ticket_id = created.json()["id"]

    notification = notifications.wait_for("бот не отвечает в Telegram", timeout=5)
    waited = time.monotonic() - opened_at
    assert notification is not None, (
        f"no notification naming the ticket within 5 s; the daemon got: {notifications.seen}\n"
        f"desk log:\n{signed_in_desk.log_tail()}"
    )
    print(f"notification after {waited:.2f} s: {notification}")
    assert notification.urgency == CRITICAL, notification
    assert "default" in notification.actions, notification.actions
    # Its buttons: "Open", and "Assign to me" since nobody has the ticket yet.
    assert {"Open", "Assign to me"} <= set(notification.actions.values()), notification.actions

    # dunst's own command line invokes the default action of the top notification
    # (critical ones come first), as a click on it would.
    desktop.dunstctl("action", "0")
    signed_in_desk.wait_for(
        f"ticket #{ticket_id} shown after the notification's action",
        lambda tree: shown_title(tree) == URGENT_TITLE or None,
        timeout=10,
    )


def _in_queue(tree: Node, title: str) -> Node | None:
    queue = tree.find("queueView")
    if queue is None or not any(title in cell.name for cell in queue.children):
        return None
    return queue

"""What a screen reader finds in the running app over AT-SPI: queue rows and chat
messages that say what they are, and no button without a name."""

from __future__ import annotations

import pytest

from desk.domain import Role
from tests.desktop.accessibility import Node
from tests.desktop.desk_process import DeskProcess, showing
from tests.e2e.conftest import LiveServer, TestUser
from tests.helpers.images import png_bytes

TITLE = "Вебхук отвечает 502 с утра"
FIRST_MESSAGE = "С 9:00 бот не принимает сообщения, вебхук отвечает 502."
NOTE = "Проверить логи балансировщика"
SCREENSHOT = "webhook-502.png"


@pytest.fixture(scope="module")
def conversation(server: LiveServer, agent: TestUser) -> tuple[TestUser, int]:
    """A customer's ticket with a screenshot, and the agent's internal note on it."""
    customer = server.create_user(Role.CUSTOMER, name="Ирина Соколова", company="Телебот")
    with server.client(customer) as api:
        upload = api.post("/attachments", files={"file": (SCREENSHOT, png_bytes(), "image/png")})
        upload.raise_for_status()
        created = api.post(
            "/tickets",
            json={"title": TITLE, "body": FIRST_MESSAGE, "attachment_ids": [upload.json()["id"]]},
        )
        created.raise_for_status()
    ticket_id = int(created.json()["id"])
    with server.client(agent) as api:
        note = api.post(f"/tickets/{ticket_id}/messages", json={"body": NOTE, "internal": True})
        note.raise_for_status()
    return customer, ticket_id


@pytest.fixture(scope="module")
def open_ticket(signed_in_desk: DeskProcess, conversation: tuple[TestUser, int]) -> Node:
    """The app's tree with the ticket open and both messages in the chat."""
    signed_in_desk.open_ticket(TITLE)
    return signed_in_desk.wait_for("both messages in the chat", _chat_with_note)


def _chat_with_note(tree: Node) -> Node | None:
    chat = tree.find("chatView")
    if chat is None or not any(NOTE in row.spoken() for row in chat.all("list item")):
        return None
    return tree


def queue_rows(queue: Node) -> list[dict[str, Node]]:
    """The table's rows as column title -> cell (AT-SPI lists a table's children as
    header cells, then each row: its row header and its cells)."""
    columns = [h.name for h in queue.children if h.role == "table column header"]
    rows: list[dict[str, Node]] = []
    cells: list[Node] = []
    for child in queue.children:
        if child.role == "table cell":
            cells.append(child)
            if len(cells) == len(columns):
                rows.append(dict(zip(columns, cells, strict=True)))
                cells = []
    return rows


def test_a_queue_row_names_its_title_customer_and_deadline(
    open_ticket: Node, conversation: tuple[TestUser, int]
) -> None:
    customer, _ticket_id = conversation
    queue = open_ticket.find("queueView")
    assert queue is not None
    row = next((r for r in queue_rows(queue) if TITLE in r["Ticket"].name), None)
    assert row is not None, [c.name for c in queue.children]
    # A screen reader reads the row from its ticket cell: that cell must say the title,
    # who is asking and what the Deadline column shows.
    said = row["Ticket"].spoken()
    assert customer.name in said, said
    assert row["Deadline"].name and row["Deadline"].name in said, (row["Deadline"].name, said)


def test_chat_rows_name_author_text_note_and_attachments(
    open_ticket: Node, conversation: tuple[TestUser, int], agent: TestUser
) -> None:
    customer, _ticket_id = conversation
    chat = open_ticket.find("chatView")
    assert chat is not None
    rows = [row.spoken() for row in chat.all("list item")]
    first = next((said for said in rows if FIRST_MESSAGE in said), None)
    note = next((said for said in rows if NOTE in said), None)
    assert first is not None and note is not None, rows
    assert customer.name in first, first
    assert SCREENSHOT in first, first  # its attachment, by name
    assert agent.name in note, note
    assert "internal note" in note.lower(), note


def test_every_visible_button_has_a_name(open_ticket: Node) -> None:
    buttons = [
        node
        for node in open_ticket.walk()
        if node.role in {"push button", "toggle button"} and node.showing
    ]
    assert buttons, "no buttons found: is the main window on the accessibility bus?"
    nameless = [f"{b.role} {b.id or '(no objectName)'}" for b in buttons if not b.name.strip()]
    assert not nameless, "buttons without an accessible name: " + ", ".join(nameless)


def test_the_ticket_header_is_shown(open_ticket: Node) -> None:
    title = showing(open_ticket, "ticketTitle")
    assert title is not None and title.name == TITLE

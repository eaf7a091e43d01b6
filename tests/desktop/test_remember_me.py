"""The "remember me" box keeps the token in the desktop's real Secret Service (gnome-keyring):
the next launch signs in without asking, and signing out removes it again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desk.client.credentials import service_name
from tests.desktop.accessibility import Node
from tests.desktop.desk_process import DeskProcess, showing
from tests.e2e.conftest import LiveServer, TestUser
from tests.helpers.desktop_session import DesktopSession


def stored_secrets(desktop: DesktopSession, server_url: str) -> dict[str, str]:
    """username -> secret for every Secret Service item of Desk's entry for
    ``server_url``, read by libsecret's own ``secret-tool`` over the desktop's bus."""
    found = desktop.run(["secret-tool", "search", "--all", "service", service_name(server_url)])
    secrets: dict[str, str] = {}
    # Attributes come on stderr, secrets on stdout, one block per item, in order.
    users = [
        line.split(" = ", 1)[1]
        for line in found.stderr.splitlines()
        if line.startswith("attribute.username = ")
    ]
    values = [
        line.split(" = ", 1)[1]
        for line in found.stdout.splitlines()
        if line.startswith("secret = ")
    ]
    secrets.update(zip(users, values, strict=True))
    return secrets


def test_remember_me_keeps_the_token_in_the_secret_service_until_sign_out(
    desktop: DesktopSession,
    server: LiveServer,
    agent: TestUser,
    launch_desk: Callable[[Path], DeskProcess],
    profile: Path,
) -> None:
    assert stored_secrets(desktop, server.url) == {}

    first = launch_desk(profile)
    first.sign_in(agent.email, agent.password, remember=True)
    secrets = stored_secrets(desktop, server.url)
    assert list(secrets) == [agent.email], secrets
    with server.client() as api:  # the stored secret is a working token for the agent
        me = api.get("/me", headers={"Authorization": f"Bearer {secrets[agent.email]}"})
    assert me.status_code == 200 and me.json()["email"] == agent.email, me.text
    first.stop()

    second = launch_desk(profile)
    asked: list[Node] = []

    def window_unasked(tree: Node) -> Node | None:
        dialog = showing(tree, "signInDialog")
        if dialog is not None:
            asked.append(dialog)
        return showing(tree, "mainWindow")

    window = second.wait_for("main window", window_unasked)
    assert agent.name in window.name, window.name  # signed in as the agent...
    assert not asked, "the second launch asked for a password"  # ...without a dialog

    second.a11y.act("menu item=Sign out", "Press")
    second.wait_for_sign_in_dialog()
    assert stored_secrets(desktop, server.url) == {}
    # The signed-out token no longer works either.
    with server.client() as api:
        me = api.get("/me", headers={"Authorization": f"Bearer {secrets[agent.email]}"})
    assert me.status_code == 401, me.text
    # Cancelling the dialog leaves nobody signed in: the app quits.
    second.a11y.act("push button=Cancel", "Press")
    assert second.wait_exit(timeout=15) == 0, second.log_tail()

"""Getting from start-up to a signed-in :class:`~desk.client.session.Session`.

The demo shows a small progress window while the embedded server starts (the first
run seeds its database, which takes several seconds). Signing in to a real server
first tries the token remembered in the keychain, then the sign-in dialog, which
stays open with a readable error until it works or the person closes it. When a
session expires the same dialog asks for the password again (``run_renewal``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from desk.client.api import ApiError
from desk.client.credentials import CredentialStore
from desk.client.session import (
    NotStaffError,
    Session,
    open_cached_session,
    open_session,
    resume,
    sign_in,
)
from desk.domain import User
from ui.settings.store import SettingsStore
from ui.sign_in import SignInDialog, SignInRequest
from ui.tasks import TaskRunner, describe_error
from ui.theme import Theme

T = TypeVar("T")


class StartingWindow(QWidget):
    """What the agent sees while the demo server gets ready."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("startingWindow")
        self.setWindowTitle(self.tr("Desk"))
        self.label = QLabel(
            self.tr(
                "Starting the demo server…\n"
                "The first start prepares demo tickets and takes a few seconds."
            ),
            self,
        )
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar(self)
        bar.setRange(0, 0)  # busy
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.label)
        layout.addWidget(bar)
        self.resize(460, 150)


@dataclass(frozen=True)
class Renewal:
    """Who signed in when the session expired, and their new token."""

    server: str
    token: str = field(repr=False)  # never in logs or tracebacks
    me: User


class SessionLauncher:
    def __init__(
        self,
        settings_store: SettingsStore,
        credentials: CredentialStore,
        theme: Theme,
        runner: TaskRunner,
    ) -> None:
        self.settings_store = settings_store
        self.credentials = credentials
        self.theme = theme
        self.runner = runner
        self.dialog: SignInDialog | None = None  # exposed for tests

    async def run_demo(self, start: Callable[[], Awaitable[Session]]) -> Session:
        splash = StartingWindow()
        splash.show()
        try:
            return await start()
        finally:
            splash.close()
            splash.deleteLater()

    async def run_sign_in(
        self, server: str | None, email: str | None, *, remembered: bool = True
    ) -> Session | None:
        settings = self.settings_store.load()
        server = server or settings.server_url or None
        email = email or settings.last_email or None
        if remembered and server and email:
            session = await self._from_keychain(server, email)
            if session is not None:
                return session
        return await self._ask(server or "", email or "", settings.remember_me)

    async def _from_keychain(self, server: str, email: str) -> Session | None:
        token = await asyncio.to_thread(self.credentials.load, server, email)
        if not token:
            return None
        # The cache knows who this is: open the window now, offline if need be; the
        # sync engine finds out soon enough whether the token still works.
        cached = open_cached_session(server, token, email)
        if cached is not None:
            return cached
        try:
            me = await resume(server, token)
        except Exception:  # offline or a bad address: the dialog will say what is wrong
            return None
        if me is None:
            await asyncio.to_thread(self.credentials.delete, server, email)
            return None
        return open_session(server, token, me)

    async def _ask(self, server: str, email: str, remember: bool) -> Session | None:
        dialog = self._dialog(server, email, remember, None)
        return await self._run_dialog(dialog, self._sign_in, lambda late: late.close())

    async def run_renewal(self, session: Session, parent: QWidget | None = None) -> Renewal | None:
        """The session's token stopped working: ask for the password again (server and
        e-mail filled in). Returns who signed in, with the new token (saved in the
        keychain if "remember me" is ticked), or None when the person cancels. The
        caller decides: the same account carries on, another one replaces it."""
        settings = self.settings_store.load()
        dialog = self._dialog(session.server, session.me.email, settings.remember_me, parent)
        dialog.say_session_expired()

        async def discard(_late: Renewal) -> None:
            return None  # cancelled meanwhile: the token is simply not used

        return await self._run_dialog(dialog, self._renew, discard)

    def _dialog(
        self, server: str, email: str, remember: bool, parent: QWidget | None
    ) -> SignInDialog:
        dialog = SignInDialog(
            server_url=server, email=email, remember=remember, theme=self.theme, parent=parent
        )
        dialog.set_keychain_note(self.credentials.warning)
        return dialog

    async def _run_dialog(
        self,
        dialog: SignInDialog,
        attempt_with: Callable[[SignInRequest], Awaitable[T]],
        discard_late: Callable[[T], Awaitable[None]],
    ) -> T | None:
        """Open ``dialog`` (never a nested ``exec()``) and try each submitted request
        until one works (the result) or the dialog is closed (None)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T | None] = loop.create_future()
        self.dialog = dialog

        async def attempt(request: SignInRequest) -> None:
            dialog.set_busy(True)
            try:
                result = await attempt_with(request)
            except (ApiError, NotStaffError) as exc:
                # Expected (wrong password, offline, customer account): said in the
                # dialog, which keeps what was typed; not an application error.
                dialog.show_error(describe_error(exc))
                return
            except Exception as exc:
                dialog.show_error(describe_error(exc))
                self.runner.report(exc)
                return
            finally:
                dialog.set_busy(False)
            if done.done():
                await discard_late(result)
                return
            self._remember_choice(request)
            done.set_result(result)
            dialog.accept()

        def rejected() -> None:
            if not done.done():
                done.set_result(None)

        dialog.submitted.connect(lambda request: self.runner.start(attempt(request)))
        dialog.rejected.connect(rejected)
        dialog.open()
        try:
            return await done
        finally:
            self.dialog = None
            dialog.deleteLater()

    async def _sign_in(self, request: SignInRequest) -> Session:
        token, me = await sign_in(request.server, request.email, request.password)
        if request.remember:
            await asyncio.to_thread(self.credentials.save, request.server, me.email, token)
        return open_session(request.server, token, me)

    async def _renew(self, request: SignInRequest) -> Renewal:
        token, me = await sign_in(request.server, request.email, request.password)
        if request.remember:
            await asyncio.to_thread(self.credentials.save, request.server, me.email, token)
        else:  # whatever the keychain held for this account is dead now
            await asyncio.to_thread(self.credentials.delete, request.server, me.email)
        return Renewal(request.server, token, me)

    def _remember_choice(self, request: SignInRequest) -> None:
        settings = self.settings_store.load()
        self.settings_store.save(
            dataclasses.replace(
                settings,
                server_url=request.server,
                last_email=request.email,
                remember_me=request.remember,
            )
        )


__all__ = ["Renewal", "SessionLauncher", "StartingWindow"]

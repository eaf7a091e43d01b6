import pytest
from PySide6.QtWidgets import QApplication

from desk.client import api
from desk.client.session import NotStaffError
from tests.helpers.people import make_customer
from ui.error_text import _generic_sentences, describe, translate_reason
from ui.tasks import describe_error


def test_the_ui_table_says_what_the_core_says(qapp: QApplication) -> None:
    # Untranslated, every sentence must equal the core's own: the table cannot drift.
    for kind in _generic_sentences():
        assert describe(kind()) == kind.default_message, kind.__name__


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (api.TicketClosed(), "закрыт"),
        (api.InvalidCredentials(), "пароль"),
        (api.NetworkError("Cannot reach the server: it did not answer in time."), "сервер"),
    ],
)
def test_known_errors_are_shown_in_russian(
    russian: None, error: api.ApiError, expected: str
) -> None:
    text = describe_error(error)
    assert expected in text.lower()
    assert not any("a" <= c <= "z" for c in text.lower().replace("desk", ""))


def test_server_detail_is_kept_as_written(russian: None) -> None:
    text = describe_error(api.ValidationFailed(detail="Title must be 1-200 characters"))
    assert text.endswith("Title must be 1-200 characters")


def test_customer_accounts_are_refused_in_words(russian: None) -> None:
    user = make_customer("Olga", id=3, email="olga@shop.ru")
    assert "olga@shop.ru" in describe_error(NotStaffError(user))


def test_stored_reasons_are_translated_when_known(russian: None) -> None:
    assert translate_reason(api.TicketClosed.default_message) != api.TicketClosed.default_message
    assert translate_reason("Something the server said") == "Something the server said"


def test_a_version_conflict_says_what_changed(qapp: QApplication) -> None:
    from desk.client.sync import TicketChangedMeanwhile
    from tests.helpers.tickets import make_ticket

    conflict = TicketChangedMeanwhile(make_ticket(42, seq=9), ["assignee is now Anna K."])
    text = describe_error(conflict)
    assert "#42" in text and "assignee is now Anna K." in text


def test_the_upload_quota_is_shown_as_the_server_worded_it(qapp: QApplication) -> None:
    detail = (
        "You have uploaded 199.5 MiB in the last hour; the limit is 200 MiB an hour. "
        "This file (2 MiB) fits again in 12 minutes, at 14:05 UTC."
    )
    assert describe_error(api.UploadQuotaExceeded(detail=detail, status=429)) == detail

"""Random queues, filters, searches and sorts: the model shows exactly what a plain
Python definition says, in the reference order, and keeps the current ticket."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt

from desk.domain import Status, Ticket, WaitingOn
from tests.helpers.people import ME
from tests.unit.ui.queue.strategies import TEXT, queues
from tests.unit.ui.queue.test_model import ids, reference_order
from ui.queue.columns import Column
from ui.queue.filtering import Query, QueueFilter, StatusFilter, View, haystack
from ui.queue.model import TicketTableModel

# A view's own condition; its "open" part is the status filter's (the Done status lists
# a view's closed tickets). BREACHING depends on the deadline rules: see
# test_business_breaching.
VIEWS: dict[View, Callable[[Ticket], bool]] = {
    View.ALL: lambda t: True,
    View.ALL_OPEN: lambda t: True,
    View.NEEDS_REPLY: lambda t: t.status is not Status.DONE and t.waiting_on is WaitingOn.TEAM,
    View.MINE: lambda t: t.assignee is not None and t.assignee.id == ME.id,
    View.UNASSIGNED: lambda t: t.assignee is None,
}


def shown(ticket: Ticket, flt: QueueFilter) -> bool:
    if not VIEWS[flt.view](ticket):
        return False
    done = ticket.status is Status.DONE
    if flt.status is StatusFilter.DONE:
        if not done:
            return False
    elif (flt.status is StatusFilter.ON_CUSTOMER or flt.view is not View.ALL) and done:
        return False
    query = Query.parse(flt.text)
    if query.empty:
        return True
    return (query.needle is not None and query.needle in haystack(ticket)) or (
        ticket.id == query.ticket_id
    )


FILTERS = st.builds(
    QueueFilter,
    view=st.sampled_from(list(VIEWS)),
    status=st.sampled_from(list(StatusFilter)),
    text=st.one_of(TEXT, st.integers(1, 60).map(lambda i: f"#{i}")),
)
SORTS = st.tuples(st.sampled_from(list(Column)), st.sampled_from(list(Qt.SortOrder)))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(queue=queues(), steps=st.lists(st.one_of(FILTERS, SORTS), min_size=1, max_size=6))
def test_rows_follow_a_plain_definition_through_filters_and_sorts(
    make_model: Callable[..., TicketTableModel],
    queue: list[Ticket],
    steps: list[QueueFilter | tuple[Column, Qt.SortOrder]],
) -> None:
    model = make_model()
    model.set_tickets(queue)
    flt = QueueFilter()
    sort = (Column.PRIORITY, Qt.SortOrder.AscendingOrder)
    for step in steps:
        current, kept = None, None
        if model.rowCount():
            current = QPersistentModelIndex(model.index(model.rowCount() // 2, 0))
            kept = model.ticket_at(current.row())
        if isinstance(step, QueueFilter):
            flt = step
            model.set_filter(flt)
        else:
            sort = step
            model.sort(*sort)
        expected = reference_order([t for t in queue if shown(t, flt)], *sort)
        assert ids(model) == expected
        if current is not None and current.isValid():  # the current ticket moved with its row
            assert kept is not None and model.ticket_at(current.row()) == kept
        elif current is not None:
            assert kept is not None and kept.id not in expected

"""desk.client.macros: placeholder filling, the filter and its ranking, the cached library."""

from __future__ import annotations

import asyncio

import pytest

from desk.client.macros import (
    Macro,
    MacroContext,
    MacroLibrary,
    fill,
    fill_for,
    fill_placeholders,
    normalize,
    swap_layout,
    unknown_placeholders,
)
from desk.domain import User
from tests.helpers.people import ALEX_MORGAN as AGENT
from tests.helpers.people import make_customer

CUSTOMER = make_customer("Анна Петрова", id=7, email="anna@example.ru")


def filled(body: str, customer: User = CUSTOMER, agent: User = AGENT, ticket_id: int = 42) -> str:
    return fill_placeholders(body, customer=customer, agent=agent, ticket_id=ticket_id)


# --- placeholders ----------------------------------------------------------------------


def test_the_three_contract_placeholders_are_filled() -> None:
    body = "Hello {{customer.name}}, {{agent.name}} here about #{{ticket.id}}."
    assert filled(body) == "Hello Анна Петрова, Alex Morgan here about #42."


def test_whitespace_and_case_inside_braces_are_tolerated() -> None:
    assert filled("{{ customer.name }}|{{  agent.name}}|{{ticket.id  }}") == (
        "Анна Петрова|Alex Morgan|42"
    )
    assert filled("{{ Customer.Name }}") == "Анна Петрова"


def test_first_names() -> None:
    assert filled("{{customer.first_name}} / {{agent.first_name}}") == "Анна / Alex"
    single = make_customer("Cher", id=8, email="c@example.com")
    assert filled("Hi {{customer.first_name}}", customer=single) == "Hi Cher"


def test_unknown_placeholders_stay_as_written_and_are_reported() -> None:
    result = fill(
        "Dear {{customer.nmae}}, {{ company }}; again {{customer.nmae}}. {{ticket.id}}",
        customer=CUSTOMER,
        agent=AGENT,
        ticket_id=5,
    )
    assert result.text == "Dear {{customer.nmae}}, {{ company }}; again {{customer.nmae}}. 5"
    assert result.unknown == ("customer.nmae", "company")
    assert unknown_placeholders("{{x}} {{ agent.name }} {{y}} {{x}}") == ("x", "y")
    assert unknown_placeholders("no placeholders, {single} braces") == ()


def test_values_are_inserted_literally_in_one_pass() -> None:
    sneaky = make_customer("{{agent.name}}", id=9, email="s@example.com")
    assert filled("Hi {{customer.name}}", customer=sneaky) == "Hi {{agent.name}}"


def test_text_without_placeholders_and_odd_braces_is_untouched() -> None:
    for text in ("", "plain", "{{", "}}", "{{}}", "{ {customer.name} }", "a {{b\nc}} d"):
        assert filled(text) == text


def test_fill_for_a_context() -> None:
    context = MacroContext(customer=CUSTOMER, agent=AGENT, ticket_id=7)
    assert fill_for("#{{ticket.id}} {{agent.first_name}}", context).text == "#7 Alex"


# --- filtering -------------------------------------------------------------------------

MACROS = [
    Macro(1, "Greeting", "Hello {{customer.first_name}}!"),
    Macro(2, "Refund policy", "Refunds take 5–7 days."),
    Macro(3, "Возврат средств", "Деньги вернутся за 5 дней."),
    Macro(4, "Ещё вопрос", "Остались ли у вас вопросы?"),
    Macro(5, "Pre-refund check", "Before a refund we check the invoice."),
    Macro(6, "Logs please", "Could you attach the bot logs? The refund team needs them."),
    Macro(7, "Привет", "Здравствуйте!"),
]


@pytest.fixture
def library() -> MacroLibrary:
    return MacroLibrary(macros=MACROS)


def ids(found: list[Macro]) -> list[int]:
    return [m.id for m in found]


def test_an_empty_query_lists_everything_by_title(library: MacroLibrary) -> None:
    titles = [m.title for m in library.filter("")]
    assert titles == sorted(titles, key=normalize)
    assert len(titles) == len(MACROS)
    assert library.filter("   ") == library.filter("")


def test_ranking_title_prefix_then_word_prefix_then_inside_then_body(
    library: MacroLibrary,
) -> None:
    # 2 starts with "refund"; 5 has it at a word start; 6 only in the body.
    assert ids(library.filter("refund")) == [2, 5, 6]


def test_case_insensitive_for_cyrillic_and_yo(library: MacroLibrary) -> None:
    assert ids(library.filter("ВОЗВРАТ")) == [3]
    assert ids(library.filter("еще")) == [4]  # ё typed as е
    assert ids(library.filter("ЁЩЁ")) == [4]


def test_every_word_must_match_somewhere(library: MacroLibrary) -> None:
    assert ids(library.filter("ref pol")) == [2]
    assert ids(library.filter("logs refund")) == [6]  # one word in the title, one in the body
    assert library.filter("refund nonsense") == []


def test_body_matches(library: MacroLibrary) -> None:
    assert ids(library.filter("invoice")) == [5]
    assert ids(library.filter("деньги")) == [3]


def test_letters_in_order_as_a_last_resort(library: MacroLibrary) -> None:
    assert ids(library.filter("grtng")) == [1]
    assert library.filter("gx") == []  # too short to guess


def test_wrong_keyboard_layout_is_forgiven(library: MacroLibrary) -> None:
    # "ghbdtn" is "привет" typed with the English layout on.
    assert swap_layout("ghbdtn") == "привет"
    assert ids(library.filter("ghbdtn")) == [7]
    assert ids(library.filter("руддщ")) == [1]  # "hello", found in a body
    assert ids(library.filter("ыщккн")) == []  # "sorry": nowhere, in either layout
    assert ids(library.filter("пкуу")) == [1]  # "gree"


def test_limit(library: MacroLibrary) -> None:
    assert len(library.filter("", limit=3)) == 3


# --- the library ----------------------------------------------------------------------


def test_upsert_remove_and_listeners() -> None:
    library = MacroLibrary(macros=MACROS[:2])
    seen: list[int] = []
    remove = library.add_listener(lambda: seen.append(len(library)))
    library.upsert(Macro(9, "Apology", "Sorry"))
    library.upsert(Macro(1, "Greeting (new)", "Hi"))
    library.remove(2)
    assert seen == [3, 3, 2]
    assert [m.title for m in library.macros] == ["Apology", "Greeting (new)"]
    assert library.get(2) is None and library.get(1) == Macro(1, "Greeting (new)", "Hi")
    remove()
    library.remove(9)
    assert seen == [3, 3, 2]


def test_refresh_loads_and_concurrent_refreshes_share_one_call() -> None:
    calls: list[int] = []
    gate = asyncio.Event()

    async def load() -> list[Macro]:
        calls.append(1)
        await gate.wait()
        return MACROS

    async def scenario() -> None:
        library = MacroLibrary(load)
        assert not library.loaded and library.is_stale()
        first = asyncio.ensure_future(library.refresh())
        second = asyncio.ensure_future(library.refresh())
        await asyncio.sleep(0)
        assert library.loading
        gate.set()
        assert await first == await second
        assert calls == [1] and library.loaded and not library.loading
        assert len(library) == len(MACROS)

    asyncio.run(scenario())


def test_a_failed_load_keeps_the_old_list_and_is_remembered() -> None:
    outcomes: list[Exception | list[Macro]] = [MACROS, RuntimeError("offline"), MACROS[:1]]

    async def load() -> list[Macro]:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def scenario() -> None:
        library = MacroLibrary(load)
        await library.refresh()
        with pytest.raises(RuntimeError):
            await library.refresh()
        assert len(library) == len(MACROS)
        assert isinstance(library.last_error, RuntimeError) and not library.loading
        await library.refresh()
        assert library.last_error is None and len(library) == 1

    asyncio.run(scenario())


def test_ensure_fresh_reloads_only_when_stale() -> None:
    now = [100.0]
    calls: list[int] = []

    async def load() -> list[Macro]:
        calls.append(1)
        return MACROS

    async def scenario() -> None:
        library = MacroLibrary(load, max_age=60, clock=lambda: now[0])
        await library.ensure_fresh()
        await library.ensure_fresh()
        assert calls == [1]
        now[0] += 61
        await library.ensure_fresh()
        assert calls == [1, 1]

    asyncio.run(scenario())


def test_a_library_without_loader_just_holds_its_list() -> None:
    library = MacroLibrary(macros=MACROS[:1])
    assert asyncio.run(library.refresh()) == (MACROS[0],)

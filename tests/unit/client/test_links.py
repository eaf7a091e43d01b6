from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.client.links import LinkKind, LinkSpan, find_links


def urls(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_links(text) if s.kind is LinkKind.URL]


def tickets(text: str) -> list[int]:
    return [s.ticket_id for s in find_links(text) if s.kind is LinkKind.TICKET]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.com", ["https://example.com"]),
        ("see http://example.com/a/b?c=1&d=2#top", ["http://example.com/a/b?c=1&d=2#top"]),
        ("https://example.com.", ["https://example.com"]),
        ("https://example.com/a, then", ["https://example.com/a"]),
        ("really? https://example.com/faq?!", ["https://example.com/faq"]),
        ("(see https://example.com/a)", ["https://example.com/a"]),
        (
            "(https://en.wikipedia.org/wiki/Bot_(program))",
            ["https://en.wikipedia.org/wiki/Bot_(program)"],
        ),
        ("[https://example.com/x]", ["https://example.com/x"]),
        ("https://example.com/docs…", ["https://example.com/docs"]),
        ("'https://example.com/q'", ["https://example.com/q"]),
        ('"https://example.com/q"', ["https://example.com/q"]),
        ("<https://example.com/q>", ["https://example.com/q"]),
        ("«https://example.com/q»", ["https://example.com/q"]),
        ("“https://example.com/q”", ["https://example.com/q"]),
        (
            "two: https://a.example/1 https://b.example/2.",
            ["https://a.example/1", "https://b.example/2"],
        ),
        ("line1\nhttps://example.com\nline3", ["https://example.com"]),
        ("HTTPS://EXAMPLE.COM/Path", ["HTTPS://EXAMPLE.COM/Path"]),
        ("http://localhost:8080/api", ["http://localhost:8080/api"]),
        ("http://127.0.0.1:8000/x", ["http://127.0.0.1:8000/x"]),
        ("https://[::1]:8443/x", ["https://[::1]:8443/x"]),
        ("https://example.com/a_b-c~d%20e", ["https://example.com/a_b-c~d%20e"]),
        # Cyrillic around URLs and IDN hosts
        ("Ссылка: https://example.com/docs, спасибо", ["https://example.com/docs"]),
        ("смотрите https://пример.рф/путь/к/файлу.", ["https://пример.рф/путь/к/файлу"]),
        ("https://ru.wikipedia.org/wiki/Москва", ["https://ru.wikipedia.org/wiki/Москва"]),
        ("вот:https://example.com!", ["https://example.com"]),
        ("https://example.comпривет", ["https://example.com"]),
        ("https://пример.рфhello", ["https://пример.рф"]),
        ("(см. https://сайт.рф)", ["https://сайт.рф"]),
        ("https://xn--e1afmkfd.xn--p1ai/", ["https://xn--e1afmkfd.xn--p1ai/"]),
    ],
)
def test_urls(text: str, expected: list[str]) -> None:
    assert urls(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://example.com/file",
        "data:text/html,<b>x</b>",
        "mailto:a@example.com",
        "http://",
        "https://",
        "http://.",
        "https:// example.com",
        "xhttps://example.com",
        "сайтhttps://example.com",
        "https://user@evil.example",
        "https://example.com:port/",
        "http:/example.com",
        "www.example.com",
    ],
)
def test_no_url(text: str) -> None:
    assert urls(text) == []


def test_url_target_has_lower_scheme() -> None:
    [span] = find_links("HTTP://Example.com/X")
    assert span.target == "http://Example.com/X"
    assert span.kind is LinkKind.URL


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see #123", [123]),
        ("#1", [1]),
        ("тикет #42, и #43.", [42, 43]),
        ("(#7)", [7]),
        ("#12 #13", [12, 13]),
        ("Ticket#5", []),
        ("abc#12", []),
        ("тикет#12", []),
        ("#12abc", []),
        ("#0", []),
        ("#0123", []),
        ("##12", []),
        ("&#123;", []),
        ("C#", []),
        ("#", []),
        ("# 12", []),
        ("https://example.com/#55", []),
        ("https://example.com/issues/#55 and #56", [56]),
        ("https://example.com/p?ref=#9", []),
    ],
)
def test_ticket_references(text: str, expected: list[int]) -> None:
    assert tickets(text) == expected


def test_mixed_spans_are_sorted() -> None:
    text = "#1 https://a.example/#2 #3"
    spans = find_links(text)
    assert [(s.kind, s.target) for s in spans] == [
        (LinkKind.TICKET, "1"),
        (LinkKind.URL, "https://a.example/#2"),
        (LinkKind.TICKET, "3"),
    ]


def test_ticket_id_only_for_tickets() -> None:
    with pytest.raises(ValueError):
        _ = LinkSpan(0, 5, LinkKind.URL, "http://x").ticket_id


# --- properties -------------------------------------------------------------

words = st.text(
    alphabet=st.sampled_from(list("abcxyzАБВабвгдеёжз0123456789 .,!?()#:/-\n«»\"'")),
    max_size=60,
)
paths = st.text(alphabet=st.sampled_from(list("abcdefпутьABC0123456789/-_~%=&?")), max_size=20)
hosts = st.sampled_from(["example.com", "пример.рф", "a.b.c.example", "localhost:8080", "xn--p1ai"])


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_spans_are_well_formed(text: str) -> None:
    spans = find_links(text)
    prev_end = 0
    for span in spans:
        assert prev_end <= span.start < span.end <= len(text)
        prev_end = span.end
        written = text[span.start : span.end]
        if span.kind is LinkKind.URL:
            assert span.target.startswith(("http://", "https://"))
            assert written.lower().startswith(("http://", "https://"))
            assert written[-1] not in ".,:;!?…"
        else:
            assert written == "#" + span.target
            assert span.ticket_id > 0


@settings(max_examples=300)
@given(
    words,
    st.sampled_from(["http", "https"]),
    hosts,
    paths,
    st.sampled_from(["", ".", ",", "!", ")"]),
    words,
)
def test_url_found_between_separated_words(
    before: str, scheme: str, host: str, path: str, punct: str, after: str
) -> None:
    url = f"{scheme}://{host}" + (f"/{path}" if path else "")
    url = url.rstrip(".,:;!?…'*)")
    text = f"{before} {url}{punct} {after}"
    spans = [s for s in find_links(text) if s.kind is LinkKind.URL]
    start = len(before) + 1
    match = [s for s in spans if s.start == start]
    assert match, (text, spans)
    assert text[match[0].start : match[0].end] == url


@settings(max_examples=200)
@given(words, st.integers(min_value=1, max_value=999_999_999), words)
def test_ticket_found_between_separated_words(before: str, number: int, after: str) -> None:
    text = f"{before} #{number} {after}"
    start = len(before) + 1
    # A URL in `before` can swallow nothing past the space, so the reference is always found.
    assert any(
        s.kind is LinkKind.TICKET and s.start == start and s.ticket_id == number
        for s in find_links(text)
    )


@settings(max_examples=200)
@given(st.text(max_size=80), st.text(max_size=80))
def test_offsets_shift_with_prefix(text: str, prefix: str) -> None:
    shifted = find_links(prefix + " \n" + text)
    plain = find_links(text)
    offset = len(prefix) + 2
    tail = [s for s in shifted if s.start >= offset]
    assert [(s.start - offset, s.end - offset, s.kind, s.target) for s in tail] == [
        (s.start, s.end, s.kind, s.target) for s in plain
    ]

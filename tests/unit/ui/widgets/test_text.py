from ui.widgets.text import plain_tooltip


def test_markup_from_the_network_is_shown_literally() -> None:
    title = '<b>Bot down</b> <img src="http://evil/x.png">\nsecond line & more'
    tip = plain_tooltip(title)
    assert tip is not None
    assert "<b>" not in tip and "<img" not in tip
    assert "&lt;b&gt;Bot down&lt;/b&gt;" in tip
    assert "<br/>" in tip and "&amp; more" in tip
    assert tip.startswith("<qt>")  # marked as rich text on purpose: Qt never guesses


def test_empty_and_none_pass_through() -> None:
    assert plain_tooltip(None) is None
    assert plain_tooltip("") == ""

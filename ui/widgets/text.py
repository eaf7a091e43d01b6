"""Text from the network, made safe for places where Qt guesses at rich text.

Qt renders a tooltip as HTML whenever it *might* be rich text, so a ticket title such
as ``<b>Bot down</b>`` (or worse, an ``<img src=…>``) would be interpreted. These
helpers escape it and mark it as rich text explicitly, so it always shows as typed.
"""

from __future__ import annotations

import html


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` literally (line breaks kept); None stays None."""
    if not text:
        return text
    return "<qt>" + html.escape(text).replace("\n", "<br/>") + "</qt>"

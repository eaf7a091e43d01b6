"""The conversation pane: message list model, bubble delegate, thumbnails, view."""

from ui.chat.delegate import BubbleDelegate
from ui.chat.layout import BubbleLayout, HitArea, HitKind
from ui.chat.model import MessageListModel
from ui.chat.rows import BubbleKind, ChatRow, PendingEntry, PendingSend, Roles
from ui.chat.thumbnails import ThumbnailLoader, decode_thumbnail
from ui.chat.view import ChatView

__all__ = [
    "BubbleDelegate",
    "BubbleKind",
    "BubbleLayout",
    "ChatRow",
    "ChatView",
    "HitArea",
    "HitKind",
    "MessageListModel",
    "PendingEntry",
    "PendingSend",
    "Roles",
    "ThumbnailLoader",
    "decode_thumbnail",
]

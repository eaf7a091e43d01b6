"""The main window: composition only. It wires the feature widgets (queue, ticket pane,
context panel, status bar) to the session; the controllers carry the behaviour."""

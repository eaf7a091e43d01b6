"""The ticket queue: model, delegate, filter bar and view."""

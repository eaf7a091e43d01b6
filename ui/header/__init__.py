"""The ticket header: title, status, priority, assignee, deadline, and closing a ticket."""

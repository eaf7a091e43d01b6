"""The customer context panel: who the customer is, their other tickets, links and files."""

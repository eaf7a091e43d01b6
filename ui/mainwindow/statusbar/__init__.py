"""The status bar (bar.py) and its pieces: the connection indicator, the Moscow
business clock and the transient message."""

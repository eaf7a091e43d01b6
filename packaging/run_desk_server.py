"""PyInstaller's entry script for the ``desk-server`` executable (the console script's twin)."""

from desk.server.cli import main

raise SystemExit(main())

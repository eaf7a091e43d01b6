"""PyInstaller's entry script for the ``desk`` executable (the console script's twin)."""

from ui.app import main

raise SystemExit(main())

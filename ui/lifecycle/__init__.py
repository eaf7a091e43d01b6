"""How the app lives on the desktop: one instance per user, its log and crash reports,
quitting cleanly on Ctrl+C and SIGTERM, and the missing-X11-libraries check that runs
before Qt starts."""

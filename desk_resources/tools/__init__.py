"""Developer tools that regenerate the files in ``desk_resources`` from a source checkout.

    python -m desk_resources.tools.translations [--check]   # desk_ru.ts / .qm from ui/
    python -m desk_resources.tools.icons [--check]          # icons/desk-<size>.png from desk.svg
    python -m desk_resources.tools.chime [--check]          # sounds/urgent.wav

They write into the checkout and are left out of the wheel: an install only reads.
"""

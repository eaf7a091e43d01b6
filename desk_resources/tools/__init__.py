"""Developer tools that regenerate the files in ``desk_resources`` from a source checkout.

    python -m desk_resources.tools.translations [--check]   # desk_ru.ts / .qm from ui/

They write into the checkout and are left out of the wheel: an install only reads.
"""

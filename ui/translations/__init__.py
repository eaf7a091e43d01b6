"""Qt translations shipped inside the ``ui`` package: desk_ru.ts (source) and desk_ru.qm.

``ui.app`` loads ``desk_<lang>.qm`` from here; ``python -m ui.translations.update``
regenerates both files from the sources (``--check`` only reports drift).
"""

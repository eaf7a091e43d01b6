"""Today's queue model (main before issue 13's columnar search and cached sort bases).

Kept only so bench_queue.py can print the old path beside the new one in one run:
model.py, filtering.py, keys.py and columns.py as they were, with imports pointing at
the unchanged ui.queue modules (labels, deadlines). Never imported by the product.
"""

"""Rich views built from plain data; with `console.py` the only modules that import Rich."""

"""Rich views built from plain data: with `console.py`, the only place that imports Rich.

Each module renders one part of the app (questions, sessions, statistics, demos, drills, tables).
Commands import these inside their functions, so `quiz --help` never pays for Rich.
"""

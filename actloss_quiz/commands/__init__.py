"""Command functions registered on the `quiz` app in `cli.py`.

These modules deliberately do not use `from __future__ import annotations`: Typer reads every
command's signature at start-up, and string annotations cost an `eval` each (15 ms per run in all).
Names imported only for type checking are quoted instead.
"""

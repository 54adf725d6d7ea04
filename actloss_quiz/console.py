"""The two Rich consoles every command prints through: results to stdout, messages to stderr.

Rich resolves `sys.stdout`/`sys.stderr` at print time, so Typer's CliRunner captures both, and it
drops colour by itself for NO_COLOR and for output that is not a terminal.
"""

from rich.console import Console

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

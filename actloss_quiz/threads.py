"""One BLAS thread unless the user chose: NumPy's OpenBLAS otherwise starts a pool of threads at
import (15-55 ms on a loaded machine) that the quiz's small arrays never use.

`limit_blas_threads` runs first thing in the console script, before NumPy can be imported; a
value the user set for any variable OpenBLAS reads is left alone. `child_environment` is the
environment for a program the quiz starts (the editor): without the quiz's own setting.
"""

from __future__ import annotations

import os

BLAS_THREADS = "OPENBLAS_NUM_THREADS"
# What OpenBLAS reads for its thread count, in its order: a user's value of any of them wins.
USER_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
_set_here: list[str] = []


def limit_blas_threads() -> None:
    """OPENBLAS_NUM_THREADS=1, unless one of USER_THREAD_SETTINGS is set (or NumPy is loaded)."""
    import sys

    if "numpy" in sys.modules or any(name in os.environ for name in USER_THREAD_SETTINGS):
        return
    os.environ[BLAS_THREADS] = "1"
    _set_here.append(BLAS_THREADS)


def child_environment() -> dict[str, str]:
    """This process's environment without what `limit_blas_threads` set."""
    env = dict(os.environ)
    for name in _set_here:
        if env.get(name) == "1":
            del env[name]
    return env

"""The user's data and cache folders, as platformdirs gives them.

platformdirs costs 3-5 ms to import (with `tempfile` and `random`, which it loads), and every
command that loads the bank asks for a folder. On Linux with an absolute HOME and no XDG
variable of the kind asked, platformdirs' answer is `$HOME/.local/share/<app>` and
`$HOME/.cache/<app>` (every version since 4.0); only that case is answered here, everything
else (macOS, Windows, Android, an XDG variable, a HOME that is unset or relative) by
platformdirs itself. `tests/test_userdirs.py` holds both to the same answer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# kind -> (the XDG variable that moves it, the folder under HOME otherwise)
_XDG = {"data": ("XDG_DATA_HOME", ".local/share"), "cache": ("XDG_CACHE_HOME", ".cache")}


def user_dir(kind: str, app: str) -> Path:
    """The user's `kind` ("data" or "cache") folder for `app`; nothing is created."""
    variable, under_home = _XDG[kind]
    home = os.environ.get("HOME", "")
    if (
        sys.platform == "linux"
        and "ANDROID_DATA" not in os.environ
        and not os.environ.get(variable)
        and home.startswith("/")
    ):
        return Path(os.path.join(home.rstrip("/") or "/", under_home, app))
    import platformdirs

    if kind == "data":
        return platformdirs.user_data_path(app, appauthor=False)
    return platformdirs.user_cache_path(app, appauthor=False)

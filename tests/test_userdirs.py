"""The user's folders: the Linux fast path gives platformdirs' answer, and skips importing it."""

from __future__ import annotations

import subprocess
import sys

import platformdirs
import pytest

from actloss_quiz.userdirs import user_dir

HOMES = ["/home/ann", "/home/ann/", "/", "//srv/ann", "home/ann", "", None]
XDG = [None, "", "   ", "/data/xdg", "relative/xdg"]


def _platformdirs(kind: str) -> object:
    try:
        if kind == "data":
            return platformdirs.user_data_path("actloss-quiz", appauthor=False)
        return platformdirs.user_cache_path("actloss-quiz", appauthor=False)
    except Exception as e:  # noqa: BLE001 - a HOME platformdirs cannot use: the same error
        return type(e)


def _ours(kind: str) -> object:
    try:
        return user_dir(kind, "actloss-quiz")
    except Exception as e:  # noqa: BLE001
        return type(e)


@pytest.mark.parametrize("kind", ["data", "cache"])
@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("xdg", XDG)
@pytest.mark.parametrize("android", [False, True])
def test_the_same_folder_as_platformdirs(
    kind: str, home: str | None, xdg: str | None, android: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    variable = "XDG_DATA_HOME" if kind == "data" else "XDG_CACHE_HOME"
    for name, value in (("HOME", home), (variable, xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    if android:
        monkeypatch.setenv("ANDROID_DATA", "/data")
        monkeypatch.setenv("ANDROID_ROOT", "/system")
    else:
        monkeypatch.delenv("ANDROID_DATA", raising=False)
    assert _ours(kind) == _platformdirs(kind)


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux's")
def test_the_linux_fast_path_does_not_import_platformdirs(tmp_path: object) -> None:
    code = (
        "import sys; from actloss_quiz.userdirs import user_dir; "
        "print(user_dir('data', 'a'), user_dir('cache', 'a'), 'platformdirs' in sys.modules)"
    )
    env = {"HOME": "/home/ann", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["/home/ann/.local/share/a", "/home/ann/.cache/a", "False"]

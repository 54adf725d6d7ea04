"""The package as people install it: license, metadata, both scripts, honest floors, the
changelog; and (slow) the built wheel and sdist, `twine check --strict`, pipx and uv."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import actloss_quiz
from actloss_quiz import store
from tests.helpers import REPO, bare_venv, built_once, pip_into

PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]
LOWEST = REPO / ".ci" / "lowest.txt"
ENTRY = "actloss_quiz.entry:main"


# --- license and metadata -------------------------------------------------------------------


def test_license_file_is_the_mit_license_of_the_authors() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the actloss-quiz authors\n")
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text
    assert PROJECT["license"] == "MIT" and PROJECT["license-files"] == ["LICENSE"]


def test_metadata_is_complete() -> None:
    assert PROJECT["authors"] == [{"name": "the actloss-quiz authors"}]
    assert {"quiz", "spaced-repetition", "activation-functions", "loss-functions"} <= set(
        PROJECT["keywords"]
    )
    classifiers = PROJECT["classifiers"]
    assert "Environment :: Console" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it


def test_classifiers_name_only_pythons_that_requires_python_allows() -> None:
    allowed = SpecifierSet(PROJECT["requires-python"])
    versions = [
        c.rsplit(" ", 1)[1]
        for c in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert versions and all(Version(v) in allowed for v in versions)
    floor = min(Version(s.version) for s in allowed if s.operator == ">=")
    assert f"{floor.major}.{floor.minor}" in versions


def test_two_scripts_one_entry_point() -> None:
    assert PROJECT["scripts"] == {"quiz": ENTRY, "actloss-quiz": ENTRY}


def test_sdist_carries_the_license_the_changelog_and_the_floors() -> None:
    include = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert {"LICENSE", "CHANGELOG.md", ".ci/lowest.txt", "README.md"} <= set(include)


# --- dependency floors ----------------------------------------------------------------------


def _floor(requirement: str) -> tuple[str, Version]:
    req = Requirement(requirement)
    floors = [Version(s.version) for s in req.specifier if s.operator == ">="]
    assert len(floors) == 1, f"{requirement}: give one >= floor"
    return req.name.lower(), floors[0]


def _lowest_pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in LOWEST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = Version(version.strip())
    return pins


def test_lowest_constraints_pin_exactly_the_declared_floors() -> None:
    """.ci/run installs .ci/lowest.txt and runs the suite: it must be the floors we declare."""
    declared = dict(_floor(r) for r in PROJECT["dependencies"])
    declared.update(_floor(r) for r in PYPROJECT["build-system"]["requires"])
    assert _lowest_pins() == declared


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("typer", "0.27.2"),  # typer.exceptions.TyperException
        ("fsrs", "6.3"),  # Card.to_json
        ("plotext", "6.0"),  # plotext.figure
        ("hatchling", "1.27"),  # Metadata-Version 2.4 for the license expression
    ],
)
def test_known_floors_are_not_lowered(name: str, floor: str) -> None:
    assert _lowest_pins()[name] >= Version(floor)


# --- changelog ------------------------------------------------------------------------------

RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)
SCHEMA = re.compile(r"^Database: schema version (\d+)\b", re.MULTILINE)


def _releases() -> list[tuple[Version, str]]:
    """(version, the text of its entry), newest first."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    heads = list(RELEASE.finditer(text))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return [(Version(h.group(1)), text[h.end() : end]) for h, end in zip(heads, ends, strict=True)]


def test_changelog_top_version_is_the_package_version() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    first = re.search(r"^## \[([^\]]+)\]", text, re.MULTILINE)
    assert first is not None and first.group(1) == "Unreleased"
    assert str(_releases()[0][0]) == actloss_quiz.__version__


def test_changelog_versions_descend_and_each_states_its_schema() -> None:
    releases = _releases()
    versions = [v for v, _ in releases]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    schemas = []
    for version, entry in releases:
        m = SCHEMA.search(entry)
        assert m is not None, f"{version}: no 'Database: schema version N' line"
        schemas.append(int(m.group(1)))
    assert schemas[0] == store.SCHEMA_VERSION  # a new migration needs a new entry
    oldest_first = list(reversed(list(zip(versions, schemas, strict=True))))
    assert oldest_first[0][1] == 1
    for (v_old, s_old), (v_new, s_new) in zip(oldest_first, oldest_first[1:], strict=False):
        assert s_new in (s_old, s_old + 1), f"{v_new}: schema {s_new} after {s_old}"
        if s_new != s_old:  # every schema change takes a new minor version (or major)
            assert v_new.release[:2] != v_old.release[:2], f"{v_new}: schema change in a patch"


# --- built artefacts (slow) -----------------------------------------------------------------


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(out: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(REPO)],
            check=True,
            capture_output=True,
        )

    return built_once(tmp_path_factory, "dist", build)  # one build for both tests


@pytest.mark.slow
@pytest.mark.xdist_group("dist")  # both on one worker (`dist` is built once anyway)
def test_build_gives_a_wheel_and_sdist_that_twine_accepts(dist: Path) -> None:
    version = actloss_quiz.__version__
    wheel = dist / f"actloss_quiz-{version}-py3-none-any.whl"
    sdist = dist / f"actloss_quiz-{version}.tar.gz"
    assert sorted(dist.iterdir()) == sorted([wheel, sdist])
    twine = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert twine.returncode == 0, twine.stdout + twine.stderr
    assert twine.stdout.count("PASSED") == 2

    with zipfile.ZipFile(wheel) as z:
        info = f"actloss_quiz-{version}.dist-info"
        assert z.read(f"{info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
        meta = email.message_from_bytes(z.read(f"{info}/METADATA"))
        entry_points = z.read(f"{info}/entry_points.txt").decode()
        assert "actloss_quiz/questions/loss.yaml" in z.namelist()
    assert Version(meta["Metadata-Version"]) >= Version("2.4")  # License-Expression's
    assert meta["License-Expression"] == "MIT" and meta["License-File"] == "LICENSE"
    assert meta["Author"] == "the actloss-quiz authors"
    assert "spaced-repetition" in meta["Keywords"]
    assert "Programming Language :: Python :: 3.11" in meta.get_all("Classifier", [])
    assert meta["Description-Content-Type"] == "text/markdown"
    assert f"actloss-quiz = {ENTRY}" in entry_points and f"quiz = {ENTRY}" in entry_points

    with tarfile.open(sdist) as t:
        names = set(t.getnames())
    top = f"actloss_quiz-{version}"
    for name in ("LICENSE", "CHANGELOG.md", ".ci/lowest.txt", "README.md", "pyproject.toml"):
        assert f"{top}/{name}" in names, name


def _run_both_scripts(bin_dir: Path, where: Path, home: Path) -> None:
    """`quiz` and `actloss-quiz` from a folder that is not the clone: same program, all 30."""
    env = {**os.environ, "ACTLOSS_QUIZ_DB": str(home / "q.sqlite3")}
    for script in ("quiz", "actloss-quiz"):
        version = subprocess.run(
            [str(bin_dir / script), "--version"],
            cwd=where,
            capture_output=True,
            text=True,
            check=False,
        )
        assert version.stdout == f"actloss-quiz {actloss_quiz.__version__}\n", version.stderr
        listing = subprocess.run(
            [str(bin_dir / script), "list", "--topic", "loss", "--json"],
            cwd=where,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert listing.returncode == 0, listing.stderr
        assert len(json.loads(listing.stdout)) == 15


@pytest.mark.slow
def test_pipx_and_uv_tool_install_from_the_clone(tmp_path: Path) -> None:
    """`pipx install .` and `uv tool install .`, each into folders of this test only."""
    tools = tmp_path / "tools"
    installed = pip_into(bare_venv(tools), "pipx", "uv")
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "pipx-bin"),
        "PIPX_MAN_DIR": str(tmp_path / "pipx-man"),
        "UV_TOOL_DIR": str(tmp_path / "uv-tools"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "uv-bin"),
        "UV_PYTHON_DOWNLOADS": "never",  # this Python, never one fetched from elsewhere
    }
    for command, bin_dir in (
        ([str(tools / "bin" / "pipx"), "install", "."], tmp_path / "pipx-bin"),
        (
            [str(tools / "bin" / "uv"), "tool", "install", "--python", sys.executable, "."],
            tmp_path / "uv-bin",
        ),
    ):
        proc = subprocess.run(
            command, cwd=REPO, env=env, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        _run_both_scripts(bin_dir, elsewhere, tmp_path)


# --- start-up and the installed wheel ----------------------------------------------------


def run_quiz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "actloss_quiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["list"], ["list", "--json"], ["show", "1", "--no-demo"], ["grade", "--help"]],
)
def test_light_commands_never_import_heavy_modules(args: list[str], tmp_path: Path) -> None:
    """With no parsed-bank cache, and with a warm one. (The run that writes the cache normalises
    the bank's synonym groups once, for the judge, and so loads the stemmer; that is the only
    heavy import a light command may make, once per bank change.)"""
    code = (
        "import sys; from actloss_quiz.cli import app\n"
        f"try:\n    app({args!r}, prog_name='quiz')\nexcept SystemExit as e:\n    code = e.code\n"
        "else:\n    code = 0\n"
        "heavy = [m for m in ('numpy', 'fsrs', 'plotext', 'rapidfuzz', 'snowballstemmer')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "print('EXIT', code or 0, file=sys.stderr)\n"
    )
    cache = tmp_path / "cache"

    def heavy(setting: str) -> str:
        env = {**os.environ, "ACTLOSS_QUIZ_CACHE": setting}
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=env
        )
        assert "EXIT 0" in proc.stderr, proc.stderr  # a failing command would import nothing
        return proc.stderr.splitlines()[0]

    assert heavy("") == "HEAVY []"  # no cache
    assert heavy(str(cache)) in ("HEAVY []", "HEAVY ['snowballstemmer']")  # writes the cache
    assert heavy(str(cache)) == "HEAVY []"  # a warm cache


def test_python_dash_m_works() -> None:
    proc = run_quiz("list", "--topic", "activation", "--json")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)) == 15


@pytest.mark.slow
@pytest.mark.xdist_group("dist")  # both on one worker (`dist` is built once anyway)
def test_wheel_installs_and_finds_the_bank(dist: Path, tmp_path: Path) -> None:
    """A non-editable install, run from elsewhere, must still find all 30 questions."""
    wheel = next(dist.glob("actloss_quiz-*.whl"))  # the wheel twine checked above
    env_dir = tmp_path / "venv"
    installed = pip_into(bare_venv(env_dir), str(wheel))
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [str(env_dir / "bin" / "quiz"), "list", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ACTLOSS_QUIZ_DB": str(tmp_path / "q.sqlite3")},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 30
    hard = subprocess.run(
        [str(env_dir / "bin" / "quiz"), "list", "--topic", "loss", "-d", "hard", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [r["number"] for r in json.loads(hard.stdout)] == [25, 27, 28]
    same = subprocess.run(  # the second script, under the package's name
        [str(env_dir / "bin" / "actloss-quiz"), "--version"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert same.stdout.startswith("actloss-quiz ")

"""`quiz export --what anki` imported by a real Anki: the `anki` package from PyPI (Anki's own
Rust backend and text importer, no mock), installed into a throw-away venv.

The profile is the awkward one: its current note type is Cloze and its current deck is another
deck, as after adding a cloze note there. Anki falls back to both when a file does not name its
note type and deck, so a file without those headers gets Cloze notes in that deck (checked too,
so the test would see the headers stop working).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from actloss_quiz.bank import load_bank
from actloss_quiz.cli import app
from actloss_quiz.export import ANKI_HEADER, html_text
from tests.helpers import bare_venv, built_once, pip_into, venv_python

# one worker builds the module's Anki venv once (`built_once`; the group, once pytest-xdist
# groups under pytest 9 again, keeps both tests on that worker)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("anki")]

ANKI = "anki==26.9.3"  # a wheel for CPython 3.10+ (abi3) on manylinux_2_35, macOS and Windows

IMPORT = r"""
import json, sys
from collections import Counter
from anki.collection import Collection, ImportCsvRequest

col_path, deck_file = sys.argv[1:3]
col = Collection(col_path)
try:
    col.models.set_current(col.models.by_name("Cloze"))  # the last note type used was Cloze
    col.decks.select(col.decks.id("Elsewhere"))  # ... in a deck of its own
    out = {"current": [col.models.current()["name"], col.decks.current()["name"]]}

    def run():
        metadata = col.get_csv_metadata(path=deck_file, delimiter=None)  # the file's headers
        log = col.import_csv(ImportCsvRequest(path=deck_file, metadata=metadata)).log
        return {
            "new": len(log.new),
            "updated": len(log.updated),
            "duplicate": len(log.duplicate),
            "conflicting": len(log.conflicting),
            "notes": col.note_count(),
        }

    out["first"] = run()
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    out["notetypes"] = Counter(n.note_type()["name"] for n in notes)
    out["decks"] = Counter(col.decks.name(c.did) for n in notes for c in n.cards())
    out["fields"] = {n.guid: dict(n.items()) for n in notes}
    out["tags"] = sorted({t for n in notes for t in n.tags})
    out["again"] = run()
    print(json.dumps(out))
finally:
    col.close()
"""


@pytest.fixture(scope="module")
def anki_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def build(folder: Path) -> None:
        proc = pip_into(bare_venv(folder / "venv"), ANKI)
        assert proc.returncode == 0, f"pip install {ANKI} failed:\n{proc.stderr[-3000:]}"

    return venv_python(built_once(tmp_path_factory, "anki", build) / "venv")


def _import(py: Path, deck_file: Path, tmp: Path) -> dict[str, Any]:
    folder = tmp / f"profile-{deck_file.stem}"
    folder.mkdir()
    proc = subprocess.run(
        [str(py), "-c", IMPORT, str(folder / "collection.anki2"), str(deck_file)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    assert result["current"] == ["Cloze", "Elsewhere"]
    return result


def test_real_anki_imports_30_basic_notes_into_the_named_deck_once(
    anki_python: Path, tmp_path: Path
) -> None:
    deck_file = tmp_path / "deck.txt"
    exported = CliRunner().invoke(app, ["export", str(deck_file), "--what", "anki"])
    assert exported.exit_code == 0, exported.output

    got = _import(anki_python, deck_file, tmp_path)
    assert got["first"] == {"new": 30, "updated": 0, "duplicate": 0, "conflicting": 0, "notes": 30}
    assert got["notetypes"] == {"Basic": 30}
    assert got["decks"] == {"actloss-quiz": 30}
    bank = load_bank()
    assert sorted(got["fields"]) == sorted(q.id for q in bank.questions)  # guid = question id
    for q in bank.questions:
        fields = got["fields"][q.id]
        assert list(fields) == ["Front", "Back"]
        assert fields["Front"] == html_text(q.question)
        assert fields["Back"].startswith(html_text(q.answer) + "<br><br><b>Key points:</b><ul>")
        for p in q.key_points:
            assert f"{html_text(p.label)}</li>" in fields["Back"]
    assert {"actloss-quiz::loss", "actloss-quiz::activation"} <= set(got["tags"])
    assert {"actloss-quiz::difficulty::easy", "actloss-quiz::difficulty::hard"} <= set(got["tags"])
    assert all(t.startswith("actloss-quiz::") for t in got["tags"])
    # Importing the same file again adds nothing: every note is matched by its guid.
    assert got["again"]["new"] == 0 and got["again"]["notes"] == 30


def test_without_the_notetype_and_deck_headers_anki_falls_back_to_cloze(
    anki_python: Path, tmp_path: Path
) -> None:
    """The control: the headers are what makes the difference in this profile."""
    full = tmp_path / "deck.txt"
    assert CliRunner().invoke(app, ["export", str(full), "--what", "anki"]).exit_code == 0
    lines = full.read_text(encoding="utf-8").split("\n")
    assert lines[: len(ANKI_HEADER)] == list(ANKI_HEADER)
    bare = tmp_path / "bare.txt"
    kept = [h for h in ANKI_HEADER if not h.startswith(("#notetype:", "#deck:", "#columns:"))]
    bare.write_text("\n".join(kept + lines[len(ANKI_HEADER) :]), encoding="utf-8")

    got = _import(anki_python, bare, tmp_path)
    assert got["first"]["new"] == 30
    assert got["notetypes"] == {"Cloze": 30}
    assert got["decks"] == {"Elsewhere": 30}

"""The stored card check at open (`store.opening._card_ok`): a card written as fsrs writes it is
accepted by one regular expression; that fast path must accept exactly what decoding the JSON
and checking each field accepts (issue 23)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from actloss_quiz.store.opening import _card_expressions, _card_json_ok, _card_ok, _cards_ok

_WRITTEN_CARD = _card_expressions()[0]

TIME = "2026-11-24T05:14:16+00:00"
CARD = (
    '{"card_id": 534771852898, "state": 2, "step": null, "stability": 25.5, '
    f'"difficulty": 3.3, "due": "{TIME}", "last_review": "{TIME}"}}'
)


def test_cards_fsrs_writes_take_the_fast_path() -> None:
    from fsrs import Card, Rating, Scheduler

    scheduler, card = Scheduler(), Card()
    now = datetime(2026, 11, 24, 5, 14, 16, 123456, tzinfo=UTC)
    for i, rating in enumerate([Rating.Good, Rating.Again, Rating.Good, Rating.Easy] * 3):
        card, _ = scheduler.review_card(card, rating, review_datetime=now + timedelta(days=i))
        text = card.to_json()
        assert _WRITTEN_CARD.fullmatch(text), text
        assert _card_ok(text) and _card_json_ok(text)
    assert _WRITTEN_CARD.fullmatch(CARD)


@pytest.mark.parametrize(
    "text",
    [
        CARD.replace("534771852898", "0534771852898"),  # not JSON (a leading zero)
        CARD.replace('"state": 2', '"state": 4'),
        CARD.replace("25.5", "25."),  # not JSON
        CARD.replace(TIME, "2026-02-30T05:14:16+00:00"),  # no 30 February
        CARD.replace(TIME, "9999-11-24T05:14:16+00:00"),
        CARD.replace(TIME, "2026-11-24T24:14:16+00:00"),
        CARD.replace(TIME, "2026-11-24T05:14:16.12+00:00"),
        CARD.replace('"step": null', '"step": 1.5'),
        CARD.replace('"step": null', '"step": true'),
        CARD.replace('"stability": 25.5', '"stability": "25.5"'),
        CARD.replace('"last_review": "', '"last_review": 1, "x": "'),
        CARD + " ",
        CARD.replace("}", ', "state": "x"}'),  # a repeated key: json keeps the last
    ],
)
def test_the_fast_path_refuses_what_the_field_check_refuses(text: str) -> None:
    assert _card_ok(text) == _card_json_ok(text)


_PIECES = [
    "0",
    "1",
    "-",
    ".",
    "5",
    "e",
    "+",
    "null",
    "true",
    '"',
    ",",
    " ",
    "}",
    "{",
    "\\",
    ":",
    "T",
    "2026-11-24",
    "05:14:16",
    "+00:00",
    ".123456",
    "\u0661",  # an Arabic-Indic digit: not a JSON digit
]


@given(
    st.integers(0, len(CARD)),
    st.integers(0, 6),
    st.lists(st.sampled_from(_PIECES), max_size=4).map("".join),
)
@example(CARD.index("25.5"), 2, "1e5")
@example(CARD.index('"due"') + 8, 4, "2027")
@example(CARD.index("null"), 4, "-0")
def test_the_fast_path_agrees_with_the_field_check(at: int, cut: int, insert: str) -> None:
    text = CARD[:at] + insert + CARD[at + cut :]
    assert _card_ok(text) == _card_json_ok(text), text
    if _WRITTEN_CARD.fullmatch(text):
        json.loads(text)  # every match is JSON


@given(
    st.lists(
        st.tuples(
            st.integers(0, len(CARD)),
            st.integers(0, 6),
            st.lists(st.sampled_from([*_PIECES, "\n", '"due": "x"']), max_size=4).map("".join),
        ),
        min_size=1,
        max_size=5,
    ),
    st.integers(0, 5),
)
@example([(0, 0, "")], 3)
@example([(CARD.index("25.5"), 0, "\n")], 2)
@example([(len(CARD) - 2, 0, ', "due": "' + TIME + '"')], 1)
def test_a_batch_of_cards_passes_only_if_each_card_does(
    edits: list[tuple[int, int, str]], clean: int
) -> None:
    """The batched check (one expression over the cards joined by newlines) accepts a batch only
    if `_card_ok` accepts every card in it; a batch of cards as written passes whole."""
    batch = [CARD[:at] + insert + CARD[at + cut :] for at, cut, insert in edits] + [CARD] * clean
    if _cards_ok(batch):
        assert all(_card_ok(text) for text in batch), batch
    assert _cards_ok([CARD] * clean + [CARD.replace("25.5", "3")]) is True
    assert _cards_ok([CARD, None]) is False  # a non-text value: checked one by one
    assert _cards_ok([CARD, ""]) is False  # (a newline at the very end is no card)
    assert _cards_ok([CARD + "\n" + CARD]) is False  # two cards in one value
    no_such_day = CARD.replace(TIME, "2026-02-30T05:14:16+00:00")  # as written, but no such day
    assert _cards_ok([CARD] * clean + [no_such_day]) is False


def test_a_batch_check_is_found_by_the_row_check(tmp_path: Path) -> None:
    """A card that fails the batch is still found, by row, with its row number."""
    import sqlite3
    from contextlib import closing

    from actloss_quiz.errors import StoreError
    from actloss_quiz.store.opening import check_text_columns

    with closing(sqlite3.connect(tmp_path / "t.sqlite3")) as conn:
        conn.execute("CREATE TABLE cards (card_json TEXT, due TEXT, last_review TEXT)")
        bad = CARD.replace('"state": 2', '"state": 7')
        rows = [(CARD, TIME, TIME)] * 5000 + [(bad, TIME, None)]
        conn.executemany("INSERT INTO cards VALUES (?, ?, ?)", rows)
        with pytest.raises(StoreError, match=r"\(cards\.card_json, row 5001\)"):
            check_text_columns(conn, tmp_path / "t.sqlite3", ["cards"])
        conn.execute("DELETE FROM cards WHERE rowid = 5001")
        check_text_columns(conn, tmp_path / "t.sqlite3", ["cards"])  # the rest passes

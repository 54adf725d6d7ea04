"""vocab: the shared words and their order."""

from __future__ import annotations

from actloss_quiz import vocab


def test_difficulties_sort_easy_to_hard_then_unknown_by_name() -> None:
    levels = ["hard", "zany", "easy", "medium", "alien"]
    assert sorted(levels, key=vocab.difficulty_order) == ["easy", "medium", "hard", "alien", "zany"]
    assert vocab.DIFFICULTIES == ("easy", "medium", "hard")


def test_did_you_mean_and_closest() -> None:
    assert vocab.did_you_mean("mediun", vocab.DIFFICULTIES) == " (did you mean 'medium'?)"
    assert vocab.did_you_mean("xyz", vocab.DIFFICULTIES) == ""
    assert sorted(vocab.closest("har", ["hard", "hare", "easy"], n=2)) == ["hard", "hare"]
    assert vocab.closest("hard", ["easy"], cutoff=0.9) == []


def test_plural() -> None:
    assert vocab.plural(1, "question") == "1 question"
    assert vocab.plural(0, "question") == "0 questions"
    assert vocab.plural(2, "leech", "leeches") == "2 leeches"


def test_ended_notes_cover_every_ending() -> None:
    from actloss_quiz.store import ENDED_BY

    assert set(vocab.ENDED_NOTE) == set(ENDED_BY)
    assert vocab.ENDED_NOTE["finished"] == ""
    assert vocab.ENDED_NOTE["quit"] == " (ended early)"
    assert vocab.ENDED_NOTE["interrupted"] == " (interrupted)"
    assert vocab.APP_NAME == "actloss-quiz"

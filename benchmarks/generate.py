"""Generate a large question bank and a long review history for the benchmarks.

    python benchmarks/generate.py OUT_DIR --questions 10000 --reviews 100000

writes OUT_DIR/bank/*.yaml (ten topics) and OUT_DIR/progress.sqlite3 (the real schema, filled
with bulk inserts: cards for 80% of the questions with due dates spread over -60..+60 days, and
the given number of reviews spread over two years in sessions of 20).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from actloss_quiz import clock, store

TOPICS = [f"topic{i:02d}" for i in range(10)]
LEVELS = ("easy", "medium", "hard")
PER_FILE = 4_000  # questions per bank file


def write_bank(out: Path, n_questions: int, seed: int = 0) -> list[tuple[str, int, str, str]]:
    """Write ten bank files; returns (id, number, topic, difficulty) for every question."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    per_topic: dict[str, list[dict[str, object]]] = {t: [] for t in TOPICS}
    meta = []
    for i in range(n_questions):
        topic = TOPICS[i % len(TOPICS)]
        number = i + 1  # unique across topics, so `quiz show 1` names one question
        level = rng.choice(LEVELS)
        qid = f"{topic}-q{number:05d}"
        per_topic[topic].append(
            {
                "id": qid,
                "number": number,
                "difficulty": level,
                "question": f"Generated question {number} of {topic}: why does gradient {i} vanish?",
                "answer": "Because the derivative saturates; " * 3,
                "formula": "σ'(x) = σ(x)(1 − σ(x))",
                "key_points": [["saturation", "saturates"], ["derivative", "gradient"], ["depth"]],
                "tags": [f"tag{i % 7}", "generated"],
            }
        )
        meta.append((qid, number, topic, level))
    for topic, questions in per_topic.items():
        # A file holds at most MAX_PHRASINGS_PER_FILE phrasings (5 a question here): a topic of
        # more than 4,000 questions (50,000 in all) is split over several files.
        for part, at in enumerate(range(0, len(questions), PER_FILE)):
            text = yaml.safe_dump(
                {
                    "topic": topic,
                    "title": topic.title(),
                    "questions": questions[at : at + PER_FILE],
                },
                allow_unicode=True,
                sort_keys=False,
            )
            name = f"{topic}.yaml" if part == 0 else f"{topic}-{part + 1}.yaml"
            (out / name).write_text(text, encoding="utf-8")
    return meta


def write_history(
    db: Path,
    meta: list[tuple[str, int, str, str]],
    n_reviews: int,
    *,
    now: datetime,
    seed: int = 0,
) -> None:
    """Fill a fresh database with cards and reviews in a handful of bulk transactions."""
    rng = random.Random(seed)
    if db.exists():
        db.unlink()
    conn = store.connect(db)
    seen = meta[: max(1, int(len(meta) * 0.8))]
    cards = []
    for qid, _, _, _ in seen:
        due = now + timedelta(days=rng.uniform(-60, 60))
        last = due - timedelta(days=rng.uniform(1, 30))
        stability, difficulty = rng.uniform(0.5, 60), rng.uniform(1, 10)
        card = {
            "card_id": rng.randrange(10**12),
            "state": 2,
            "step": None,
            "stability": stability,
            "difficulty": difficulty,
            "due": clock.iso(due),
            "last_review": clock.iso(last),
        }
        cards.append(
            (
                qid,
                json.dumps(card),
                "review",
                clock.iso(due),
                stability,
                difficulty,
                clock.iso(last),
                rng.randint(1, 20),
                rng.randint(0, 5),
            )
        )
    start = now - timedelta(days=730)
    step = timedelta(days=730) / max(n_reviews, 1)
    sessions, reviews = [], []
    for i in range(n_reviews):
        at = start + step * i
        session_id = i // 20 + 1
        if i % 20 == 0:
            sessions.append(
                (
                    session_id,
                    "quiz",
                    clock.iso(at),
                    clock.iso(at + timedelta(minutes=10)),
                    None,
                    None,
                    None,
                    0,
                    "finished",
                )
            )
        qid, number, topic, level = seen[rng.randrange(len(seen))]
        rating = rng.choice((1, 2, 3, 3, 3, 4))
        typed = rng.random() < 0.5
        reviews.append(
            (
                session_id,
                qid,
                clock.iso(at),
                rating,
                rng.random() if typed else None,
                "saturation of the derivative, deep stacks" if typed else None,
                rng.uniform(3, 60),
                0,
                clock.iso(at + timedelta(days=rng.uniform(0.01, 30))),
                rng.uniform(0.5, 60),
                rng.uniform(1, 10),
                number,
                topic,
                level,
                None,
                None,
            )
        )
    with conn:
        conn.executemany(
            "INSERT INTO cards (question_id, card_json, state, due, stability, difficulty,"
            " last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            cards,
        )
        conn.executemany(
            "INSERT INTO sessions (id, kind, started_at, ended_at, topic_filter,"
            " difficulty_filter, tag_filter, cram, ended_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        conn.executemany(
            "INSERT INTO reviews (session_id, question_id, reviewed_at, rating, answer_score,"
            " answer, response_seconds, cram, due, stability, difficulty, number, topic,"
            " question_difficulty, card_before, review_log)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            reviews,
        )
    # The bulk inserts bypass the store, so its per-day summary is stale: rebuilt as `quiz stats`
    # would on its first run, to give the database a user's own history has.
    store.rebuild_day_summary(conn)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    args = parser.parse_args()
    meta = write_bank(args.out / "bank", args.questions)
    write_history(args.out / "progress.sqlite3", meta, args.reviews, now=datetime.now(UTC))
    print(f"{args.questions} questions, {args.reviews} reviews in {args.out}")


if __name__ == "__main__":
    main()

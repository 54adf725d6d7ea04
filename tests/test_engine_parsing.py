"""Value strings -> arrays, and the messages for bad values."""

from __future__ import annotations

import numpy as np
import pytest

from actloss_quiz.engine.parsing import format_array, parse_array, parse_scalar
from actloss_quiz.errors import DemoInputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5", np.array(0.5)),
        ("-1,0,2.5", np.array([-1.0, 0.0, 2.5])),
        (" -1 , 0 ", np.array([-1.0, 0.0])),
        ("-1:1:5", np.array([-1.0, -0.5, 0.0, 0.5, 1.0])),
        ("2,1,0.1;0.5,2.5,0.3", np.array([[2, 1, 0.1], [0.5, 2.5, 0.3]])),
        ("1e308,-1e308", np.array([1e308, -1e308])),
    ],
)
def test_parse_array_forms(text: str, expected: np.ndarray) -> None:
    got = parse_array("x", text)
    assert got.dtype == np.float64
    assert got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "--x: 'abc' is not a number"),
        ("1,,2", "--x: '1,,2' has an empty item"),
        ("nan", "--x: 'nan' is not a finite number"),
        ("1,inf", "--x: 'inf' is not a finite number"),
        ("1,2;3", "--x: matrix rows have different lengths (2, 1)"),
        ("0:1:1", "--x: range count must be between 2"),
        ("0:1:x", "--x: range count 'x' is not a whole number"),
        ("0:1", "--x: '0:1' is not a range"),
        ("", "--x: empty value"),
    ],
)
def test_parse_array_errors(text: str, message: str) -> None:
    with pytest.raises(DemoInputError) as info:
        parse_array("x", text)
    assert str(info.value).startswith(message)


def test_parse_scalar_rejects_lists_and_names_option() -> None:
    assert parse_scalar("label-smoothing", "0.1") == 0.1
    with pytest.raises(DemoInputError, match=r"^--label-smoothing: '1,2': expected one number"):
        parse_scalar("label-smoothing", "1,2")


def test_format_array_round_trips() -> None:
    for text in ["0.5", "-1,0,2.5", "2,1,0.1;0.5,2.5,0.3"]:
        assert format_array(parse_array("x", text)) == text

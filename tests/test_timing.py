"""best_time keeps the fastest round and calls the function the number of times it says."""

import itertools
import time

import pytest

from lr_utils.timing import best_time


def clock(*readings):
    # a timer that returns the given readings in turn: two per round, start and end
    it = iter(readings)
    return lambda: next(it)


def test_best_time_is_fastest_round_divided_by_number():
    # rounds of 3, 1 and 2 seconds, each of 4 calls: the best call took 1 / 4 s
    got = best_time(lambda: None, repeat=3, number=4, timer=clock(0, 3, 10, 11, 20, 22))
    assert got == 0.25


def test_best_time_calls_fn_repeat_times_number():
    calls = itertools.count()
    best_time(lambda: next(calls), repeat=3, number=7)
    assert next(calls) == 21


def test_best_time_of_a_real_call_is_at_least_what_the_call_takes():
    # time.sleep(t) takes at least t: a bound that holds on any machine, however busy
    # (an upper bound would not); with number=3, each round is at least 3 t long
    calls = itertools.count()

    def nap():
        next(calls)
        time.sleep(0.002)

    seconds = best_time(nap, repeat=2, number=3)
    assert type(seconds) is float
    assert seconds >= 0.002, f"best_time {seconds} s for a call of at least 0.002 s"
    assert next(calls) == 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repeat": 0}, "repeat must be a whole number >= 1, got 0"),
        ({"number": 2.5}, "number must be a whole number >= 1, got 2.5"),
        ({"repeat": True}, "repeat must be a whole number >= 1, got True"),
    ],
)
def test_best_time_refuses_bad_counts(kwargs, message):
    with pytest.raises(ValueError, match=message):
        best_time(lambda: None, **kwargs)


def test_best_time_refuses_a_non_callable():
    with pytest.raises(ValueError, match="fn must be callable"):
        best_time(42)

"""Timing a function as timeit does: the same call repeated, and the best time kept."""

import time
import timeit

from .validation import check_count


def best_time(fn, repeat=5, number=1, timer=time.perf_counter):
    """Return the shortest time one call to fn took, in seconds.

    fn is called `number` times in a row, and that is done `repeat` times; the fastest
    round, divided by `number`, is returned. The minimum, not the mean: other work on the
    machine only ever adds time, so the fastest round is the closest to fn's own cost.
    As in timeit, garbage collection is off while fn runs.

    Parameters
    ----------
    fn : callable taking no arguments, e.g. ``lambda: np.dot(a, b)``
    repeat : int >= 1, how many rounds
    number : int >= 1, calls per round; raise it for calls much shorter than a millisecond
    timer : callable returning seconds, default time.perf_counter

    Returns
    -------
    seconds : float
    """
    if not callable(fn):
        raise ValueError(f"fn must be callable with no arguments, got {type(fn).__name__}")
    repeat = check_count(repeat, "repeat", minimum=1)
    number = check_count(number, "number", minimum=1)
    rounds = timeit.Timer(fn, timer=timer).repeat(repeat=repeat, number=number)
    return min(rounds) / number

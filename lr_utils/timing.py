"""Timing a function as timeit does: the same call repeated, and the best time kept."""

import numbers
import time
import timeit


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
    for name, value in (("repeat", repeat), ("number", number)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    rounds = timeit.Timer(fn, timer=timer).repeat(repeat=int(repeat), number=int(number))
    return min(rounds) / number

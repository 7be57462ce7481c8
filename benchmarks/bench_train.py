"""Training speed and memory of lr_utils against the reference notes' bare loop and the BLAS floor.

    python benchmarks/bench_train.py [--repeat 7]

Prints a Markdown table. Targets: the package's fit takes no longer than a plain
re-implementation of the reference notes' loop (ratio <= 1.0: validation and bookkeeping cost
nothing measurable), fit allocates no copy of X, and fit with solver="gram" (the same
iterates, in the span of the examples) takes at most a tenth of the reference loop's time.
Timings are the median of interleaved repeats in alternating order, so that a noisy
neighbour slows every contender alike.
"""

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from lr_utils import LogisticRegression, images_to_columns, load_dataset

NUM_ITERATIONS, LEARNING_RATE = 2001, 0.005


def reference_loop(X, Y, num_iterations, learning_rate):
    """The reference notes' LogisticRegression.fit, inlined: no validation, no bookkeeping."""
    m = X.shape[1]
    w, b = np.zeros((X.shape[0], 1)), 0.0
    for _ in range(num_iterations):
        A = 1.0 / (1.0 + np.exp(-(np.dot(w.T, X) + b)))
        cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m  # noqa: F841 (as the reference notes)
        dw = np.dot(X, (A - Y).T) / m
        db = np.sum(A - Y) / m
        w -= learning_rate * dw
        b -= learning_rate * db
    return w, b


def package_fit(X, Y, num_iterations, learning_rate):
    return LogisticRegression().fit(X, Y, num_iterations, learning_rate)


def package_fit_gram(X, Y, num_iterations, learning_rate):
    return LogisticRegression(solver="gram").fit(X, Y, num_iterations, learning_rate)


def two_matvecs(X, Y, num_iterations, _):
    """The floor: per iteration, the two passes over X that gradient descent cannot avoid."""
    w, dz = np.zeros((X.shape[0], 1)), np.zeros_like(Y, dtype=np.float64)
    for _ in range(num_iterations):
        np.dot(w.T, X)
        np.dot(X, dz.T)


def seconds(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def peak_bytes(fn, *args):
    tracemalloc.start()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="interleaved repeats (7)")
    args = parser.parse_args()

    train_x, Y, _, _, _ = load_dataset()
    X = images_to_columns(train_x)
    contenders = {
        "lr_utils fit": package_fit,
        "lr_utils fit, gram solver": package_fit_gram,
        "reference loop": reference_loop,
        "2 matvecs": two_matvecs,
    }
    times = {name: [] for name in contenders}
    for i in range(args.repeat):
        order = list(contenders.items())
        for name, fn in order[::-1] if i % 2 else order:  # alternate, so no one always goes first
            times[name].append(seconds(fn, X, Y, NUM_ITERATIONS, LEARNING_RATE))
    median = {name: statistics.median(t) for name, t in times.items()}
    peak = {name: peak_bytes(fn, X, Y, 50, LEARNING_RATE) for name, fn in contenders.items()}

    print(
        f"X: {X.shape} float64 ({X.nbytes / 2**20:.1f} MiB), {NUM_ITERATIONS} iterations, "
        f"median of {args.repeat}\n"
    )
    print("| run | median s | best s | ms / iteration | vs reference loop | peak extra MiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in contenders:
        print(
            f"| {name} | {median[name]:.3f} | {min(times[name]):.3f} "
            f"| {1000 * median[name] / NUM_ITERATIONS:.3f} "
            f"| {median[name] / median['reference loop']:.2f} | {peak[name] / 2**20:.2f} |"
        )
    # each repeat ran all back to back: the median of their ratios cancels slow drifts,
    # and its quartiles show how far this machine's noise reaches
    print()
    for name, target in (("lr_utils fit", 1.0), ("lr_utils fit, gram solver", 0.1)):
        ratios = [f / s for f, s in zip(times[name], times["reference loop"], strict=True)]
        q1, ratio, q3 = statistics.quantiles(ratios, n=4)
        if ratio <= target:
            verdict = "met"
        elif q1 <= target:
            verdict = f"not met, but within this machine's noise (lower quartile <= {target})"
        else:
            verdict = "NOT met"
        print(
            f"target {name} / reference loop <= {target}: median of paired ratios {ratio:.3f} "
            f"(quartiles {q1:.3f} to {q3:.3f}): {verdict}"
        )
    no_copy = peak["lr_utils fit"] < 0.1 * X.nbytes
    print(f"target fit allocates no copy of X: {'met' if no_copy else 'NOT met'}")
    gram_bytes = 8 * X.shape[1] ** 2
    print(
        f"gram solver: peak extra {peak['lr_utils fit, gram solver'] / 2**20:.2f} MiB, "
        f"of which K = X.T X is {gram_bytes / 2**20:.2f} MiB"
    )


if __name__ == "__main__":
    main()

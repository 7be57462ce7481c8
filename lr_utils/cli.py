"""The command line: ``python -m lr_utils train | fetch | predict`` (or ``lr-utils ...``).

Exit status: 0 when everything went well; 1 after an error, told in one line per fault
(a data, model or image file, a path that cannot be written); 2 for bad arguments, with
the usage; 130 when interrupted (Ctrl-C), with nothing half-written left behind.
"""

import argparse
import contextlib
import os
import sys

from .data import DatasetError, fetch_dataset, load_dataset
from .estimator import LogisticRegression
from .files import atomic_write, check_target
from .images import images_to_columns, predict_image


def _whole_number(minimum):
    """An argparse type: a whole number >= minimum, with a message that says so."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < minimum:
            raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text!r}")
        return value

    return parse


def _positive_number(text):
    """An argparse type: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


MODULE_PROG = "python -m lr_utils"


def _parser(prog=MODULE_PROG):
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Logistic regression on the cat / non-cat images.",
    )
    data_dir_help = "folder of the data files (default: $LR_UTILS_DATA_DIR or datasets/)"
    parser.add_argument("--data-dir", help=data_dir_help)
    # the same option after the command too; there its default must not hide the first
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", default=argparse.SUPPRESS, help=data_dir_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser(
        "train",
        parents=[data_dir],
        help="train on the cat images and print accuracies (the reference run)",
    )
    train.add_argument("--iterations", type=_whole_number(0), default=2001, help="default: 2001")
    train.add_argument(
        "--learning-rate", type=_positive_number, default=0.005, help="default: 0.005"
    )
    train.add_argument(
        "--print-every", type=_whole_number(1), default=500, help="print the cost every N (500)"
    )
    train.add_argument(
        "--solver",
        choices=LogisticRegression.SOLVERS,
        default="gradient",
        help="gradient (default, as the lessons) or gram (the same run, O(m^2) a step)",
    )
    train.add_argument("--plot", metavar="PATH", help="write the learning curve as a PNG")
    train.add_argument("--save", metavar="PATH", help="write the learned weights (.npz)")

    commands.add_parser("fetch", parents=[data_dir], help="download and verify the data files")

    predict = commands.add_parser("predict", help="print the cat probability of image files")
    predict.add_argument("--model", required=True, metavar="PATH", help="a file from --save")
    predict.add_argument("images", nargs="+", metavar="IMAGE", help="JPEG or PNG files")
    return parser


def _train(args):
    for path in (args.plot, args.save):  # refuse a bad path before training, not after
        if path is not None:
            check_target(path)
    train_x, train_y, test_x, test_y, _ = load_dataset(args.data_dir)
    X_train, X_test = images_to_columns(train_x), images_to_columns(test_x)
    clf = LogisticRegression(solver=args.solver).fit(
        X_train, train_y, args.iterations, args.learning_rate, True, args.print_every
    )
    print(f"training acc: {clf.accuracy_score(X_train, train_y)}")
    print(f"testing acc: {clf.accuracy_score(X_test, test_y)}")
    if args.plot:
        # a Figure of its own, not pyplot's: no backend switched, no figure left open
        from matplotlib.figure import Figure

        from .plotting import plot_costs

        ax = Figure(figsize=(6, 4)).add_subplot()
        plot_costs(clf.costs_, ax=ax, learning_rate=args.learning_rate)
        with atomic_write(args.plot) as f:
            ax.figure.savefig(f, format="png")
        print(f"learning curve written to {args.plot}")
    if args.save:
        clf.save(args.save)
        print(f"weights written to {args.save}")


def _fetch(args):
    print(f"data files verified in {fetch_dataset(args.data_dir)}")


def _predict(args):
    # every image is tried: a bad one is told in one line, and the status is 1 at the end
    clf = LogisticRegression.load(args.model)
    status = 0
    for path in args.images:
        try:
            p = predict_image(clf, path)
        except ValueError as error:
            _error(error)
            status = 1
            continue
        print(f"{path}: cat probability {p:.4f}")
    return status


def _error(error):
    sys.stdout.flush()  # what was printed before comes first
    print(f"error: {error}", file=sys.stderr)


def main(argv=None, prog=None):
    """Run the command line; return the exit status (see the module's docstring).

    argv: the arguments, default sys.argv[1:]. prog: the command's name in the usage;
    by default the name it was called by (``lr-utils``) when argv is None, else
    ``python -m lr_utils``.
    """
    if prog is None:
        called = os.path.basename(sys.argv[0]) if sys.argv and argv is None else ""
        prog = called or MODULE_PROG
    saved = sys.stdout, sys.stderr
    with contextlib.ExitStack() as stack:
        # a stream closed by the shell (>&-, 2>&-) is None: output to it is dropped
        streams = [s or stack.enter_context(open(os.devnull, "w")) for s in saved]
        sys.stdout, sys.stderr = _UntilClosed(streams[0]), streams[1]
        try:
            return _run(_parser(prog), argv)
        finally:
            sys.stdout, sys.stderr = saved


def _run(parser, argv):
    try:
        args = parser.parse_args(argv)  # bad arguments: SystemExit(2), with usage
        command = {"train": _train, "fetch": _fetch, "predict": _predict}[args.command]
        status = command(args) or 0
        sys.stdout.flush()
        return status
    except (DatasetError, ValueError, OSError) as error:
        _error(error)
        return 1
    except KeyboardInterrupt:
        # Ctrl-C: the files being written are removed by atomic_write as the stack unwinds
        _error("interrupted (Ctrl-C); no file was left half-written")
        return 130


class _UntilClosed:
    """sys.stdout until its reader goes away (``| head -1``); then output is dropped.

    A closed pipe is not an error: the work goes on (a --save still happens), quietly.
    """

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._drop_output()
            return len(text)

    def flush(self):
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._drop_output()

    def _drop_output(self):
        # point the file descriptor at the null device, so that what is still buffered,
        # and the flush at exit, go nowhere instead of failing again
        with contextlib.suppress(OSError, ValueError):  # a stream without a descriptor
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)

    def __getattr__(self, name):
        return getattr(self.stream, name)

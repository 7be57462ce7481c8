"""The command line: ``python -m lr_utils train | fetch | predict``."""

import argparse
import sys

from .data import DatasetError, fetch_dataset, load_dataset
from .estimator import LogisticRegression
from .files import atomic_write, check_target
from .images import images_to_columns, predict_image


def _count(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be >= 0, got {value}")
    return value


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _positive_float(text):
    value = float(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text}")
    return value


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m lr_utils",
        description="Logistic regression on the cat / non-cat images.",
    )
    parser.add_argument(
        "--data-dir", help="folder of the data files (default: $LR_UTILS_DATA_DIR or datasets/)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    train = commands.add_parser(
        "train", help="train on the cat images and print accuracies (the reference run)"
    )
    train.add_argument("--iterations", type=_count, default=2001, help="default: 2001")
    train.add_argument(
        "--learning-rate", type=_positive_float, default=0.005, help="default: 0.005"
    )
    train.add_argument(
        "--print-every", type=_positive_int, default=500, help="print the cost every N (500)"
    )
    train.add_argument(
        "--solver",
        choices=LogisticRegression.SOLVERS,
        default="gradient",
        help="gradient (default, as the lessons) or gram (the same run, O(m^2) a step)",
    )
    train.add_argument("--plot", metavar="PATH", help="write the learning curve as a PNG")
    train.add_argument("--save", metavar="PATH", help="write the learned weights (.npz)")

    commands.add_parser("fetch", help="download and verify the data files")

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
        import matplotlib

        matplotlib.use("Agg")
        from .plotting import plot_costs

        ax = plot_costs(clf.costs_, learning_rate=args.learning_rate)
        with atomic_write(args.plot) as f:
            ax.figure.savefig(f, format="png")
        print(f"learning curve written to {args.plot}")
    if args.save:
        clf.save(args.save)
        print(f"weights written to {args.save}")


def _fetch(args):
    print(f"data files verified in {fetch_dataset(args.data_dir)}")


def _predict(args):
    clf = LogisticRegression.load(args.model)
    for path in args.images:
        print(f"{path}: cat probability {predict_image(clf, path):.4f}")


def main(argv=None):
    args = _parser().parse_args(argv)
    command = {"train": _train, "fetch": _fetch, "predict": _predict}[args.command]
    try:
        command(args)
    except (DatasetError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0

"""The command line: ``python -m lr_utils ...`` in real processes where the process is the
point (exit statuses, a closed pipe, the reference run), and main(ARGS), which is all that
``python -m lr_utils ARGS`` runs, in this process for the rest: one process costs about a
quarter of a second of CPU before it does anything."""

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lr_utils import LogisticRegression, images_to_columns
from lr_utils.cli import main

# the environment pytest started with: background jobs (tests/conftest.py) read this, never
# os.environ, which a test in pytest's own thread may change for a moment (monkeypatch)
ENV_AT_START = dict(os.environ)

REFERENCE_LINES = [
    "Cost after iteration 0: 0.693147",
    "Cost after iteration 500: 0.303273",
    "Cost after iteration 1000: 0.214820",
    "Cost after iteration 1500: 0.166521",
    "Cost after iteration 2000: 0.135608",
    "training acc: 0.9904306220095693",
    "testing acc: 0.7",
]
PROBABILITY = re.compile(r"^(?P<path>.+): cat probability (?P<p>\d\.\d{4})$")


@pytest.fixture(scope="module")
def start(data_dir, tmp_path_factory):
    """Start ``python -m lr_utils ARGS`` from a scratch working folder; return the process."""
    cwd = tmp_path_factory.mktemp("cwd")

    def start(*args, stdout=subprocess.PIPE, preexec_fn=None, **env):
        # one BLAS thread: the same numbers, and no spinning threads on a busy machine
        environ = {
            **ENV_AT_START,
            "LR_UTILS_DATA_DIR": str(data_dir),
            "OPENBLAS_NUM_THREADS": "1",
            **env,
        }
        return subprocess.Popen(
            [sys.executable, "-m", "lr_utils", *map(str, args)],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=environ,
            cwd=cwd,
            preexec_fn=preexec_fn,
        )

    return start


@pytest.fixture
def call(data_dir, capsys, monkeypatch):
    """Run main(ARGS) here, with environment variables ENV; return what a process would."""

    def call(*args, **env):
        monkeypatch.setenv("LR_UTILS_DATA_DIR", str(data_dir))
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        try:
            status = main([str(arg) for arg in args])
        except SystemExit as exit:  # argparse: --help, bad arguments
            status = exit.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(["python", "-m", "lr_utils", *args], status, out, err)

    return call


def finish(process):
    try:
        stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()  # never left running after the test
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def run(start):
    """Run ``python -m lr_utils ARGS`` to the end; return the completed process."""
    return lambda *args, **env: finish(start(*args, **env))


@pytest.fixture(scope="module")
def trained(cli_reference_run):
    """The reference run, once, writing its learning curve and weights (in the background)."""
    return cli_reference_run


@pytest.fixture(scope="module")
def test_set(cat_images):
    return cat_images[2], cat_images[3]


def assert_one_error_line(result, *fragments):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_train_prints_the_reference_run(trained):
    result, out = trained
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:7] == REFERENCE_LINES
    assert lines[7:] == [
        f"learning curve written to {out / 'curve.png'}",
        f"weights written to {out / 'model.npz'}",
    ]
    assert sorted(os.listdir(out)) == ["curve.png", "model.npz"]  # no temporary files


# Real processes whose work takes a while (a training, the data loaded) run from the end of
# collection on, one after the other in a thread beside the other tests (tests/conftest.py,
# kernel_jobs); the tests below read their results.
KERNEL_JOB_LANE = "processes"
REFUSED = "http://127.0.0.1:1/"  # port 1: nothing listens there, a mirror that is down


def _in_a_scratch_folder(*args, shell=False, **env):
    """``python -m lr_utils ARGS`` (ARGS may name files in the folder as {folder}/...) in a
    scratch working folder: (the completed process, the folder's files after it, and the shape
    of w in each model file there)."""
    with tempfile.TemporaryDirectory(prefix="lr_utils_cli_") as folder:
        command = [sys.executable, "-m", "lr_utils", *(a.format(folder=folder) for a in args)]
        if shell:  # `python -m lr_utils ARGS >&-`: standard output closed
            command = ["sh", "-c", 'exec "$0" "$@" >&-', *command]
        environ = {**ENV_AT_START, "OPENBLAS_NUM_THREADS": "1", **env}
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, env=environ, cwd=folder
        )
        files = sorted(os.listdir(folder))
        models = {
            name: LogisticRegression.load(Path(folder, name)).w.shape
            for name in files
            if name.endswith(".npz")
        }
        return result, files, models


JOBS = {  # the test that reads the result: the job
    "gram": lambda: _in_a_scratch_folder("train", "--solver", "gram"),
    **{
        f"diverging {solver}": (
            lambda solver=solver: _in_a_scratch_folder(
                "train", "--solver", solver, "--learning-rate", "1e308", "--save",
                "{folder}/model.npz",
            )
        )
        for solver in ("gradient", "gram")
    },
    "missing data": lambda: _in_a_scratch_folder(
        "fetch", "--data-dir", "{folder}", LR_UTILS_DATA_URL=REFUSED
    ),
    "closed stdout": lambda: _in_a_scratch_folder(
        "train", "--iterations", "3", "--save", "{folder}/model.npz", shell=True
    ),
}  # fmt: skip
READ_BY = {
    "test_train_with_the_gram_solver_prints_the_reference_run": ["gram"],
    "test_diverging_training_exits_1_and_saves_nothing": ["diverging gradient", "diverging gram"],
    "test_missing_data_exits_1": ["missing data"],
    "test_a_closed_standard_output_is_not_an_error": ["closed stdout"],
}


def kernel_jobs(items):
    """The background jobs of the selected tests (tests/conftest.py)."""
    mine = {i.originalname for i in items if getattr(i, "module", None) is sys.modules[__name__]}
    keys = [key for test, keys in READ_BY.items() if test in mine for key in keys]
    return {("cli", key): JOBS[key] for key in keys}


@pytest.fixture
def ran(kernel_job):
    """A function key -> (completed process, files left in its folder, their models)."""
    return lambda key: kernel_job(("cli", key), JOBS[key])


def test_train_with_the_gram_solver_prints_the_reference_run(ran):
    result, _, _ = ran("gram")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == REFERENCE_LINES


@pytest.mark.parametrize("solver", ["gradient", "gram"])
def test_diverging_training_exits_1_and_saves_nothing(ran, solver):
    result, files, _ = ran(f"diverging {solver}")
    assert_one_error_line(
        result, "gradient descent overflowed float64 with learning_rate=1e+308", "try a smaller"
    )
    assert result.stdout.splitlines() == REFERENCE_LINES[:1]  # iteration 0 was fine
    assert files == []


def test_plot_is_a_png(trained):
    path = trained[1] / "curve.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as img:
        assert img.format == "PNG"
        width, height = img.size
        img.verify()
    assert width >= 300 and height >= 200


def test_saved_weights_reproduce_the_test_accuracy(trained, test_set):
    path = trained[1] / "model.npz"
    with zipfile.ZipFile(path) as npz:
        assert sorted(npz.namelist()) == ["b.npy", "costs.npy", "solver.npy", "w.npy"]
    clf = LogisticRegression.load(path)
    assert clf.w.shape == (64 * 64 * 3, 1)
    test_x, test_y = test_set
    assert clf.accuracy_score(images_to_columns(test_x), test_y) == 0.7


def test_short_run_options(call):
    result = call("train", "--iterations", 50, "--learning-rate", 0.01, "--print-every", 20)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Cost after iteration 0",
        "Cost after iteration 20",
        "Cost after iteration 40",
        "training acc",
        "testing acc",
    ]
    assert lines[0] == REFERENCE_LINES[0]  # w = 0 gives log(2) whatever the options


def test_predict(trained, test_set, call, tmp_path):
    test_x, _ = test_set
    model = trained[1] / "model.npz"
    clf = LogisticRegression.load(model)
    prob = clf.predict_prob(images_to_columns(test_x))[0]
    k = 7
    rgba = np.dstack([test_x[k], np.full((64, 64), 255, np.uint8)])
    rgba[:16, :16, 3] = 0  # a transparent corner
    files = {
        "exact.png": Image.fromarray(test_x[k]),
        "opaque_rgba.png": Image.fromarray(test_x[k]).convert("RGBA"),
        "photo.jpg": Image.fromarray(test_x[k]),
        "alpha.png": Image.fromarray(rgba),
        "gray.png": Image.fromarray(test_x[k]).convert("L"),
        "palette.png": Image.fromarray(test_x[k]).convert("P"),
        "large.png": Image.fromarray(test_x[3]).resize((500, 300)),
    }
    for name, img in files.items():
        img.save(tmp_path / name)
    paths = [tmp_path / name for name in files]
    result = call("predict", "--model", model, *paths)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths)
    found = {}
    for path, line in zip(paths, lines, strict=True):
        match = PROBABILITY.match(line)
        assert match and match["path"] == str(path), line
        found[path.name] = float(match["p"])
        assert 0.0 <= found[path.name] <= 1.0
    assert f"{found['exact.png']:.4f}" == f"{prob[k]:.4f}"
    assert f"{found['opaque_rgba.png']:.4f}" == f"{prob[k]:.4f}"


@pytest.mark.parametrize("command", [[], ["train"], ["fetch"], ["predict"]])
def test_help_of_each_command(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    out, err = capsys.readouterr()
    assert info.value.code == 0 and err == ""
    assert out.startswith("usage: python -m lr_utils")


BAD_ARGUMENTS = [
    (["train", "--iterations", "-1"], "--iterations: must be a whole number >= 0, got '-1'"),
    (["train", "--iterations", "1.5"], "--iterations: must be a whole number >= 0, got '1.5'"),
    (["train", "--iterations", "many"], "--iterations: must be a whole number >= 0, got 'many'"),
    (["train", "--learning-rate", "0"], "--learning-rate: must be a finite number > 0, got '0'"),
    (["train", "--learning-rate", "nan"], "must be a finite number > 0, got 'nan'"),
    (["train", "--learning-rate", "fast"], "must be a finite number > 0, got 'fast'"),
    (["train", "--print-every", "0"], "--print-every: must be a whole number >= 1, got '0'"),
    (["train", "--print-every", "2.0"], "--print-every: must be a whole number >= 1, got '2.0'"),
    (["train", "--solver", "sgd"], "invalid choice: 'sgd'"),
    (["bogus"], "invalid choice"),
    ([], "required"),
    (["predict", "cat.jpg"], "--model"),
    (["predict", "--model", "model.npz"], "IMAGE"),
]


def test_a_bad_argument_exits_2(start):
    # one in a real process: the status the shell sees; the messages are checked below
    result = finish(start("train", "--iterations", "1.5"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("usage:") and "Traceback" not in result.stderr
    assert "--iterations: must be a whole number >= 0, got '1.5'" in result.stderr


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_arguments_exit_2(args, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    assert "usage:" in err and message in err, err
    assert not re.search(r"\b_[a-z]", err), f"a private name: {err}"


def test_missing_data_exits_1(ran):
    # in a real process: the status and the one line the shell sees
    result, files, _ = ran("missing data")
    assert_one_error_line(result, "train_catvnoncat.h5 is missing", REFUSED, "fetch")
    assert result.stdout == ""
    assert files == []


def test_missing_data_before_training(call, tmp_path, dead_url):
    result = call("train", LR_UTILS_DATA_DIR=str(tmp_path), LR_UTILS_DATA_URL=dead_url)
    assert_one_error_line(result, "train_catvnoncat.h5 is missing", dead_url, "fetch")
    assert result.stdout == ""
    assert os.listdir(tmp_path) == []


def test_fetch_with_files_present(call, data_dir):
    result = call("fetch")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"data files verified in {data_dir}\n"


def test_data_dir_option_beats_env(call, data_dir, tmp_path, dead_url):
    result = call(
        "--data-dir", data_dir, "fetch", LR_UTILS_DATA_DIR=str(tmp_path), LR_UTILS_DATA_URL=dead_url
    )
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("command", [["fetch"], ["train", "--iterations", "0"]])
def test_data_dir_option_after_the_command(call, data_dir, tmp_path, dead_url, command):
    result = call(
        *command,
        "--data-dir",
        data_dir,
        LR_UTILS_DATA_DIR=str(tmp_path),
        LR_UTILS_DATA_URL=dead_url,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert os.listdir(tmp_path) == []
    if command == ["fetch"]:
        assert result.stdout == f"data files verified in {data_dir}\n"


def test_a_closed_pipe_is_not_an_error(start, tmp_path):
    # `python -m lr_utils train | head -1`: the reader goes away; the work goes on quietly
    # (--help in a real process: its output, and its exit status 0, as the shell sees them)
    commands = [
        ["train", "--iterations", "3", "--print-every", "1", "--save", tmp_path / "model.npz"],
        ["--help"],
    ]
    processes = []
    for command in commands:
        read, write = os.pipe()
        os.close(read)  # closed before the first line is printed
        processes.append(start(*command, stdout=write))
        os.close(write)
    for command, process in zip(commands, processes, strict=True):
        result = finish(process)
        assert (result.returncode, result.stderr) == (0, ""), (command, result.stderr)
    assert LogisticRegression.load(tmp_path / "model.npz").w.shape == (12288, 1)
    assert os.listdir(tmp_path) == ["model.npz"]


def test_train_in_a_notebook_leaves_matplotlib_alone(data_dir, tmp_path, capsys):
    # main() called in a kernel must not switch the kernel's backend or leave a figure open
    backend, figures = matplotlib.get_backend(), plt.get_fignums()
    plt.switch_backend("pdf")  # any backend but Agg, which --plot draws with
    try:
        args = ["train", "--iterations", "2", "--plot", tmp_path / "curve.png"]
        assert main([*map(str, args), "--data-dir", str(data_dir)]) == 0
        assert matplotlib.get_backend() == "pdf"
        assert plt.get_fignums() == figures
    finally:
        plt.switch_backend(backend)
    assert capsys.readouterr().out.endswith(f"learning curve written to {tmp_path / 'curve.png'}\n")
    with Image.open(tmp_path / "curve.png") as img:
        assert img.format == "PNG"


def test_an_unwritable_output_is_refused_before_training(call, tmp_path):
    target = "/sys/kernel/model.npz" if os.path.isdir("/sys/kernel") else None
    if target is None:
        pytest.skip("needs Linux's /sys")
    result = call("train", "--save", target)
    assert_one_error_line(result, f"cannot write {target}: ")
    assert result.stdout == ""  # refused before training


def test_predict_file_errors_exit_1(trained, call, tmp_path):
    model = trained[1] / "model.npz"
    text = tmp_path / "notes.png"
    text.write_text("not an image\n")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(model.read_bytes()[:100])
    cases = [
        ((model, tmp_path / "nowhere.jpg"), ["no image file", "nowhere.jpg"]),
        ((model, text), ["cannot read", "notes.png as an image"]),
        ((broken, text), ["broken.npz is damaged or not a saved model", "'train --save'"]),
        ((tmp_path / "none.npz", text), ["cannot read the model file", "none.npz"]),
    ]
    for paths, fragments in cases:
        result = call("predict", "--model", *paths)
        assert_one_error_line(result, *fragments)
        assert result.stdout == ""


def test_every_damaged_model_file_is_one_error_line(call, damaged_models, tmp_path):
    image = tmp_path / "cat.png"
    Image.fromarray(np.zeros((64, 64, 3), np.uint8)).save(image)
    for label, path in damaged_models.items():
        result = call("predict", "--model", path, image)
        assert result.returncode == 1, (label, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (label, result.stderr)
        assert str(path) in lines[0], (label, lines[0])
        assert result.stdout == "", label


@pytest.mark.parametrize("option", ["--plot", "--save"])
def test_output_into_missing_folder_exits_1(call, tmp_path, option):
    target = tmp_path / "missing" / "out.file"
    keep = tmp_path / "other.file"
    other = "--save" if option == "--plot" else "--plot"
    result = call("train", option, target, other, keep)
    assert_one_error_line(result, str(target.parent), "does not exist")
    assert result.stdout == ""  # refused before training
    assert os.listdir(tmp_path) == []


# the name the command was called by


def test_the_installed_command_names_itself(monkeypatch, capsys):
    # what the lr-utils script does: main() with sys.argv as the shell gave it
    monkeypatch.setattr(sys, "argv", ["/home/me/.venv/bin/lr-utils", "train", "--help"])
    with pytest.raises(SystemExit) as info:
        main()
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: lr-utils train ")


def test_the_installed_script_and_the_module_in_real_processes():
    script = Path(sys.executable).with_name("lr-utils")
    assert script.is_file(), f"no {script}: is the package installed (pip install -e .)?"
    for command, usage in [
        ([str(script), "--help"], "usage: lr-utils "),
        ([sys.executable, "-m", "lr_utils", "fetch", "--help"], "usage: python -m lr_utils fetch "),
    ]:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        assert result.stdout.startswith(usage), result.stdout


# Ctrl-C, a closed standard output


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="POSIX signals")
def test_ctrl_c_during_training_is_one_line_and_exit_130(start, tmp_path):
    process = start(
        "train", "--iterations", 10**6, "--print-every", 1,
        "--save", tmp_path / "model.npz", "--plot", tmp_path / "curve.png",
        PYTHONUNBUFFERED="1",
        # as in a terminal, whatever started pytest: a shell's background job ignores SIGINT,
        # and its children would inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert process.stdout.readline() == REFERENCE_LINES[0] + "\n"  # training has begun
    process.send_signal(signal.SIGINT)
    result = finish(process)
    assert result.returncode == 130, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "interrupted" in lines[0], result.stderr
    assert os.listdir(tmp_path) == []  # nothing written, nothing half-written


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_a_closed_standard_output_is_not_an_error(ran):
    # `python -m lr_utils train --save model.npz >&-`: the work is done, quietly
    result, files, models = ran("closed stdout")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert files == ["model.npz"] and models["model.npz"] == (12288, 1)


# predict goes on past a bad image


def test_predict_reports_each_bad_image_and_predicts_the_rest(trained, call, tmp_path):
    model = trained[1] / "model.npz"
    good = tmp_path / "cat.png"
    Image.fromarray(np.zeros((64, 64, 3), np.uint8)).save(good)
    text = tmp_path / "notes.png"
    text.write_text("not an image\n")
    missing = tmp_path / "nowhere.jpg"
    result = call("predict", "--model", model, good, text, missing, good)
    assert result.returncode == 1, result.stderr
    out = result.stdout.splitlines()
    assert len(out) == 2 and all(PROBABILITY.match(line)["path"] == str(good) for line in out)
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert "notes.png" in errors[0] and "nowhere.jpg" in errors[1]
    assert "Traceback" not in result.stderr


# --save and --plot never replace what is not a regular file


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("option", ["--save", "--plot"])
def test_outputs_that_are_not_regular_files_are_refused_before_training(call, tmp_path, option):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")  # what /dev/stdout is on Linux
    for path, kind in [(fifo, "a FIFO"), (link, "an open stream")]:
        result = call("train", "--iterations", 1, option, path)
        assert_one_error_line(
            result, f"cannot write {path}: it is" if kind == "a FIFO" else "", kind
        )
        assert result.stdout == ""  # refused before training
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and link.is_symlink()
    assert sorted(os.listdir(tmp_path)) == ["fifo", "stdout"]

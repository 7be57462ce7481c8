"""The README's API example prints exactly the output the README shows."""

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_example_output():
    text = README.read_text()
    section = text[text.index("## Using `lr_utils`") :]
    code, output = re.findall(r"```(?:python|text)\n(.*?)```", section, re.S)[:2]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == output, f"got:\n{printed.getvalue()}\nREADME shows:\n{output}"


def test_readme_quick_start_shows_the_reference_run():
    text = README.read_text()
    for line in (
        "make train",
        "make test",
        "Cost after iteration 2000: 0.135608",
        "training acc: 0.9904306220095693",
        "testing acc: 0.7",
    ):
        assert line in text, f"README lacks {line!r}"

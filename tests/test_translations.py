"""The Chinese edition (notebooks/zh-CN/, README.zh-CN.md) is in step with the English one.

For each lesson the Chinese notebook has the English cells in order, with the same ids and
types; its code cells equal the English ones once comments are dropped, with the same outputs
(the English outputs are checked by strict nbval, which does not collect notebooks/zh-CN/);
every Markdown cell is translated (a script-ratio check: no English paragraph left), not
empty, and records the SHA-256 of the English it translates, which must be the current one.
The glossary's terms are used consistently. tools/sync_translations.py builds and updates the
Chinese lessons; these tests only read them.

Until notebooks/zh-CN/ holds a lesson, the tests that need one skip, saying so. The checks are
proven on notebooks built in tmp_path (the section "The checks themselves").
"""

import copy
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"
CHINESE = ENGLISH / "zh-CN"
GLOSSARY = ROOT / "i18n" / "zh-CN" / "glossary.md"
README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"
LESSONS = sorted(p.name for p in ENGLISH.glob("*.ipynb"))


def _import_tool():
    spec = importlib.util.spec_from_file_location(
        "sync_translations", ROOT / "tools" / "sync_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync = _import_tool()

# ---------------------------------------------------------------------------------------------
# Reading prose: what is left of a Markdown cell once math, code and URLs are taken out

FENCED = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
MATH = re.compile(
    r"\$\$.*?\$\$|\\begin\{([a-z]+\*?)\}.*?\\end\{\1\}|\\\[.*?\\\]|\\\(.*?\\\)"
    r"|(?<![\\$])\$(?:\\.|[^$\\])+\$",
    re.S,
)
URL = re.compile(r"\]\([^)]*\)|<[a-z]+://[^>]*>|\b[a-z]+://\S+", re.I)
HTML = re.compile(r"<!--.*?-->|</?[a-z][^>]*>", re.S | re.I)
CJK = sync.CJK
LATIN = re.compile(r"[A-Za-z]")
# a unit of prose starts at a blank line, a heading, a list item or a table row
UNIT_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)")
MIN_LATIN = 5  # Latin letters in a unit before it can count as English
CJK_PER_LATIN = 1 / 4  # a translated unit has at least this many CJK characters per letter


def prose(markdown):
    """The text a reader reads as sentences: no code blocks, code spans, math, URLs or tags."""
    for pattern in (FENCED, CODE_SPAN, MATH, URL, HTML):
        markdown = pattern.sub(" ", markdown)
    return markdown


def units(markdown):
    """Paragraphs, headings, list items and table rows of the prose."""
    found, current = [], []
    for line in prose(markdown).splitlines():
        if not line.strip() or UNIT_START.match(line):
            found.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    found.append(" ".join(current))
    return [u for u in found if u]


def english_units(markdown):
    """The units that read as English: enough Latin letters, too few Chinese characters."""
    return [
        u
        for u in units(markdown)
        if len(LATIN.findall(u)) >= MIN_LATIN
        and len(CJK.findall(u)) < CJK_PER_LATIN * len(LATIN.findall(u))
    ]


# ---------------------------------------------------------------------------------------------
# The glossary


def read_glossary(path=GLOSSARY):
    """[(English forms, Chinese term, avoided translations)] from the table "核心术语"."""
    text = path.read_text(encoding="utf-8")
    section = text.split("## 核心术语", 1)[1].split("\n## ", 1)[0]
    rows = [ln.strip().strip("|").split("|") for ln in section.splitlines() if ln.startswith("|")]
    terms = []
    for cells in rows[2:]:  # after the header and its --- line
        assert len(cells) == 4, f"glossary row with {len(cells)} columns, expected 4: {cells}"
        english, chinese, avoid, _ = (c.strip() for c in cells)
        forms = tuple(f.strip().lower() for f in english.split(",") if f.strip())
        avoided = tuple(a.strip() for a in avoid.split(",") if a.strip())
        terms.append((forms, chinese, avoided))
    return terms


def _squeeze(text):
    return re.sub(r"\s+", "", text)


def _uses(form, english_prose):
    return re.search(rf"(?<![a-z]){re.escape(form)}(?:s|es)?(?![a-z])", english_prose)


def glossary_problems(name, english, chinese, terms):
    """Terms the English lesson uses whose Chinese is missing; avoided translations used."""
    en_text = " ".join(prose(c.source) for c in english.cells if c.cell_type == "markdown")
    en_text = re.sub(r"\s+", " ", en_text.lower())
    zh_text = _squeeze(" ".join(c.source for c in chinese.cells if c.cell_type == "markdown"))
    problems = []
    for forms, term, avoided in terms:
        used = [f for f in forms if _uses(f, en_text)]
        if used and _squeeze(term) not in zh_text:
            problems.append(f"{name}: the English says {used[0]!r}, the Chinese never {term!r}")
        problems += [
            f"{name}: {a!r} where the glossary says {term!r} ({forms[0]})"
            for a in avoided
            if _squeeze(a) in zh_text
        ]
    return problems


# ---------------------------------------------------------------------------------------------
# The checks, on one (English, Chinese) pair of notebooks; each returns a list of problems


def structure_problems(name, english, chinese):
    en = [(c.cell_type, c.get("id")) for c in english.cells]
    zh = [(c.cell_type, c.get("id")) for c in chinese.cells]
    for i, (a, b) in enumerate(zip(en, zh, strict=False)):
        if a != b:
            return [
                f"{name}: cell {i} is {b[0]} id {b[1]!r}, the English one is {a[0]} id {a[1]!r}"
            ]
    if len(en) != len(zh):
        return [f"{name}: {len(zh)} cells, the English lesson has {len(en)}"]
    return []


def _pairs(english, chinese, cell_type):
    """(English cell, Chinese cell of the same id and type) for each English cell of a type."""
    zh_cells = {c.get("id"): c for c in chinese.cells}
    for en in english.cells:
        zh = zh_cells.get(en.id)
        if en.cell_type == cell_type and zh is not None and zh.cell_type == cell_type:
            yield en, zh


def code_problems(name, english, chinese):
    problems = []
    for en, zh in _pairs(english, chinese, "code"):
        where = f"{name} cell {en.id}"
        got, expected = sync.code_without_comments(zh.source), sync.code_without_comments(en.source)
        if got != expected:
            problems.append(
                f"{where}: code differs beyond comments:\n{got}\n-- English:\n{expected}"
            )
        if zh.get("outputs") != en.outputs:
            problems.append(f"{where}: outputs differ from the English lesson's")
        if zh.get("execution_count") != en.execution_count:
            problems.append(
                f"{where}: execution count {zh.get('execution_count')}, "
                f"the English lesson's is {en.execution_count}"
            )
        if {k: v for k, v in zh.metadata.items() if k != sync.KEY} != en.metadata:
            problems.append(f"{where}: metadata (tags...) differ from the English lesson's")
        rec = zh.metadata.get(sync.KEY)
        if rec is None and zh.source != en.source:
            problems.append(
                f"{where}: translated comments not marked: "
                f"python tools/sync_translations.py --mark notebooks/zh-CN/{name} {en.id}"
            )
        elif rec is not None and rec.get("source_sha256") != sync.sha256(en.source):
            problems.append(f"{where}: stale comments: the English code cell changed since")
    return problems


def markdown_problems(name, english, chinese):
    problems = []
    for en, zh in _pairs(english, chinese, "markdown"):
        start = sync.first_line(en.source)
        where = f"{name} cell {en.id} ({start[:60]!r})"
        if not zh.source.strip():
            problems.append(f"{where}: empty")
            continue
        if left := english_units(zh.source):
            problems.append(f"{where}: English left in {len(left)} place(s): {left[0][:80]!r}")
        rec = zh.metadata.get(sync.KEY)
        if rec is None:
            problems.append(
                f"{where}: no translation record; once translated: "
                f"python tools/sync_translations.py --mark notebooks/zh-CN/{name} {en.id}"
            )
        elif rec.get("source_sha256") != sync.sha256(en.source):
            problems.append(
                f"{name} cell {en.id}: stale: the English changed since it was translated; it "
                f"now begins {start!r} (python tools/sync_translations.py --todo shows the diff)"
            )
    return problems


def _report(problems):
    return "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The Chinese edition itself (skipped while notebooks/zh-CN/ has no lesson)

NO_EDITION = (
    "no Chinese edition yet: notebooks/zh-CN/ has no lesson "
    "(issue 11, phase 2: `make translations`, then translate)"
)


def _edition():
    if not any(CHINESE.glob("*.ipynb")):
        pytest.skip(NO_EDITION)


def _pair(name):
    _edition()
    if not (CHINESE / name).exists():
        pytest.fail(f"notebooks/zh-CN/{name} is missing: run `make translations`")
    return sync.read(ENGLISH / name), sync.read(CHINESE / name)


def test_every_chinese_lesson_has_an_english_one():
    _edition()
    orphans = sorted(p.name for p in CHINESE.glob("*.ipynb") if p.name not in LESSONS)
    assert not orphans, f"notebooks/zh-CN/ has lessons with no English original: {orphans}"


@pytest.mark.parametrize("name", LESSONS)
def test_rebuild_changes_nothing(name):
    """What `make translations` would write is what is there (tools/sync_translations.py)."""
    english, _ = _pair(name)
    text = (CHINESE / name).read_text(encoding="utf-8")
    rebuilt = sync.write_text(sync.rebuild(english, sync.read(CHINESE / name)))
    if rebuilt != text:
        pytest.fail(
            f"notebooks/zh-CN/{name}: {sync._describe_change(text, rebuilt)}: "
            "run `make translations` (or `make notebooks`, which ends with it)"
        )


@pytest.mark.parametrize("name", LESSONS)
def test_same_cells_in_the_same_order(name):
    assert not (problems := structure_problems(name, *_pair(name))), _report(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_code_and_outputs_are_the_english_ones(name):
    assert not (problems := code_problems(name, *_pair(name))), _report(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_markdown_is_translated_and_up_to_date(name):
    assert not (problems := markdown_problems(name, *_pair(name))), _report(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_glossary_terms_are_used(name):
    terms = read_glossary()
    assert not (problems := glossary_problems(name, *_pair(name), terms)), _report(problems)


def test_lesson_1_holds_the_glossary():
    _, chinese = _pair(LESSONS[0])
    text = _squeeze(" ".join(c.source for c in chinese.cells if c.cell_type == "markdown"))
    missing = [
        f"{term} ({forms[0]})"
        for forms, term, _ in read_glossary()
        if _squeeze(term) not in text or _squeeze(forms[0]) not in text.lower()
    ]
    assert not missing, f"zh-CN/{LESSONS[0]} lacks glossary rows (中文 and English): {missing}"


# ---------------------------------------------------------------------------------------------
# The glossary file and the two READMEs (these exist from phase 1 on)


def test_glossary_has_the_course_terms():
    terms = read_glossary()
    chinese = {term for _, term, _ in terms}
    for term in ("损失", "代价", "梯度下降", "计算图", "前向传播", "反向传播", "向量化", "广播"):
        assert term in chinese, f"glossary lacks {term}"
    for term in ("学习率", "训练集", "测试集", "逻辑回归", "导数", "链式法则", "最大似然"):
        assert term in chinese, f"glossary lacks {term}"
    forms = [f for fs, _, _ in terms for f in fs]
    assert len(forms) == len(set(forms)), f"an English form is in two rows: {sorted(forms)}"
    for fs, term, avoided in terms:
        assert CJK.search(term), f"{fs[0]}: {term!r} is not Chinese"
        assert not any(_squeeze(a) in _squeeze(term) for a in avoided), f"{term} avoids itself"


def _fenced(text, languages):
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)
    return [body for lang, body in blocks if lang in languages]


def _commands(text):
    """The shell commands of the bash blocks, in order, without comments."""
    commands = []
    for block in _fenced(text, {"bash", "sh", "shell", "console"}):
        for command in block.replace("\\\n", " ").splitlines():
            command = re.sub(r"(^|\s)#.*", "", command).strip()
            if command:
                commands.append(re.sub(r"\s+", " ", command))
    return commands


def test_readmes_link_to_each_other_at_the_top():
    top = README.read_text(encoding="utf-8").splitlines()[:5]
    assert any("](README.zh-CN.md)" in line for line in top), "README.md: no link to 中文版 on top"
    top = README_ZH.read_text(encoding="utf-8").splitlines()[:5]
    assert any("](README.md)" in line for line in top), "README.zh-CN.md: no link to English"


def test_readmes_show_the_same_commands():
    en = _commands(README.read_text(encoding="utf-8"))
    zh = _commands(README_ZH.read_text(encoding="utf-8"))
    assert zh == en, (
        f"only in README.md: {[c for c in en if c not in zh]}; "
        f"only in README.zh-CN.md: {[c for c in zh if c not in en]}; (both in order: {en})"
    )


def test_readmes_show_the_same_python():
    def code(path):
        blocks = _fenced(path.read_text(encoding="utf-8"), {"python"})
        return [sync.code_without_comments(b) for b in blocks]

    assert code(README_ZH) == code(README), "README.zh-CN.md's Python differs from README.md's"


def test_readmes_list_the_same_lessons():
    def lessons(path):
        return set(re.findall(r"\b\d\d_\w+\.ipynb\b", path.read_text(encoding="utf-8")))

    en, zh = lessons(README), lessons(README_ZH)
    assert zh == en, f"lessons only in README.md: {en - zh}; only in README.zh-CN.md: {zh - en}"
    assert en <= set(LESSONS), f"the READMEs list lessons that do not exist: {en - set(LESSONS)}"


def test_readme_zh_shows_the_reference_run():
    """The printed runs of README.md, verbatim (README.md's are checked by test_readme.py)."""
    runs = [b for b in _fenced(README.read_text(encoding="utf-8"), {"text"}) if "Cost after" in b]
    assert runs, "README.md shows no reference run"
    zh = _fenced(README_ZH.read_text(encoding="utf-8"), {"text"})
    assert all(run in zh for run in runs), [run for run in runs if run not in zh]


def test_nbval_does_not_collect_the_chinese_lessons(tmp_path):
    """The project's pytest settings, on a copy: an English lesson is collected, its twin not."""
    for name in ("pyproject.toml", "conftest.py"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    nb = new_notebook(cells=[new_code_cell("1 + 1", id="0")])
    for folder in (tmp_path / "notebooks", tmp_path / "notebooks" / "zh-CN"):
        folder.mkdir()
        nbformat.write(nb, str(folder / "01_lesson.ipynb"))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    collected = result.stdout
    assert "zh-CN" not in collected, f"pytest collects the Chinese lesson:\n{collected}"
    assert "notebooks/01_lesson.ipynb::Cell 0" in collected, collected + result.stderr


# ---------------------------------------------------------------------------------------------
# The checks themselves, on notebooks built in tmp_path


def _english(*cells):
    """An English lesson: ("md", text) or ("code", source, printed) cells, ids "0", "1"..."""
    nb = new_notebook()
    for i, (kind, source, *printed) in enumerate(cells):
        if kind == "md":
            nb.cells.append(new_markdown_cell(source, id=str(i)))
        else:
            out = [new_output("stream", name="stdout", text=printed[0])] if printed else []
            nb.cells.append(new_code_cell(source, id=str(i), execution_count=i, outputs=out))
    return nb


LESSON = _english(
    (
        "md",
        "# 2. The computation graph\n\nThe **learning rate** sets the step of gradient descent.",
    ),
    ("code", 'print("J = 33")  # the cost', "J = 33\n"),
    ("md", "## Forward\n\nThe forward pass computes $J = 3(a + bc)$ from left to right."),
    ("code", "x = 1\n# NBVAL_IGNORE_OUTPUT\nprint(x)", "1\n"),
    ("md", "$$u = bc, \\qquad v = a + u$$"),
    ("md", "## Recap\n\n- The chain rule multiplies local derivatives.\n- See `J.backward()`."),
)
CHINESE_TEXT = {
    "0": "# 2. 计算图\n\n**学习率**决定梯度下降每一步的大小。",
    "2": "## 前向传播\n\n前向传播从左到右计算 $J = 3(a + bc)$。",
    "4": "$$u = bc, \\qquad v = a + u$$",
    "5": "## 小结\n\n- 链式法则把局部导数相乘。\n- 见 `J.backward()`。",
}


@pytest.fixture
def lesson(tmp_path):
    """An English lesson in tmp_path/notebooks/ and its Chinese twin, fully translated."""
    (tmp_path / "notebooks" / "zh-CN").mkdir(parents=True)
    en_path = tmp_path / "notebooks" / "02_graph.ipynb"
    nbformat.write(LESSON, str(en_path))
    zh_path = tmp_path / "notebooks" / "zh-CN" / "02_graph.ipynb"
    assert sync.sync([en_path]) == 1
    zh = sync.read(zh_path)
    for cell in zh.cells:
        cell.source = CHINESE_TEXT.get(cell.id, cell.source)
    nbformat.write(zh, str(zh_path))
    sync.mark(zh_path, [])
    sync.mark(zh_path, ["4"])  # a formula only: the same text in both, marked by hand
    return en_path, zh_path


def _all_problems(en_path, zh_path):
    english, chinese = sync.read(en_path), sync.read(zh_path)
    return (
        structure_problems("L", english, chinese)
        + code_problems("L", english, chinese)
        + markdown_problems("L", english, chinese)
        + glossary_problems("L", english, chinese, read_glossary())
    )


def _edit(path, change):
    nb = sync.read(path)
    change(nb)
    nbformat.write(nb, str(path))


def test_a_translated_lesson_passes(lesson):
    en_path, zh_path = lesson
    assert _all_problems(en_path, zh_path) == []
    assert sync.main(["--check", str(en_path)]) == 0
    assert sync.todo([en_path]) == 0


def test_an_untranslated_lesson_fails(tmp_path):
    (tmp_path / "notebooks" / "zh-CN").mkdir(parents=True)
    en_path = tmp_path / "notebooks" / "02_graph.ipynb"
    nbformat.write(LESSON, str(en_path))
    sync.sync([en_path])
    zh_path = tmp_path / "notebooks" / "zh-CN" / en_path.name
    # untranslated, the twin is the English lesson byte for byte
    assert zh_path.read_bytes() == en_path.read_bytes()
    problems = "\n".join(_all_problems(en_path, zh_path))
    for cell in ("0", "2", "5"):
        assert f"L cell {cell} " in problems and "English left" in problems
    assert "no translation record" in problems
    assert "the Chinese never '学习率'" in problems  # the glossary check
    assert sync.todo([en_path]) == 4  # four Markdown cells


def test_a_stale_translation_fails_naming_the_cell(lesson, capsys):
    en_path, zh_path = lesson
    _edit(en_path, lambda nb: setattr(nb.cells[2], "source", "## Forward!\n\nLeft to right."))
    assert sync.sync([en_path]) == 0  # the Chinese lesson is unchanged: its cell is stale
    assert "02_graph.ipynb: unchanged, 1 cell(s) to translate" in capsys.readouterr().out
    problems = _all_problems(en_path, zh_path)
    assert problems == ["L cell 2: stale: the English changed since it was translated; it now "
                        "begins '## Forward!' (python tools/sync_translations.py --todo shows the "
                        "diff)"]  # fmt: skip
    assert sync.read(zh_path).cells[2].source == CHINESE_TEXT["2"]  # kept, not thrown away
    capsys.readouterr()
    assert sync.todo([en_path]) == 1
    shown = capsys.readouterr().out
    assert "-## Forward\n" in shown and "+## Forward!\n" in shown and "+Left to right." in shown
    sync.mark(zh_path, ["2"])
    assert _all_problems(en_path, zh_path) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda nb: nb.cells.insert(1, nb.cells.pop(2)), "L: cell 1 is markdown id '2'"),
        (lambda nb: nb.cells.pop(), "L: 5 cells, the English lesson has 6"),
        (lambda nb: setattr(nb.cells[0], "source", " \n"), "computation graph'): empty"),
        (
            lambda nb: setattr(nb.cells[2], "source", nb.cells[2].source + "\n\nThe forward pass."),
            "English left in 1 place(s): 'The forward pass.'",
        ),
        (lambda nb: nb.cells[5].metadata.pop("translation"), "L cell 5 ('## Recap'): no transl"),
        (lambda nb: setattr(nb.cells[1], "source", 'print("J = 34")'), "code differs beyond"),
        (lambda nb: setattr(nb.cells[3], "source", "x = 1\nprint(x)"), "code differs beyond"),
        (lambda nb: nb.cells[1].outputs[0].update(text="J = 34\n"), "L cell 1: outputs differ"),
        (lambda nb: setattr(nb.cells[1], "execution_count", 7), "L cell 1: execution count 7"),
        (
            lambda nb: setattr(nb.cells[1], "source", 'print("J = 33")  # 代价'),
            "L cell 1: translated comments not marked",
        ),
        (
            lambda nb: setattr(nb.cells[0], "source", "# 2. 计算图\n\n**学习速率**决定梯度下降。"),
            "'学习速率' where the glossary says '学习率'",
        ),
    ],
)
def test_a_broken_twin_fails(lesson, change, expected):
    en_path, zh_path = lesson
    _edit(zh_path, change)
    problems = "\n".join(_all_problems(en_path, zh_path))
    assert expected in problems, problems


def test_the_edition_tests_themselves(lesson, monkeypatch):
    """The tests above, pointed at tmp_path: they pass, fail on a stale cell, skip, fail."""
    en_path, zh_path = lesson
    name = en_path.name
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "ENGLISH", en_path.parent)
    monkeypatch.setattr(this, "CHINESE", zh_path.parent)
    edition_tests = (
        test_rebuild_changes_nothing,
        test_same_cells_in_the_same_order,
        test_code_and_outputs_are_the_english_ones,
        test_markdown_is_translated_and_up_to_date,
    )
    for test in edition_tests:
        test(name)

    _edit(en_path, lambda nb: setattr(nb.cells[5], "source", "## Recap\n\n- Changed."))
    with pytest.raises(
        AssertionError, match=r"02_graph\.ipynb cell 5: stale: .* now begins '## Recap'"
    ):
        test_markdown_is_translated_and_up_to_date(name)
    _edit(zh_path, lambda nb: nb.cells.reverse())
    with pytest.raises(
        pytest.fail.Exception, match=re.escape("its cells (ids, types, order) are not")
    ):
        test_rebuild_changes_nothing(name)
    with pytest.raises(AssertionError, match="cell 0 is markdown id '5'"):
        test_same_cells_in_the_same_order(name)

    zh_path.rename(zh_path.with_name("01_other.ipynb"))
    with pytest.raises(pytest.fail.Exception, match=re.escape("zh-CN/02_graph.ipynb is missing")):
        test_same_cells_in_the_same_order(name)
    zh_path.with_name("01_other.ipynb").unlink()
    for test in edition_tests:
        with pytest.raises(pytest.skip.Exception, match="no Chinese edition yet"):
            test(name)


def test_translated_comments_are_allowed_once_marked(lesson):
    en_path, zh_path = lesson
    _edit(zh_path, lambda nb: setattr(nb.cells[1], "source", 'print("J = 33")  # 代价'))
    sync.mark(zh_path, ["1"])
    assert _all_problems(en_path, zh_path) == []
    assert sync.read(zh_path).cells[1].source == 'print("J = 33")  # 代价'


def test_the_script_ratio():
    assert english_units("The cost is the average loss.") == ["The cost is the average loss."]
    assert english_units("代价是损失的平均值（cost, the average loss）。") == []
    # three letters outside math and code: too few to call English
    assert english_units("$$J = \\frac{1}{m} \\sum_i \\mathcal{L}$$ and `propagate(w, X)`") == []
    assert english_units("见[参考笔记](https://example.com/a-long-english-path)。") == []
    assert english_units("见 [the notes](https://example.com/)。") == ["见 [the notes 。"]
    text = "## 小结\n\n- 代价函数。\n- The loss of one example.\n\n| a | 苹果 |\n| carbs | 56.0 |"
    assert english_units(text) == ["- The loss of one example.", "| carbs | 56.0 |"]
    fenced = "示例：\n\n```python\np = predict_image(clf, 'my_cat.jpg')\n```\n"
    assert english_units(fenced) == []


# ---------------------------------------------------------------------------------------------
# The sync tool: rebuilding keeps every translation whose English cell still exists


def test_rebuild_is_reproducible(lesson):
    en_path, zh_path = lesson
    before = zh_path.read_bytes()
    assert sync.sync([en_path]) == 0
    assert sync.main([str(en_path)]) == 0
    assert zh_path.read_bytes() == before


def test_inserted_removed_and_renumbered_cells(lesson):
    """nbstripout renumbers ids by position: translations follow their cells, not the ids."""
    en_path, zh_path = lesson

    def change(nb):
        nb.cells.insert(1, new_markdown_cell("A new paragraph about the cost."))
        del nb.cells[4]  # the code cell x = 1
        nb.cells[4].source = nb.cells[4].source.replace("bc", "b c")  # the formula cell
        for i, cell in enumerate(nb.cells):
            cell.id = str(i)

    _edit(en_path, change)
    sync.sync([en_path])
    english, chinese = sync.read(en_path), sync.read(zh_path)
    assert [c.id for c in chinese.cells] == [c.id for c in english.cells]
    texts = [c.source for c in chinese.cells]
    assert texts[0] == CHINESE_TEXT["0"] and texts[3] == CHINESE_TEXT["2"]
    assert texts[1] == "A new paragraph about the cost."  # new: the English, no record
    assert texts[4] == CHINESE_TEXT["4"] and texts[5] == CHINESE_TEXT["5"]
    assert chinese.cells[5].metadata[sync.KEY]["source_sha256"] == sync.sha256(
        LESSON.cells[5].source
    )
    problems = "\n".join(_all_problems(en_path, zh_path))
    assert "L cell 1 ('A new paragraph about the cost.'): English left" in problems
    assert "L cell 4: stale" in problems  # the formula's English changed
    assert "L cell 5" not in problems and "L cell 3" not in problems


def test_removed_translation_is_named(lesson, capsys):
    en_path, zh_path = lesson
    _edit(en_path, lambda nb: nb.cells.pop(2))
    sync.sync([en_path])
    err = capsys.readouterr().err
    assert "dropped the translation of a removed English cell: '## 前向传播'" in err
    assert [c.source for c in sync.read(zh_path).cells if c.cell_type == "markdown"] == [
        CHINESE_TEXT[i] for i in ("0", "4", "5")
    ]


def test_english_code_is_copied(lesson, capsys):
    en_path, zh_path = lesson
    _edit(zh_path, lambda nb: setattr(nb.cells[1], "source", 'print("J = 33")  # 代价'))
    sync.mark(zh_path, ["1"])

    def change(nb):
        nb.cells[1].source = 'print("J =", 33)  # the cost'
        nb.cells[1].outputs[0].text = "J = 33\n"
        nb.cells[3].execution_count = 9

    _edit(en_path, change)
    sync.sync([en_path])
    chinese = sync.read(zh_path)
    assert chinese.cells[1].source == 'print("J =", 33)  # the cost'
    assert sync.KEY not in chinese.cells[1].metadata
    assert chinese.cells[3].execution_count == 9
    assert (
        "cell 1: translated comments dropped: the English code changed" in capsys.readouterr().err
    )


def test_check_names_the_lesson_and_the_cell(lesson, capsys):
    en_path, zh_path = lesson
    _edit(zh_path, lambda nb: nb.cells[1].outputs[0].update(text="J = 34\n"))
    assert sync.main(["--check", str(en_path)]) == 1
    assert f"{zh_path}: cell 1 (code): its outputs is not what a rebuild gives" in (
        capsys.readouterr().out
    )
    sync.main([str(zh_path)])  # a Chinese path names its lesson too
    assert sync.main(["--check", str(en_path)]) == 0


def test_no_chinese_edition_no_files(tmp_path):
    en_path = tmp_path / "notebooks" / "02_graph.ipynb"
    en_path.parent.mkdir()
    nbformat.write(LESSON, str(en_path))
    assert sync.main([str(en_path)]) == 0
    assert sync.main(["--check", str(en_path)]) == 0
    assert sorted(p.name for p in en_path.parent.iterdir()) == ["02_graph.ipynb"]


def test_a_malformed_record_is_an_error(lesson):
    en_path, zh_path = lesson
    _edit(zh_path, lambda nb: nb.cells[0].metadata[sync.KEY].update(source="tampered"))
    with pytest.raises(SystemExit, match=r"02_graph.ipynb: cell 0: its 'translation' metadata"):
        sync.sync([en_path])


def test_code_without_comments():
    source = (
        'x = "# not a comment"  # a comment\n# NBVAL_IGNORE_OUTPUT\n\n    ### BEGIN SOLUTION\ny = 2'
    )
    assert sync.code_without_comments(source) == (
        'x = "# not a comment"\n# NBVAL_IGNORE_OUTPUT\n    ### BEGIN SOLUTION\ny = 2'
    )
    # IPython syntax and broken code do not stop it
    assert sync.code_without_comments("%matplotlib inline\n!ls").startswith("%matplotlib inline")
    assert sync.code_without_comments("def f(:\n    # note\n    x") == "def f(:\n    x"


def test_the_untranslated_copy_is_the_english_notebook(tmp_path):
    """On the real lessons: a fresh twin is the English file byte for byte."""
    (tmp_path / "zh-CN").mkdir()
    for name in LESSONS:
        english = ENGLISH / name
        (tmp_path / name).write_bytes(english.read_bytes())
        sync.sync([tmp_path / name])
        assert (tmp_path / "zh-CN" / name).read_bytes() == english.read_bytes(), name


def test_rebuild_leaves_its_inputs_alone():
    before = copy.deepcopy(LESSON)
    sync.rebuild(LESSON, sync.rebuild(LESSON))
    assert before == LESSON

"""The Chinese edition: catalogs i18n/zh-CN/*.po, the lessons built from them, README.zh-CN.md.

The Chinese text of each lesson is one gettext catalog, an entry per cell keyed by the English
cell's id (tools/edition_catalogs.py); tools/build_editions.py builds notebooks/zh-CN/ from the
English lessons and the catalogs. On the real lessons these tests check that every entry is
translated and reviewed (none fuzzy, missing, or for a cell the lesson does not have), that
the Chinese lessons are what a build gives (the record of .editions-manifest.json), that
their code is the English code (comments and docstrings aside, plus the one line that sets
the checks' language), that no English is left in the prose or in the formulas' \\text{},
and that the terms follow the glossary i18n/zh-CN/glossary.md.

Then each fault demonstrated against the old way (Chinese text kept in the notebooks, paired
back by similarity) is tried on a small lesson in tmp_path: an inserted cell, CJK in an
English cell, swapped and moved cells, an attachment and a tag, an interrupted write.
"""

import re
import subprocess
import sys
from pathlib import Path

# the scripts of tools/, by name (pytest's pythonpath in pyproject.toml has tools/)
import build_editions
import edition_catalogs as catalogs
import editions_now
import nbformat
import polib
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parent.parent

ENGLISH = ROOT / "notebooks"
CATALOGS = ROOT / "i18n" / "zh-CN"
GLOSSARY = CATALOGS / "glossary.md"
README = ROOT / "README.md"
README_ZH = ROOT / "README.zh-CN.md"
LAYOUT = build_editions.Layout(ROOT)
LESSONS = build_editions.lesson_names(LAYOUT)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

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
LATIN = re.compile(r"[A-Za-z]")
# a unit of prose starts at a blank line, a heading, a list item or a table row
UNIT_START = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)")
MIN_LATIN = 5  # Latin letters in a unit before it can count as English
CJK_PER_LATIN = 1 / 4  # a translated unit has at least this many CJK characters per letter
# \text{...} in a formula, with one level of nested braces
TEXT_IN_MATH = re.compile(r"\\(?:text|textrm|textit|textbf|mbox)\{((?:[^{}]|\{[^{}]*\})*)\}")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# names in formulas that are no English (the "var" of dvar, d/d var)
MATH_NAMES = {"var"}
FULL_WIDTH_PUNCTUATION = "，。：；、（）！？「」“”‘’《》—…"


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


def english_in_formulas(markdown):
    """The \\text{...} of the formulas (outside code) that hold English words."""
    text = CODE_SPAN.sub(" ", FENCED.sub(" ", markdown))
    found = []
    for formula in (m.group(0) for m in MATH.finditer(text)):
        found += [
            t for t in TEXT_IN_MATH.findall(formula) if set(ENGLISH_WORD.findall(t)) - MATH_NAMES
        ]
    return found


def punctuation_inside_emphasis(markdown):
    """Places where full-width punctuation sits just inside ** or __ (the glossary's rule)."""
    text = MATH.sub(" ", CODE_SPAN.sub(" ", FENCED.sub(" ", markdown)))
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        opened = False
        for mark in re.finditer(r"\*\*|__", paragraph):
            before = paragraph[mark.start() - 1] if mark.start() else ""
            after = paragraph[mark.end() : mark.end() + 1]
            inner = before if opened else after
            if inner and inner in FULL_WIDTH_PUNCTUATION:
                found.append(paragraph[max(0, mark.start() - 12) : mark.end() + 12])
            opened = not opened
    return found


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


def glosses(markdown):
    """The English glosses of the prose: English words in full-width brackets right after
    Chinese text."""
    found = re.findall(r"[\u4e00-\u9fff]\*{0,2}（([A-Za-z][A-Za-z -]*)[，,）]", prose(markdown))
    return [g.strip().lower() for g in found]


# ---------------------------------------------------------------------------------------------
# The real catalogs and the Chinese lessons a build makes of them


CHINESE = {  # {lesson name: the Chinese lesson a build makes}
    name: nbformat.reads(editions_now.outputs()[path].decode("utf-8"), as_version=4)
    for name in LESSONS
    for path in [LAYOUT.editions(name)["chinese"]]
}


def _english(name):
    return build_editions.read_notebook(ENGLISH / f"{name}.ipynb")


def _catalog(name):
    return catalogs.read(CATALOGS / f"{name}.po", name)


def test_there_are_lessons_and_each_has_a_catalog():
    assert LESSONS, "no lesson in notebooks/"
    missing = [n for n in LESSONS if not (CATALOGS / f"{n}.po").is_file()]
    assert not missing, f"no catalog i18n/zh-CN/<lesson>.po for {missing}: make translations"
    strays = sorted(p.name for p in CATALOGS.glob("*.po") if p.stem not in LESSONS)
    assert not strays, f"catalogs for no lesson in notebooks/: {strays}"


def test_the_chinese_lessons_are_what_the_build_makes(capsys):
    """A fresh build is what was generated last (the manifest; the files are learners')."""
    code = build_editions.check(LAYOUT, {name: {"chinese"} for name in LESSONS})
    assert code == 0, f"notebooks/zh-CN/ is out of date:\n{capsys.readouterr().err}"


@pytest.mark.parametrize("name", LESSONS)
def test_every_entry_is_translated_and_reviewed(name):
    """No entry missing, fuzzy, out of date, or for a cell the lesson does not have."""
    left = catalogs.todo(_english(name), _catalog(name), f"i18n/zh-CN/{name}.po")
    assert not left, "\n".join(left) + "\n(python tools/build_editions.py --todo lists them)"


@pytest.mark.parametrize("name", LESSONS)
def test_no_english_left_in_the_prose(name):
    problems = []
    for cell in CHINESE[name].cells:
        if cell.cell_type == "markdown" and (left := english_units(cell.source)):
            problems.append(f"cell {cell.id}: English left in {len(left)} place(s): {left[0]!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_no_english_words_in_the_formulas(name):
    found = {
        cell.id: words
        for cell in CHINESE[name].cells
        if cell.cell_type == "markdown" and (words := english_in_formulas(cell.source))
    }
    assert not found, f"English inside \\text{{}} of the Chinese formulas: {found}"


@pytest.mark.parametrize("name", LESSONS)
def test_punctuation_stays_outside_bold_and_italics(name):
    found = {
        cell.id: places
        for cell in CHINESE[name].cells
        if cell.cell_type == "markdown" and (places := punctuation_inside_emphasis(cell.source))
    }
    assert not found, f"full-width punctuation inside ** (glossary: 排版约定): {found}"


@pytest.mark.parametrize("name", LESSONS)
def test_the_code_is_the_english_code(name):
    """Code cells equal once comments and docstrings are gone, the language line aside;
    outputs, counts, metadata, attachments and ids are the English cells'."""
    english, chinese = _english(name), CHINESE[name]
    assert [(c.id, c.cell_type) for c in chinese.cells] == [
        (c.id, c.cell_type) for c in english.cells
    ]
    problems, language_lines = [], 0
    for en, zh in zip(english.cells, chinese.cells, strict=True):
        lines = zh.source.split("\n")
        language_lines += lines.count(catalogs.SET_LANGUAGE)
        source = "\n".join(line for line in lines if line != catalogs.SET_LANGUAGE)
        if en.cell_type == "code" and catalogs.code_without_prose(
            source
        ) != catalogs.code_without_prose(en.source):
            problems.append(f"cell {en.id}: the code differs beyond comments and docstrings")
        for field in ("outputs", "execution_count", "metadata", "attachments"):
            if zh.get(field) != en.get(field):
                problems.append(f"cell {en.id}: its {field} differ from the English cell's")
    imports_checks = any(
        c.cell_type == "code" and catalogs.with_set_language(c.source) for c in english.cells
    )
    assert language_lines == (1 if imports_checks else 0), "checks.set_language: once, or never"
    assert chinese.metadata == english.metadata
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", LESSONS)
def test_docstrings_and_sentences_in_comments_are_chinese(name):
    english, chinese = _english(name), CHINESE[name]
    for en, zh in zip(english.cells, chinese.cells, strict=True):
        if en.cell_type == "code":
            left = [p for p in catalogs.prose_of_code(zh.source) if not CJK.search(p)]
            assert not left, f"cell {en.id}: English comments or docstrings left: {left}"


@pytest.mark.parametrize("name", LESSONS)
def test_glossary_terms_are_used(name):
    terms = read_glossary()
    problems = glossary_problems(name, _english(name), CHINESE[name], terms)
    assert not problems, "\n".join(problems)


def test_lesson_1_holds_the_glossary():
    chinese = CHINESE[LESSONS[0]]
    text = _squeeze(" ".join(c.source for c in chinese.cells if c.cell_type == "markdown"))
    missing = [
        f"{term} ({forms[0]})"
        for forms, term, _ in read_glossary()
        if _squeeze(term) not in text or _squeeze(forms[0]) not in text.lower()
    ]
    assert not missing, f"zh-CN/{LESSONS[0]} lacks glossary rows (中文 and English): {missing}"


def test_a_term_is_glossed_in_english_once():
    """Where it is introduced; lesson 1's glossary table aside (it lists them all)."""
    where = {}
    for name in LESSONS:
        for cell in CHINESE[name].cells:
            if cell.cell_type == "markdown" and "| 中文 | English |" not in cell.source:
                for gloss in glosses(cell.source):
                    where.setdefault(gloss, []).append(f"{name[:2]}/{cell.id}")
    again = {gloss: cells for gloss, cells in where.items() if len(cells) > 1}
    assert not again, f"glossed more than once (lesson/cell): {again}"


# ---------------------------------------------------------------------------------------------
# The glossary file and the two READMEs


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
    # README.zh-CN points its reader to the Chinese editions: the same commands, with their
    # paths in exercises/zh-CN/ and notebooks/zh-CN/ instead
    en = _commands(README.read_text(encoding="utf-8"))
    zh = [
        re.sub(r"\b(exercises|notebooks)/zh-CN/", r"\1/", command)
        for command in _commands(README_ZH.read_text(encoding="utf-8"))
    ]
    assert zh == en, (
        f"only in README.md: {[c for c in en if c not in zh]}; "
        f"only in README.zh-CN.md: {[c for c in zh if c not in en]}; (both in order: {en})"
    )


def test_readmes_show_the_same_python():
    def code(path):
        blocks = _fenced(path.read_text(encoding="utf-8"), {"python"})
        return [catalogs.code_without_prose(b) for b in blocks]

    assert code(README_ZH) == code(README), "README.zh-CN.md's Python differs from README.md's"


def test_readmes_list_the_same_lessons():
    def lessons(path):
        return set(re.findall(r"\b\d\d_\w+\.ipynb\b", path.read_text(encoding="utf-8")))

    en, zh = lessons(README), lessons(README_ZH)
    assert zh == en, f"lessons only in README.md: {en - zh}; only in README.zh-CN.md: {zh - en}"
    names = {f"{n}.ipynb" for n in LESSONS}
    assert en <= names, f"the READMEs list lessons that do not exist: {en - names}"


def test_readme_zh_shows_the_reference_run():
    """The printed runs of README.md, verbatim (README.md's are checked by test_readme.py)."""
    runs = [b for b in _fenced(README.read_text(encoding="utf-8"), {"text"}) if "Cost after" in b]
    assert runs, "README.md shows no reference run"
    zh = _fenced(README_ZH.read_text(encoding="utf-8"), {"text"})
    assert all(run in zh for run in runs), [run for run in runs if run not in zh]


def test_nbval_does_not_collect_the_chinese_lessons(collected_notebook_items):
    """nbval runs the English lessons, never their generated Chinese twins."""
    chinese = [i for i in collected_notebook_items if "zh-CN" in i]
    assert not chinese, f"pytest collects the Chinese lessons: {chinese[:3]}"
    lessons = {i.split("::")[0] for i in collected_notebook_items}
    assert lessons == {f"notebooks/{p.name}" for p in ENGLISH.glob("*.ipynb")}, lessons


# ---------------------------------------------------------------------------------------------
# The checks themselves


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


def test_english_in_formulas_is_found():
    assert english_in_formulas(r"$$J \text{ depends on } a \text{ through } v$$") == [
        " depends on ",
        " through ",
    ]
    assert english_in_formulas(r"$c \text{ of shape } (m,1)$，$x \text{ 的形状}$") == [" of shape "]
    assert english_in_formulas(r"$\text{so}$ 和 $\mathrm{d}x$，`$\text{code}$`") == ["so"]
    assert english_in_formulas(r"$$\text{当 } J \text{ 经由 } v$$ 与 $\text{(1)}$") == []
    assert english_in_formulas(r"$\frac{dJ}{d\,\text{var}}$") == []


def test_punctuation_inside_emphasis_is_found():
    assert punctuation_inside_emphasis("- **连续内存。** 一个数组") == ["- **连续内存。** 一个数组"]
    assert punctuation_inside_emphasis("**损失（loss）**") != []
    assert punctuation_inside_emphasis("**“引号”**") != []
    assert punctuation_inside_emphasis("- **连续内存**。一个数组，**损失**（loss）") == []
    assert punctuation_inside_emphasis("`**（**`") == []


def test_glosses_are_found():
    text = "**损失**（loss）衡量……代价函数（cost function）与（见第 1 课）以及 `f（x）`"
    assert glosses(text) == ["loss", "cost function"]


# ---------------------------------------------------------------------------------------------
# A small lesson in tmp_path: the catalogs' promises, and each demonstrated fault


def _lesson():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.cells = [
        new_markdown_cell("# 2. The graph\n\nThe **learning rate** sets the step.", id="intro"),
        new_code_cell(
            "from lr_utils import checks\n\nx = 1  # the cost of one example",
            id="imports",
            execution_count=1,
            outputs=[new_output("stream", name="stdout", text="J = 33\n")],
        ),
        new_markdown_cell("## Forward\n\nThe forward pass, left to right.", id="forward"),
        new_markdown_cell("$$u = bc, \\qquad v = a + u$$", id="formula"),
        new_markdown_cell("## Recap\n\n- The chain rule multiplies.", id="recap"),
    ]
    return nb


CHINESE_TEXT = {
    "intro": "# 2. 计算图\n\n**学习率**决定每一步的大小。",
    "imports": "from lr_utils import checks\n\nx = 1  # 一个样本的代价",
    "forward": "## 前向传播\n\n前向传播从左到右。",
    "formula": "$$u = bc, \\qquad v = a + u$$",
    "recap": "## 小结\n\n- 链式法则把局部导数相乘。",
}


def _build(root, *args):
    return build_editions.main(["--root", str(root), *args])


def _edit(path, change):
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def _zh(root, name="02_graph"):
    return nbformat.read(root / "notebooks" / "zh-CN" / f"{name}.ipynb", as_version=4)


def _sources(nb):
    return {cell.id: cell.source for cell in nb.cells}


def _po(root, name="02_graph"):
    return catalogs.read(root / "i18n" / "zh-CN" / f"{name}.po", name)


@pytest.fixture
def lesson(tmp_path):
    """tmp_path/notebooks/02_graph.ipynb and its catalog, every cell translated, built."""
    path = tmp_path / "notebooks" / "02_graph.ipynb"
    path.parent.mkdir()
    nbformat.write(_lesson(), path)
    assert _build(tmp_path, "--update-catalogs") == 0
    po = _po(tmp_path)
    for entry in po:
        entry.msgstr = CHINESE_TEXT[entry.msgctxt]
    (tmp_path / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    assert _build(tmp_path) == 0
    return tmp_path


def test_a_translated_lesson(lesson, capsys):
    chinese = _zh(lesson)
    expected = dict(CHINESE_TEXT)
    expected["imports"] = expected["imports"].replace(
        "import checks\n", 'import checks\n\nchecks.set_language("zh-CN")\n'
    )
    assert _sources(chinese) == expected
    assert chinese.cells[1].outputs == _lesson().cells[1].outputs  # the English outputs
    capsys.readouterr()
    assert _build(lesson, "--todo") == 0
    assert "0 entries to translate or review" in capsys.readouterr().out
    assert _build(lesson, "--check") == 0


def test_an_untranslated_cell_stays_english_and_is_listed(lesson, capsys):
    po = _po(lesson)
    po[2].msgstr = ""  # forward
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    capsys.readouterr()
    assert _build(lesson) == 0
    assert "1 cell(s) in English (missing): forward" in capsys.readouterr().out
    assert _sources(_zh(lesson))["forward"] == _lesson().cells[2].source
    assert _build(lesson, "--todo") == 1
    assert "cell 'forward' (markdown): not translated yet: '## Forward'" in (
        capsys.readouterr().out
    )


def test_a_changed_cell_becomes_fuzzy_with_the_english_it_was_translated_from(lesson, capsys):
    path = lesson / "notebooks" / "02_graph.ipynb"
    _edit(path, lambda nb: setattr(nb.cells[2], "source", "## Forward\n\nLeft to right."))
    assert _build(lesson) == 0  # before the catalog is updated: the cell is English, listed
    assert _sources(_zh(lesson))["forward"] == "## Forward\n\nLeft to right."
    capsys.readouterr()
    assert _build(lesson, "--update-catalogs") == 0
    assert "i18n/zh-CN/02_graph.po: 1 fuzzy" in capsys.readouterr().out
    entry = catalogs.active(_po(lesson))["forward"]
    assert "fuzzy" in entry.flags and entry.msgstr == CHINESE_TEXT["forward"]  # kept
    assert entry.previous_msgid == "## Forward\n\nThe forward pass, left to right."
    assert "#| msgid" in (lesson / "i18n" / "zh-CN" / "02_graph.po").read_text()
    assert _build(lesson, "--todo") == 1
    shown = capsys.readouterr().out
    assert "cell 'forward' (markdown): fuzzy" in shown
    assert "-The forward pass, left to right.\n+Left to right." in shown
    # reviewed: the translator updates the msgstr and drops the flag
    po = _po(lesson)
    entry = catalogs.active(po)["forward"]
    entry.flags.remove("fuzzy")
    entry.previous_msgid, entry.msgstr = None, "## 前向传播\n\n从左到右。"
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    assert _build(lesson) == 0
    assert _sources(_zh(lesson))["forward"] == "## 前向传播\n\n从左到右。"


def test_a_removed_cell_leaves_an_obsolete_entry(lesson, capsys):
    _edit(lesson / "notebooks" / "02_graph.ipynb", lambda nb: nb.cells.pop(4))
    english = nbformat.read(lesson / "notebooks" / "02_graph.ipynb", as_version=4)
    assert catalogs.orphans(english, _po(lesson)) == ["recap"]  # what the tests fail on
    assert _build(lesson, "--todo") == 1
    assert "an entry for cell 'recap', which the lesson does not have" in capsys.readouterr().out
    assert _build(lesson, "--update-catalogs") == 0
    po = _po(lesson)
    assert catalogs.orphans(english, po) == []
    [obsolete] = po.obsolete_entries()
    assert obsolete.msgctxt == "recap" and obsolete.msgstr == CHINESE_TEXT["recap"]
    assert '#~ msgctxt "recap"' in (lesson / "i18n" / "zh-CN" / "02_graph.po").read_text()
    capsys.readouterr()
    assert _build(lesson, "--todo") == 0
    assert "1 obsolete entry" in capsys.readouterr().out


def test_updating_twice_changes_nothing_and_the_catalog_reads_back(lesson):
    catalog = lesson / "i18n" / "zh-CN" / "02_graph.po"
    _edit(lesson / "notebooks" / "02_graph.ipynb", lambda nb: nb.cells[3].update(source="$$x$$"))
    assert _build(lesson, "--update-catalogs") == 0
    once = catalog.read_bytes()
    assert _build(lesson, "--update-catalogs") == 0
    assert catalog.read_bytes() == once
    again = polib.pofile(str(catalog))  # polib itself, not our reader
    assert catalogs.render(again) == once


def test_an_inserted_cell_takes_no_ones_translation(lesson, capsys):
    """Fault 1: a translation slid onto a newly inserted English cell."""

    def insert(nb):
        nb.cells.insert(2, new_markdown_cell("A new paragraph about the cost.", id="new"))

    _edit(lesson / "notebooks" / "02_graph.ipynb", insert)
    assert _build(lesson) == 0
    chinese = _sources(_zh(lesson))
    assert chinese["new"] == "A new paragraph about the cost."
    assert (
        chinese["forward"] == CHINESE_TEXT["forward"] and chinese["recap"] == CHINESE_TEXT["recap"]
    )
    assert _build(lesson, "--update-catalogs") == 0
    capsys.readouterr()
    assert _build(lesson, "--todo") == 1
    shown = capsys.readouterr().out
    assert "cell 'new' (markdown): not translated yet" in shown and "1 entry to" in shown


def test_cjk_in_an_english_cell_is_not_a_translation(lesson, capsys):
    """Fault 2: an English cell holding CJK (a glossary table) was taken as translated."""
    table = "| English | 中文 |\n| --- | --- |\n| cost | 代价 |"

    def add(nb):
        nb.cells.append(new_markdown_cell(table, id="glossary"))

    _edit(lesson / "notebooks" / "02_graph.ipynb", add)
    assert _build(lesson, "--update-catalogs") == 0
    capsys.readouterr()
    assert _build(lesson, "--todo") == 1
    assert "cell 'glossary' (markdown): not translated yet" in capsys.readouterr().out
    # translated, then the English table grows: the change is seen
    po = _po(lesson)
    catalogs.active(po)["glossary"].msgstr = "| 中文 | English |\n| --- | --- |\n| 代价 | cost |"
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    _edit(
        lesson / "notebooks" / "02_graph.ipynb",
        lambda nb: nb.cells[-1].update(source=table + "\n| loss | 损失 |"),
    )
    assert _build(lesson, "--update-catalogs") == 0
    assert "fuzzy" in catalogs.active(_po(lesson))["glossary"].flags
    assert _sources(_zh(lesson))["glossary"] == table + "\n| loss | 损失 |"


def test_swapped_cells_keep_their_translations(lesson, capsys):
    """Fault 3: swapping two English cells left each translation on the other cell."""

    def swap(nb):
        nb.cells[2], nb.cells[4] = nb.cells[4], nb.cells[2]

    _edit(lesson / "notebooks" / "02_graph.ipynb", swap)
    assert _build(lesson) == 0
    chinese = _zh(lesson)
    assert [c.id for c in chinese.cells] == ["intro", "imports", "recap", "formula", "forward"]
    assert chinese.cells[2].source == CHINESE_TEXT["recap"]
    assert chinese.cells[4].source == CHINESE_TEXT["forward"]
    assert _build(lesson, "--todo") == 0, "a swap is no change of text"


def test_a_moved_cell_keeps_its_translation(lesson, capsys):
    """Fault 4: moving a cell dropped its translation with a wrong message."""
    _edit(lesson / "notebooks" / "02_graph.ipynb", lambda nb: nb.cells.insert(0, nb.cells.pop(3)))
    assert _build(lesson, "--update-catalogs") == 0
    chinese = _zh(lesson)
    assert chinese.cells[0].id == "formula" and chinese.cells[0].source == CHINESE_TEXT["formula"]
    assert _sources(chinese)["recap"] == CHINESE_TEXT["recap"]
    capsys.readouterr()
    assert _build(lesson, "--todo") == 0
    assert _po(lesson)[0].msgctxt == "formula", "entries follow the lesson's order"


def test_attachments_tags_and_metadata_of_a_cell_are_kept(lesson):
    """Fault 5: a pasted image (an attachment) and a tag were dropped."""
    png = {"image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4Dw"}

    def attach(nb):
        cell = nb.cells[2]
        cell.source += "\n\n![the graph](attachment:graph.png)"
        cell.attachments = {"graph.png": png}
        cell.metadata["tags"] = ["translator-check"]

    _edit(lesson / "notebooks" / "02_graph.ipynb", attach)
    assert _build(lesson, "--update-catalogs") == 0
    po = _po(lesson)
    entry = catalogs.active(po)["forward"]
    entry.flags.remove("fuzzy")
    entry.msgstr = CHINESE_TEXT["forward"] + "\n\n![计算图](attachment:graph.png)"
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    assert _build(lesson) == 0
    cell = _zh(lesson).cells[2]
    assert cell.source.endswith("![计算图](attachment:graph.png)")
    assert cell.attachments == {"graph.png": png}
    assert cell.metadata["tags"] == ["translator-check"]
    exercise = nbformat.read(lesson / "exercises" / "zh-CN" / "02_graph.ipynb", as_version=4)
    assert exercise.cells[2].attachments == {"graph.png": png}


def test_an_interrupted_write_leaves_the_old_file_whole(lesson):
    """Fault 6: the old tool truncated and rewrote in place; `ulimit -f` cut it short."""
    _edit(
        lesson / "notebooks" / "02_graph.ipynb",
        lambda nb: nb.cells[0].update(source="# " + "x" * 20000),
    )
    editions = [
        lesson / folder / "02_graph.ipynb"
        for folder in ("exercises", "notebooks/zh-CN", "exercises/zh-CN")
    ]
    before = [path.read_bytes() for path in editions]
    # 8 KiB at most per file: less than each new edition holds
    command = f"ulimit -f 8; exec {sys.executable} tools/build_editions.py --root {lesson}"
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2, done
    [line] = done.stderr.strip().splitlines()  # one line, no traceback
    assert line.startswith("error: cannot write ") and "too large" in line, line
    assert [path.read_bytes() for path in editions] == before
    for path in editions:
        nbformat.reads(path.read_text(), as_version=4)  # still a notebook
    leftovers = [p.name for p in lesson.rglob("*.part")]
    assert not leftovers, f"temporary files left: {leftovers}"


def test_a_code_entry_may_change_comments_and_docstrings_only(lesson, capsys):
    po = _po(lesson)
    catalogs.active(po)["imports"].msgstr = "from lr_utils import checks\n\nx = 2  # 代价"
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_bytes(catalogs.render(po))
    before = _zh(lesson)
    capsys.readouterr()
    assert _build(lesson) == 2
    err = capsys.readouterr().err
    assert (
        "error: i18n/zh-CN/02_graph.po: the entry for code cell 'imports' changes the code" in err
    )
    assert len(err.strip().splitlines()) == 1
    assert _zh(lesson) == before, "something was written"


def test_a_broken_catalog_is_one_line(lesson, capsys):
    (lesson / "i18n" / "zh-CN" / "02_graph.po").write_text('msgid "unterminated\n')
    capsys.readouterr()
    assert _build(lesson) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "02_graph.po" in err and "\n" not in err


def test_the_checks_language_line():
    source = "import numpy as np\n\nfrom lr_utils import (\n    checks,\n    sigmoid,\n)\nx = 1"
    assert catalogs.with_set_language(source) == (
        "import numpy as np\n\nfrom lr_utils import (\n    checks,\n    sigmoid,\n)\n\n"
        'checks.set_language("zh-CN")\nx = 1'
    )
    # after the whole block of imports, whatever follows
    source = "from lr_utils import checks\nfrom lr_utils.plotting import show\n\nshow()"
    assert catalogs.with_set_language(source) == (
        "from lr_utils import checks\nfrom lr_utils.plotting import show\n\n"
        'checks.set_language("zh-CN")\n\nshow()'
    )
    assert catalogs.with_set_language("from lr_utils import sigmoid") is None
    assert catalogs.with_set_language("%matplotlib inline\nfrom lr_utils import checks") == (
        '%matplotlib inline\nfrom lr_utils import checks\n\nchecks.set_language("zh-CN")'
    )


def test_code_without_prose():
    english = (
        'def f(x):\n    """Twice x."""\n    return 2 * x  # doubled here\n'
        "# NBVAL_IGNORE_OUTPUT\nf(1)"
    )
    chinese = (
        'def f(x):\n    """x 的两倍。\n\n    多行。\n    """\n\n    return 2 * x  # 乘二\n'
        "# NBVAL_IGNORE_OUTPUT\nf(1)"
    )
    same = catalogs.code_without_prose
    assert same(chinese) == same(english)
    assert same(english.replace("2 * x", "3 * x")) != same(english)
    assert same(english.replace("# NBVAL_IGNORE_OUTPUT\n", "")) != same(english)
    assert same('x = "# not a comment"') != same('x = "# 不是注释"')  # strings are code
    assert catalogs.prose_of_code(english) == ["Twice x.", "# doubled here"]
    assert (
        catalogs.prose_of_code("x = 1  # (1, m)\ny = 2  # rank-1\nz = 3  # (a, b) / (1, b)") == []
    )

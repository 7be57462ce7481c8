"""The Chinese text of the lessons: one gettext PO catalog per lesson, i18n/zh-CN/<lesson>.po.

Each entry translates one cell of the English lesson notebooks/<lesson>.ipynb:

    msgctxt "sigmoid"                    the English cell's id
    msgid "def sigmoid(z):\\n..."         the English cell's source
    msgstr "def sigmoid(z):\\n..."        the Chinese

Every Markdown cell has an entry; a code cell has one when it has something to translate (a
docstring or a comment that is a sentence): its msgstr is the same code with the docstring
and comments in Chinese, nothing else may differ. Nothing is ever matched by position or by
similarity: a cell is its id. When the English text of a cell changes, ``update`` keeps the
entry, flagged fuzzy, with the English it was translated from as its previous msgid (``#|``);
a cell that is gone leaves an obsolete entry (``#~``). A fuzzy, missing or out-of-date entry
renders in English, and ``todo`` lists it with the English diff.

The catalogs are read and written with polib: Babel's PO reader drops the previous msgids
(``#|``) and its writer wraps a long one mid-string (Babel 2.19).
"""

import ast
import copy
import difflib
import io
import re
import tokenize

import polib
from IPython.core.inputtransformer2 import TransformerManager

LANGUAGE = "zh-CN"
SET_LANGUAGE = f'checks.set_language("{LANGUAGE}")'
FUZZY = "fuzzy"
CODE_NOTE = "code cell: translate its comments and docstrings only; the code stays as it is"
MARKDOWN_NOTE = "markdown cell"
HEADER = """\
Chinese ({language}) text of notebooks/{name}.ipynb, one entry per cell: msgctxt the
English cell's id, msgid its text, msgstr the Chinese. Edit only the msgstr (Poedit, Weblate
or a text editor), then `make editions`; `make translations` keeps the msgid in step with
the lesson (a changed cell: fuzzy, with the English it was translated from as #| msgid).
The glossary and the typesetting rules: i18n/zh-CN/glossary.md."""
# comments that are instructions to a tool, not prose: code, the same in both editions
TOOL_COMMENT = re.compile(
    r"#\s*(NBVAL_\w+|#+\s*(BEGIN|END) SOLUTION|YOUR CODE HERE|noqa\b|fmt:|type:)"
)
WORD = re.compile(r"(?<![\w])[A-Za-z]{2,}(?![\w])")
NOTATION = re.compile(r"\([^()]*\)|`[^`]*`")  # shapes such as (n_x, m), code: not words


class CatalogError(ValueError):
    """A catalog cannot be read, or holds an entry that cannot be used."""


# ------------------------------------------------------------------ reading and writing


def read(path, name):
    """The catalog at path (a new, empty one if there is none); one-line errors."""
    if not path.exists():
        return new(name)
    if path.is_dir():
        raise CatalogError(f"{path} is a folder; expected a PO catalog")
    try:
        po = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as error:
        reason = " ".join(str(error).split())
        raise CatalogError(f"{path}: not a readable PO catalog: {reason}") from None
    po.wrapwidth = 0
    seen = set()
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgctxt is None:
            raise CatalogError(f"{path}: an entry without msgctxt (a cell id): {entry.msgid!r}")
        if entry.msgctxt in seen:
            raise CatalogError(f"{path}: two entries for cell {entry.msgctxt!r}")
        seen.add(entry.msgctxt)
    return po


def new(name):
    """An empty catalog for the lesson notebooks/<name>.ipynb."""
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    po.header = HEADER.format(language=LANGUAGE, name=name)
    po.metadata = {
        "Project-Id-Version": f"lr_utils workbook, {name}",
        "Language": LANGUAGE.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def render(po):
    """The catalog's bytes: the same catalog gives the same bytes (no wrapping but at \\n)."""
    po.wrapwidth = 0
    return (str(po).rstrip("\n") + "\n").encode("utf-8")


def active(po):
    """{cell id: entry} of the catalog's entries that are not obsolete."""
    return {e.msgctxt: e for e in po if not e.obsolete}


# ------------------------------------------------------------------ what is to translate


def code_without_prose(source):
    """The code of a cell as tokens, without docstrings and comments (tool comments stay).

    Two sources give the same tokens when they are the same code, whatever their docstrings
    and comments say and however blank lines fall.
    """
    python = TransformerManager().transform_cell(source)
    try:
        docstrings = _docstrings(ast.parse(python))
        tokens = list(tokenize.generate_tokens(io.StringIO(python).readline))
    except (SyntaxError, tokenize.TokenError):  # not Python: compare the lines
        return tuple(ln.strip() for ln in source.splitlines() if ln.strip())
    kept, skip_newline = [], False
    for token in tokens:
        if token.type == tokenize.STRING and token.start in docstrings:
            skip_newline = True
            continue
        if token.type == tokenize.NEWLINE and skip_newline:
            skip_newline = False
            continue
        if token.type == tokenize.COMMENT and not TOOL_COMMENT.match(token.string):
            continue
        if token.type in (tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER):
            continue
        kept.append((token.type, token.string.strip()))
    return tuple(kept)


def _docstrings(tree):
    """The (line, column) where each docstring of the module, its functions and classes starts."""
    return {(node.lineno, node.col_offset) for node in _docstring_nodes(tree)}


def _docstring_nodes(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                yield first.value


def prose_of_code(source):
    """The docstrings and the comments that are sentences (two words or more besides the
    shapes in brackets) of a cell."""
    python = TransformerManager().transform_cell(source)
    try:
        tree = ast.parse(python)
        tokens = list(tokenize.generate_tokens(io.StringIO(python).readline))
    except (SyntaxError, tokenize.TokenError):
        return []
    found = [node.value for node in _docstring_nodes(tree)]
    found += [
        t.string
        for t in tokens
        if t.type == tokenize.COMMENT
        and not TOOL_COMMENT.match(t.string)
        and len(WORD.findall(NOTATION.sub(" ", t.string))) >= 2
    ]
    return found


def needs_entry(cell):
    """True if the cell has text to translate: Markdown, or a code cell with prose."""
    if cell.cell_type == "markdown":
        return bool(cell.source.strip())
    return cell.cell_type == "code" and bool(prose_of_code(cell.source))


def with_set_language(source):
    """source with SET_LANGUAGE after its imports, when they import checks; else None.

    The line follows the block of import statements that holds ``from lr_utils import
    checks``, after a blank line (as ruff's isort wants).
    """
    python = TransformerManager().transform_cell(source)
    try:
        tree = ast.parse(python)
    except SyntaxError:
        return None
    block_end, found = None, False
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            block_end = node.end_lineno
            found = found or (
                isinstance(node, ast.ImportFrom)
                and node.module == "lr_utils"
                and any(a.name == "checks" and a.asname in (None, "checks") for a in node.names)
            )
        elif found:
            break
        else:
            block_end = None
    if not found:
        return None
    lines = source.split("\n")
    lines[block_end:block_end] = ["", SET_LANGUAGE]
    return "\n".join(lines)


# ----------------------------------------------------------------- state of each entry


def state(cell, entry):
    """Where the translation of a cell stands.

    "translated" (renders in Chinese), "missing" (no entry or an empty msgstr), "fuzzy" (the
    English changed; the translation waits for review), "changed" (the English changed and
    the catalog has not been updated yet), or None: a code cell with nothing to translate.
    """
    if entry is None or not entry.msgstr:
        return "missing" if needs_entry(cell) else None
    if FUZZY in entry.flags:
        return "fuzzy"
    if entry.msgid != cell.source:
        return "changed"
    return "translated"


def translated_from(entry):
    """The English text the entry's translation was made from."""
    if FUZZY in entry.flags and entry.previous_msgid is not None:
        return entry.previous_msgid
    return entry.msgid


def orphans(english, po):
    """Cell ids that the catalog has (not obsolete) entries for, and the lesson has no cell."""
    ids = {cell.get("id") for cell in english.cells}
    return [cell_id for cell_id in active(po) if cell_id not in ids]


# ------------------------------------------------------------------------ the edition


def chinese_notebook(english, po):
    """(The Chinese lesson, [(cell id, state)] of its cells left in English).

    The English lesson with each translated cell's source taken from the catalog: code,
    outputs, execution counts, metadata (tags...), attachments and ids stay the English
    cells'. The first statement importing checks is followed by SET_LANGUAGE.
    """
    nb = copy.deepcopy(english)
    entries = active(po)
    left, language_set = [], False
    for cell in nb.cells:
        entry = entries.get(cell.get("id"))
        done = state(cell, entry)
        if done == "translated":
            if cell.cell_type == "code" and code_without_prose(entry.msgstr) != code_without_prose(
                cell.source
            ):
                raise CatalogError(
                    f"the entry for code cell {cell.id!r} changes the code, not only its "
                    f"comments and docstrings"
                )
            cell.source = entry.msgstr
        elif done is not None:
            left.append((cell.get("id"), done))
        if cell.cell_type == "code" and not language_set:
            source = with_set_language(cell.source)
            if source is not None:
                cell.source, language_set = source, True
    return nb, left


# ------------------------------------------------------------------- keeping in step


def update(english, po):
    """Bring the catalog in step with the English lesson; return the counts of what changed.

    An entry whose cell changed becomes fuzzy, keeping its translation and, as previous
    msgid, the English it was translated from; a cell with text to translate and no entry
    gets an empty one; an entry whose cell is gone becomes obsolete. The entries follow the
    order of the cells, the obsolete ones at the end.
    """
    old = {e.msgctxt: e for e in po if not e.obsolete}
    gone = {e.msgctxt: e for e in po if e.obsolete}
    counts = {"new": 0, "fuzzy": 0, "obsolete": 0}
    entries = []
    for cell in english.cells:
        cell_id = cell.get("id")
        entry = old.pop(cell_id, None) or gone.pop(cell_id, None)
        if entry is None:
            if not needs_entry(cell):
                continue
            entry = polib.POEntry(msgctxt=cell_id, msgid=cell.source, msgstr="")
            counts["new"] += 1
        entry.obsolete = False
        entry.comment = CODE_NOTE if cell.cell_type == "code" else MARKDOWN_NOTE
        if entry.msgid != cell.source:
            if entry.msgstr and FUZZY not in entry.flags:
                entry.flags.append(FUZZY)
                entry.previous_msgid = entry.msgid
                counts["fuzzy"] += 1
            entry.msgid = cell.source
        if FUZZY in entry.flags and entry.previous_msgid == entry.msgid:
            entry.flags.remove(FUZZY)  # the English is back to what was translated
            entry.previous_msgid = None
        entries.append(entry)
    for entry in old.values():
        entry.obsolete = True
        counts["obsolete"] += 1
    obsolete = [*old.values(), *gone.values()]
    po[:] = entries + obsolete
    return counts


def todo(english, po, where):
    """Lines describing each entry left to translate or review, with the English diff."""
    lines = []
    entries = active(po)
    for cell in english.cells:
        entry = entries.get(cell.get("id"))
        done = state(cell, entry)
        if done in (None, "translated"):
            continue
        head = f"{where}: cell {cell.id!r} ({cell.cell_type})"
        if done == "missing":
            first = next((ln.strip() for ln in cell.source.splitlines() if ln.strip()), "")
            lines.append(f"{head}: not translated yet: {first[:70]!r}")
            continue
        why = "fuzzy" if done == "fuzzy" else "the English changed (make translations)"
        diff = difflib.unified_diff(
            translated_from(entry).splitlines(),
            cell.source.splitlines(),
            "English translated",
            "English now",
            lineterm="",
        )
        lines.append(f"{head}: {why}\n" + "\n".join(diff))
    lines += [
        f"{where}: an entry for cell {cell_id!r}, which the lesson does not have "
        f"(make translations makes it obsolete)"
        for cell_id in orphans(english, po)
    ]
    return lines

"""Keep the Chinese lessons (notebooks/zh-CN/) in step with the English ones (notebooks/).

A Chinese lesson is a real notebook with the English lesson's cells, in the same order, with the
same ids and types. Its code cells are the English ones: source, outputs, execution counts
(a code cell may differ in its comments only, see below). Its Markdown cells hold the
translation, and a translated cell records in its metadata the English text it translates:

    "translation": {"source": "<the English Markdown>", "source_sha256": "<its SHA-256>"}

The English text kept there is what makes a stale translation easy to fix: when the English cell
changes, its hash no longer matches, the tests flag the cell, and ``--todo`` prints the diff
between the English the translation was made from and the English of now.

Rebuilding a Chinese lesson (the default action; ``make translations``, and the last step of
``make notebooks``) starts again from the English lesson and, for each cell, puts back the
Chinese cell that belongs to it. Cells are paired by content, not only by id (nbstripout
renumbers ids by position, so an inserted cell shifts every id after it): the two cell
sequences are aligned on the hash of the English each cell stands for, and a changed cell is
paired with the old cell whose English it resembles most. Then

- a code cell is the English cell, outputs and all; only if the Chinese one has translated
  comments (Chinese in it, or a record) and equals the English code once comments are
  dropped, does its source (and record) stay;
- a Markdown cell with a translation record keeps its Chinese text and record, stale or not;
- a Markdown cell with Chinese text but no record yet (translated, not yet marked) keeps it;
- any other Markdown cell, new or untranslated, gets the English text and no record;
- a cell whose English cell was removed is dropped (its translation is named on stderr).

The result is a function of the two notebooks only, written as nbformat writes it: running the
tool twice changes nothing. It never deletes a Chinese lesson, and it creates the missing
ones only when notebooks/zh-CN/ exists (``make translations`` makes it).

Usage (from the repository root; NOTEBOOK is an English lesson or its Chinese twin; default:
every notebooks/*.ipynb):

    python tools/sync_translations.py [NOTEBOOK ...]       rebuild the Chinese lessons
    python tools/sync_translations.py --check [NOTEBOOK ...]
        change nothing; exit 1 naming each Chinese lesson a rebuild would change
    python tools/sync_translations.py --todo [NOTEBOOK ...]
        list the cells still to translate: untranslated, translated but not marked, and
        stale (with the English diff)
    python tools/sync_translations.py --mark NOTEBOOK [CELL_ID ...]
        record that cells now translate the current English: the given cells, or without
        ids every cell with no record whose text is no longer the English one

tests/test_translations.py checks the rest: ids and types, code and outputs, that each
Markdown cell is translated (a script-ratio check) and up to date, the glossary.
"""

import argparse
import copy
import difflib
import hashlib
import io
import re
import sys
import tokenize
from pathlib import Path

import nbformat

LANGUAGE = "zh-CN"
KEY = "translation"  # the cell metadata key of a translation record
ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "notebooks"

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# comments that are instructions to a tool, not prose: never dropped when comparing code
MARKER = re.compile(r"#\s*(NBVAL_\w+|#+\s*(BEGIN|END) SOLUTION|YOUR CODE HERE)")


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(english_source):
    """The translation record of a cell translated from this English source."""
    return {"source": english_source, "source_sha256": sha256(english_source)}


def code_without_comments(source):
    """The code of a cell without its comments, trailing spaces and blank lines.

    Tool markers (``# NBVAL_IGNORE_OUTPUT``, ``### BEGIN SOLUTION``...) count as code.
    """
    lines = source.splitlines()
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
        comments = [t.start for t in tokens if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):  # e.g. a shell escape: whole-line comments only
        comments = [(i + 1, ln.index("#")) for i, ln in enumerate(lines) if ln.lstrip()[:1] == "#"]
    for row, col in reversed(comments):
        if not MARKER.match(lines[row - 1][col:]):
            lines[row - 1] = lines[row - 1][:col]
    return "\n".join(ln.rstrip() for ln in lines if ln.strip())


def first_line(text):
    return next((ln.strip() for ln in text.splitlines() if ln.strip()), "")


def read(path):
    return nbformat.read(str(path), as_version=nbformat.NO_CONVERT)


def read_english(path):
    nb = read(path)
    if (nb.nbformat, nb.nbformat_minor) < (4, 5) or not all("id" in c for c in nb.cells):
        raise SystemExit(f"{path}: cells without ids (nbformat < 4.5): run `make notebooks` first")
    return nb


def write_text(nb):
    return nbformat.writes(nb) + "\n"


def _record(cell):
    """The cell's translation record, or None; a malformed one is an error."""
    rec = cell.metadata.get(KEY)
    if rec is None:
        return None
    if not (
        isinstance(rec, dict)
        and isinstance(rec.get("source"), str)
        and rec.get("source_sha256") == sha256(rec["source"])
    ):
        raise ValueError(
            f"cell {cell.get('id')}: its {KEY!r} metadata is not "
            "{'source': English text, 'source_sha256': its SHA-256}: record it with --mark"
        )
    return rec


def _kept(cell):
    """A Chinese cell whose text is a translation: it has a record, or Chinese in it."""
    return _record(cell) is not None or CJK.search(cell.source) is not None


def _meant(cell):
    """(type, hash of the English this cell stands for): what cells are aligned on."""
    rec = _record(cell)
    return cell.cell_type, rec["source_sha256"] if rec else sha256(cell.source)


def _english_of(cell):
    rec = _record(cell)
    return rec["source"] if rec else cell.source


def pair(old_cells, new_cells):
    """{index in new_cells: the old (Chinese) cell that belongs to it}.

    Aligns the two sequences on what each cell stands for; in a stretch that changed, pairs
    cells of one type by the similarity of their English, the most similar first.
    """
    matcher = difflib.SequenceMatcher(
        None, [_meant(c) for c in old_cells], [_meant(c) for c in new_cells], autojunk=False
    )
    paired = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            paired.update((j1 + k, old_cells[i1 + k]) for k in range(i2 - i1))
        elif tag == "replace":
            candidates = sorted(
                (
                    -difflib.SequenceMatcher(
                        None, _english_of(old_cells[i]), new_cells[j].source
                    ).ratio(),
                    abs((i - i1) - (j - j1)),  # on a tie, the cell at the same place
                    j,
                    i,
                )
                for i in range(i1, i2)
                for j in range(j1, j2)
                if old_cells[i].cell_type == new_cells[j].cell_type
            )
            used = set()
            for *_, j, i in candidates:
                if j not in paired and i not in used:
                    paired[j] = old_cells[i]
                    used.add(i)
    return paired


def rebuild(english, chinese=None, warn=None):
    """The Chinese notebook for this English one, keeping the translations in ``chinese``.

    ``warn(message)`` hears of each translation that had to go.
    """
    warn = warn or (lambda message: None)
    old = list(chinese.cells) if chinese is not None else []
    paired = pair(old, english.cells)
    cells = []
    for j, en in enumerate(english.cells):
        cell = copy.deepcopy(en)
        cell.metadata.pop(KEY, None)
        zh = paired.get(j)
        if zh is not None and _kept(zh):
            same_code = code_without_comments(zh.source) == code_without_comments(en.source)
            if en.cell_type != "code" or same_code:
                cell.source = zh.source
                rec = _record(zh)
                if rec:
                    cell.metadata[KEY] = record(rec["source"])
            else:
                warn(f"cell {en.id}: translated comments dropped: the English code changed")
        cells.append(cell)
    kept = {id(c) for c in paired.values()}
    for zh in old:
        if id(zh) not in kept and _kept(zh):
            warn(f"dropped the translation of a removed English cell: {first_line(zh.source)!r}")
    nb = copy.deepcopy(english)
    nb.cells = cells
    return nb


def lesson(path):
    """(English lesson, Chinese lesson) for either of the two paths."""
    path = Path(path).resolve()
    if path.parent.name == LANGUAGE:
        path = path.parent.parent / path.name
    if not path.is_file():
        raise SystemExit(f"{_rel(path)}: no such English lesson")
    return path, path.parent / LANGUAGE / path.name


def _rel(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def _load(en_path, zh_path):
    """(English notebook, Chinese notebook or None), errors naming the file."""
    english = read_english(en_path)
    if not zh_path.exists():
        return english, None
    try:
        chinese = read(zh_path)
        for cell in chinese.cells:
            _record(cell)
    except Exception as e:  # unreadable JSON, a malformed record: say which file
        raise SystemExit(f"{_rel(zh_path)}: {e}") from e
    return english, chinese


def _describe_change(old_text, new_text):
    """Where a rebuild differs from the file, in words: the first cell that differs."""
    if not old_text:
        return "missing"
    old, new = nbformat.reads(old_text, as_version=4), nbformat.reads(new_text, as_version=4)
    if [(c.get("id"), c.cell_type) for c in old.cells] != [(c.id, c.cell_type) for c in new.cells]:
        return "its cells (ids, types, order) are not the English lesson's"
    for a, b in zip(old.cells, new.cells, strict=True):
        for field in ("source", "outputs", "execution_count", "metadata", "attachments"):
            if a.get(field) != b.get(field):
                return f"cell {b.id} ({b.cell_type}): its {field} is not what a rebuild gives"
    return "its notebook metadata or JSON layout is not what a rebuild gives"


def sync(paths, check=False):
    """Rebuild (with check=True only compare) the Chinese twins of these English lessons.

    Returns the number of Chinese lessons that were (or would be) changed. A lesson whose
    notebooks/zh-CN/ folder does not exist is left alone: there is no Chinese edition yet.
    """
    changed, absent = 0, set()
    for en_path, zh_path in map(lesson, paths):
        if not zh_path.parent.is_dir():
            if zh_path.parent not in absent:
                absent.add(zh_path.parent)
                print(f"{_rel(zh_path.parent)}/: no Chinese edition yet (make translations)")
            continue
        english, chinese = _load(en_path, zh_path)
        notes = []
        new_text = write_text(rebuild(english, chinese, warn=notes.append))
        for note in notes:
            print(f"{_rel(zh_path)}: {note}", file=sys.stderr)
        old_text = zh_path.read_text(encoding="utf-8") if chinese is not None else ""
        if check:
            if new_text != old_text:
                changed += 1
                print(f"{_rel(zh_path)}: {_describe_change(old_text, new_text)}")
            continue
        if new_text != old_text:
            changed += 1
            zh_path.write_text(new_text, encoding="utf-8")
        done = "unchanged" if new_text == old_text else "updated" if old_text else "created"
        left = len(pending(english, nbformat.reads(new_text, as_version=4)))
        if left or new_text != old_text:
            todo_note = f", {left} cell(s) to translate (--todo lists them)" if left else ""
            print(f"{_rel(zh_path)}: {done}{todo_note}")
    return changed


def pending(english, chinese):
    """[(cell id, state, English cell or None, record or None)] for the cells left to do.

    States: "untranslated", "not marked" (translated, no record yet), "stale" (the English
    changed since), "foreign" (not the English lesson's cell: the lesson needs a rebuild).
    """
    english_cells = {c.id: c for c in english.cells}
    left = []
    for cell in chinese.cells:
        en = english_cells.get(cell.get("id"))
        rec = _record(cell)
        if en is None or en.cell_type != cell.cell_type:
            left.append((cell.get("id"), "foreign", None, rec))
        elif rec is not None:
            if rec["source_sha256"] != sha256(en.source):
                left.append((en.id, "stale", en, rec))
        elif cell.source != en.source:
            left.append((en.id, "not marked", en, rec))
        elif en.cell_type != "code":
            left.append((en.id, "untranslated", en, rec))
    return left


def todo(paths, out=None):
    """Print the cells left to translate, the English diff of stale ones; return how many."""
    out = out or sys.stdout
    count = 0
    for en_path, zh_path in map(lesson, paths):
        english, chinese = _load(en_path, zh_path)
        if chinese is None:
            print(f"{_rel(zh_path)}: missing (make translations creates it)", file=out)
            count += 1
            continue
        for cell_id, state, en, rec in pending(english, chinese):
            count += 1
            where = f"{_rel(zh_path)} cell {cell_id}"
            if state == "foreign":
                print(f"{where}: not a cell of the English lesson: make translations", file=out)
            elif state == "stale":
                diff = difflib.unified_diff(
                    rec["source"].splitlines(),
                    en.source.splitlines(),
                    "English translated",
                    "English now",
                    lineterm="",
                )
                print(f"{where} ({en.cell_type}): stale\n" + "\n".join(diff), file=out)
            else:
                print(f"{where} ({en.cell_type}): {state}: {first_line(en.source)!r}", file=out)
    return count


def mark(path, ids):
    """Record that cells now translate the current English (see the module's usage)."""
    en_path, zh_path = lesson(path)
    english, chinese = _load(en_path, zh_path)
    if chinese is None:
        raise SystemExit(f"{_rel(zh_path)}: missing (make translations creates it)")
    # from here on the ids and order are the English ones
    nb = rebuild(english, chinese, warn=lambda note: print(f"{_rel(zh_path)}: {note}"))
    cells = {c.id: c for c in nb.cells}
    unknown = [i for i in ids if i not in cells]
    if unknown:
        raise SystemExit(f"{_rel(zh_path)}: no cell with id {', '.join(unknown)}")
    english_cells = {c.id: c for c in english.cells}
    if not ids:
        ids = [
            c.id
            for c in nb.cells
            if KEY not in c.metadata and c.source != english_cells[c.id].source
        ]
    for i in ids:
        cells[i].metadata[KEY] = record(english_cells[i].source)
    zh_path.write_text(write_text(nb), encoding="utf-8")
    print(f"{_rel(zh_path)}: marked {len(ids)} cell(s) as translated: {' '.join(ids)}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Keep notebooks/zh-CN/ in step with the English lessons (see the docstring)."
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--check", action="store_true", help="exit 1 if a rebuild changes a file")
    action.add_argument("--todo", action="store_true", help="list the cells left to translate")
    action.add_argument("--mark", action="store_true", help="NOTEBOOK [CELL_ID ...]: mark cells")
    parser.add_argument("items", nargs="*", metavar="NOTEBOOK", help="default: every lesson")
    args = parser.parse_args(argv)

    if args.mark:
        if not args.items:
            parser.error("--mark needs a NOTEBOOK, then optionally cell ids")
        mark(args.items[0], args.items[1:])
        return 0
    paths = args.items or sorted(ENGLISH.glob("*.ipynb"))
    if not args.items:
        for orphan in sorted((ENGLISH / LANGUAGE).glob("*.ipynb")):
            if not (ENGLISH / orphan.name).exists():
                print(f"{_rel(orphan)}: no English lesson of that name", file=sys.stderr)
    if args.todo:
        return 1 if todo(paths) else 0
    changed = sync(paths, check=args.check)
    if args.check and changed:
        print("run `make translations` to rebuild them", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

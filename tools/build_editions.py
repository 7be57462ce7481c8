"""Build every edition of the workbook from the English lessons and the Chinese catalogs.

    notebooks/<lesson>.ipynb  +  i18n/zh-CN/<lesson>.po
        -> exercises/<lesson>.ipynb          the exercise edition (tools/edition_exercises.py)
        -> notebooks/zh-CN/<lesson>.ipynb    the Chinese lesson (tools/edition_catalogs.py)
        -> exercises/zh-CN/<lesson>.ipynb    the Chinese exercise edition, from the one above

The English lessons and the catalogs are the only files edited by hand; the three editions
are generated, the same bytes on every run, and committed (learners open them with outputs).
A Chinese lesson has the English code and outputs and the Chinese Markdown; a cell whose
translation is missing or waits for review stays English and is listed (--todo shows them).

What was generated is recorded in .editions-manifest.json (the SHA-256 of each file). A
generated file whose bytes differ from that record is someone's work (a learner's exercise)
and is never overwritten without --force (`make exercises FORCE=1`): the script names it and
writes nothing at all. Files that are not in the record (Untitled.ipynb) are never touched.
Every file is written whole or not at all (lr_utils.files.atomic_write).

Usage: python tools/build_editions.py [MODE] [NOTEBOOK ...]

    (no mode)           build, refusing to overwrite anyone's work
    --force             build, overwriting it (also with --update-catalogs)
    --check             write nothing; exit 1 if a fresh build differs from the record
                        (never looks at the generated files: a learner's work is no error)
    --check --committed also compare the generated files on disk (CI's clean clone)
    --update-catalogs   bring the catalogs in step with the lessons (new, fuzzy, obsolete
                        entries), then build
    --todo              list the entries to translate or review, with the English diff

NOTEBOOK: a lesson (notebooks/<lesson>.ipynb: all its editions), one generated notebook
(exercises/..., notebooks/zh-CN/...), or a catalog (i18n/zh-CN/<lesson>.po); default: all.
"""

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import edition_catalogs as catalogs
import edition_exercises as exercises
import nbformat

from lr_utils.files import atomic_write

# what other tools use (tools/make_course.py tags its sources as the exercise editions are)
mark_may_raise = exercises.mark_may_raise
MarkerError = exercises.MarkerError

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = catalogs.LANGUAGE
MANIFEST = ".editions-manifest.json"
ABOUT = (
    "Written by tools/build_editions.py: the SHA-256 of each file it generated. A generated "
    "file whose bytes differ is someone's work, never overwritten without FORCE=1."
)


class BuildError(ValueError):
    """Bad input (a path, a lesson, a catalog): one line saying what and where."""


@dataclass
class Lesson:
    name: str  # the file name's stem, e.g. 05_cat_classifier
    english: object  # the notebook
    catalog: object  # polib.POFile
    catalog_path: Path


class Layout:
    """Where everything is, under one root (the repository, or a test's folder)."""

    def __init__(self, root):
        self.root = Path(root)
        self.lessons = self.root / "notebooks"
        self.catalogs = self.root / "i18n" / LANGUAGE
        self.manifest = self.root / MANIFEST

    def editions(self, name):
        """{kind: path} of the three notebooks generated from the lesson called name."""
        file = f"{name}.ipynb"
        return {
            "exercise": self.root / "exercises" / file,
            "chinese": self.lessons / LANGUAGE / file,
            "chinese exercise": self.root / "exercises" / LANGUAGE / file,
        }

    def rel(self, path):
        """path relative to the root, as a string with forward slashes."""
        path = Path(path)
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return str(path)


# --------------------------------------------------------------------------- reading


def read_notebook(path):
    """A notebook from path, with one-line errors for what is not one."""
    if path.is_dir():
        raise BuildError(f"{path} is a folder; expected a notebook (.ipynb)")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(f"{path}: no such notebook") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BuildError(f"{path}: cannot read it: {error}") from None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise BuildError(f"{path}: not a notebook: the file is not valid JSON ({error})") from None
    try:
        nb = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
        nbformat.validate(nb)
    except Exception as error:  # nbformat's validation errors are long: their first line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BuildError(f"{path}: not a valid notebook: {first}") from None
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        raise BuildError(f"{path}: cells without ids (nbformat < 4.5): run `make notebooks`")
    ids = [cell.get("id") for cell in nb.cells]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise BuildError(f"{path}: cell ids used twice: {', '.join(twice)}")
    return nb


def lesson_names(layout):
    return sorted(p.stem for p in layout.lessons.glob("*.ipynb"))


def load(layout, name):
    path = layout.catalogs / f"{name}.po"
    english = read_notebook(layout.lessons / f"{name}.ipynb")
    try:
        catalog = catalogs.read(path, name)
    except catalogs.CatalogError as error:
        raise BuildError(str(error)) from None
    return Lesson(name, english, catalog, path)


def chosen(layout, paths):
    """{lesson name: set of edition kinds, or None for all} for the paths given."""
    if not paths:
        return dict.fromkeys(lesson_names(layout))
    wanted = {}
    for given in paths:
        path = Path(given).resolve()
        if path.is_dir():
            raise BuildError(f"{given} is a folder; expected a notebook (.ipynb) or a catalog")
        rel = layout.rel(path)
        parts = Path(rel).parts
        name = Path(rel).stem
        lesson = parts[:-1] == ("notebooks",) and path.suffix == ".ipynb"
        catalog = parts[:-1] == ("i18n", LANGUAGE) and path.suffix == ".po"
        if lesson or catalog:
            kinds = None  # all its editions
        else:
            kinds = {kind for kind, p in layout.editions(name).items() if p.resolve() == path}
        if not kinds and kinds is not None:
            raise BuildError(
                f"{given}: expected a lesson (notebooks/*.ipynb), one of its editions "
                f"(exercises/, notebooks/{LANGUAGE}/, exercises/{LANGUAGE}/) or its catalog "
                f"(i18n/{LANGUAGE}/*.po)"
            )
        if not (layout.lessons / f"{name}.ipynb").exists():
            raise BuildError(f"{given}: no lesson notebooks/{name}.ipynb")
        if name not in wanted:
            wanted[name] = kinds
        elif wanted[name] is not None:
            wanted[name] = None if kinds is None else wanted[name] | kinds
    return wanted


# -------------------------------------------------------------------------- building


def render(nb):
    """The notebook's bytes, exactly as nbformat.write would write them."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def editions(layout, lesson):
    """({kind: notebook}, [(cell id, state)] of the Chinese cells left in English)."""
    try:
        chinese, left = catalogs.chinese_notebook(lesson.english, lesson.catalog)
    except catalogs.CatalogError as error:
        raise BuildError(f"{layout.rel(lesson.catalog_path)}: {error}") from None
    try:
        made = {
            "exercise": exercises.exercise_notebook(lesson.english),
            "chinese": chinese,
            "chinese exercise": exercises.exercise_notebook(chinese),
        }
    except exercises.MarkerError as error:
        raise BuildError(f"{layout.rel(layout.lessons)}/{lesson.name}.ipynb: {error}") from None
    return made, left


def plan(layout, wanted):
    """([(path, bytes)], {lesson name: cells left in English}) for the lessons wanted."""
    outputs, untranslated = [], {}
    for name, kinds in wanted.items():
        lesson = load(layout, name)
        notebooks, left = editions(layout, lesson)
        untranslated[name] = left
        for kind, path in layout.editions(name).items():
            if kinds is None or kind in kinds:
                outputs.append((path, render(notebooks[kind])))
    return outputs, untranslated


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_manifest(layout):
    """{path relative to the root: SHA-256} of what was generated last ({} if nothing)."""
    try:
        data = json.loads(layout.manifest.read_text(encoding="utf-8"))
        files = data["files"]
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise TypeError
        return dict(files)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BuildError(
            f"{layout.manifest}: not a record of generated files "
            '({"files": {path: SHA-256}}); restore it from git, or delete it and build with '
            "FORCE=1"
        ) from None


def write(path, data):
    """The one place files are written: whole or not at all (one-line errors)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as f:
            f.write(data)
    except OSError as error:
        raise BuildError(f"cannot write {path}: {error.strerror or error}") from None


def build(layout, wanted, force=False, out=print, err=None):
    """Write the editions; refuse (writing nothing) to overwrite anyone's work. Exit code."""
    err = err or (lambda line: print(line, file=sys.stderr))
    outputs, untranslated = plan(layout, wanted)
    record = read_manifest(layout)
    to_write, theirs = [], []
    for path, data in outputs:
        rel = layout.rel(path)
        on_disk = path.read_bytes() if path.is_file() else None
        if on_disk == data:
            continue
        if on_disk is not None and sha256(on_disk) != record.get(rel):
            theirs.append(rel)
        to_write.append((path, data))
    if theirs and not force:
        for rel in theirs:
            err(f"refusing to overwrite {rel}: it is not what was generated (your work?)")
        err(
            "if that is your work, keep it; to replace it anyway: make exercises FORCE=1 "
            "(or FORCE=1 EXERCISES=<that notebook>). Nothing was written."
        )
        return 1
    for path, data in to_write:
        write(path, data)
        out(f"wrote {layout.rel(path)}")
    for path, data in outputs:
        record[layout.rel(path)] = sha256(data)
    record = _forget_removed(layout, record, wanted, out, err)
    manifest = {"about": ABOUT, "files": dict(sorted(record.items()))}
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    if not layout.manifest.is_file() or layout.manifest.read_text(encoding="utf-8") != text:
        write(layout.manifest, text.encode("utf-8"))
    _report_untranslated(layout, untranslated, out)
    out(f"{len(to_write)} written, {len(outputs) - len(to_write)} already up to date")
    return 0


def _forget_removed(layout, record, wanted, out, err):
    """Drop generated files whose lesson is gone: deleted if unchanged, else left as work."""
    if set(wanted) != set(lesson_names(layout)):  # only some lessons built: keep the rest
        return record
    made = {layout.rel(p) for name in wanted for p in layout.editions(name).values()}
    for rel in sorted(set(record) - made):
        path = layout.root / rel
        if path.is_file() and sha256(path.read_bytes()) == record[rel]:
            path.unlink()
            out(f"removed {rel}: its lesson is gone")
        elif path.is_file():
            err(f"warning: {rel}: its lesson is gone; your changes to it are left as they are")
        del record[rel]
    return record


def _report_untranslated(layout, untranslated, out):
    for name, left in untranslated.items():
        if left:
            states = sorted({s for _, s in left})
            ids = ", ".join(cell_id for cell_id, _ in left)
            out(
                f"{layout.rel(layout.editions(name)['chinese'])}: {len(left)} cell(s) in "
                f"English ({', '.join(states)}): {ids}; --todo lists them"
            )


def check(layout, wanted, committed=False, err=None):
    """Exit 1 (naming each file) if a fresh build differs from the record; 0 if not."""
    err = err or (lambda line: print(line, file=sys.stderr))
    outputs, _ = plan(layout, wanted)
    record = read_manifest(layout)
    problems = []
    for path, data in outputs:
        rel = layout.rel(path)
        if rel not in record:
            problems.append(f"{rel}: never generated")
        elif record[rel] != sha256(data):
            problems.append(f"{rel}: out of date")
        if committed and (not path.is_file() or path.read_bytes() != data):
            problems.append(f"{rel}: the file is not what the build generates")
    if set(wanted) == set(lesson_names(layout)):
        made = {layout.rel(p) for name in wanted for p in layout.editions(name).values()}
        problems += [f"{rel}: its lesson is gone" for rel in sorted(set(record) - made)]
    for problem in problems:
        err(problem)
    if problems:
        err("run `make editions` to regenerate them")
        return 1
    print(f"{len(outputs)} generated notebooks up to date")
    return 0


def update_catalogs(layout, wanted, out=print):
    for name in wanted:
        lesson = load(layout, name)
        counts = catalogs.update(lesson.english, lesson.catalog)
        data = catalogs.render(lesson.catalog)
        old = lesson.catalog_path.read_bytes() if lesson.catalog_path.is_file() else None
        if data != old:
            write(lesson.catalog_path, data)
            said = ", ".join(f"{n} {what}" for what, n in counts.items() if n) or "reordered"
            out(f"{layout.rel(lesson.catalog_path)}: {said}")


def todo(layout, wanted, out=print):
    count = 0
    for name in wanted:
        lesson = load(layout, name)
        lines = catalogs.todo(lesson.english, lesson.catalog, layout.rel(lesson.catalog_path))
        for line in lines:
            out(line)
        count += len(lines)
        obsolete = sum(1 for e in lesson.catalog if e.obsolete)
        if obsolete:
            out(
                f"{layout.rel(lesson.catalog_path)}: {obsolete} obsolete entr"
                f"{'y' if obsolete == 1 else 'ies'} (#~) of cells no longer in the lesson"
            )
    out(f"{count} entr{'y' if count == 1 else 'ies'} to translate or review")
    return 1 if count else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="overwrite changed generated files")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="write nothing; exit 1 if out of date")
    mode.add_argument("--update-catalogs", action="store_true", help="update, then build")
    mode.add_argument("--todo", action="store_true", help="list the entries left to translate")
    parser.add_argument("--committed", action="store_true", help="with --check: the files too")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", metavar="NOTEBOOK")
    args = parser.parse_args(argv)
    if args.committed and not args.check:
        parser.error("--committed goes with --check")
    if args.force and (args.check or args.todo):
        parser.error("--force goes with a build (alone or with --update-catalogs)")
    layout = Layout(args.root.resolve())
    try:
        wanted = chosen(layout, args.paths)
        if args.check:
            return check(layout, wanted, committed=args.committed)
        if args.todo:
            return todo(layout, wanted)
        if args.update_catalogs:
            update_catalogs(layout, wanted)
        return build(layout, wanted, force=args.force)
    except (BuildError, ValueError) as error:  # atomic_write's "cannot write ..." too
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

"""The exercise edition of a lesson: solutions blanked, outputs cleared, Run All to the end.

In a lesson's code cells, what the learner writes is marked with nbgrader's markers, each on
a line of its own:

    ### BEGIN SOLUTION
    ...the solution...
    ### END SOLUTION

The exercise notebook is the lesson with each marked region replaced by nbgrader's own stub,
``# YOUR CODE HERE`` and ``raise NotImplementedError()`` at the indentation of the BEGIN
line, every output and execution count cleared, every Markdown cell tagged ``solution-only``
left out (the one way the two editions' Markdown may differ) and the ``nbgrader`` cell
metadata dropped (a learner's notebook is no nbgrader source). Cell ids, tags and the
notebook's metadata are kept.

Every code cell that can raise while an exercise is unwritten is tagged ``raises-exception``
(``mark_may_raise``), so that JupyterLab's Run All, and nbclient, go on past it to the end.
"""

import ast
import copy
import re

from IPython.core.inputtransformer2 import TransformerManager

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
SOLUTION_ONLY = "solution-only"
MAY_RAISE = "raises-exception"
# nbgrader treats any line containing these words as a marker; so do we, and refuse the rest
MARKER = re.compile(r"BEGIN SOLUTION|END SOLUTION")
STUB_LINES = re.compile(r"^([ \t]*)# YOUR CODE HERE\n\1raise NotImplementedError\(\)$", re.M)
IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# calls on the checks module that check nothing (they cannot fail on a learner's code)
NOT_A_CHECK = {"set_language"}


class MarkerError(ValueError):
    """A lesson's markers cannot be blanked unambiguously."""


def blank(source):
    """Return source with each marked region replaced by nbgrader's stub, as nbgrader does."""
    out, begin = [], None
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if MARKER.search(line) and stripped not in (BEGIN, END):
            raise MarkerError(f"line {number}: a marker must be a line of its own: {line!r}")
        if stripped == BEGIN:
            if begin is not None:
                raise MarkerError(
                    f"line {number}: BEGIN SOLUTION inside the region of line {begin}"
                )
            begin = number
            indent = line[: len(line) - len(line.lstrip())]
            out += [indent + stub for stub in STUB]
        elif stripped == END:
            if begin is None:
                raise MarkerError(f"line {number}: END SOLUTION without a BEGIN SOLUTION")
            begin = None
        elif begin is None:
            out.append(line)
    if begin is not None:
        raise MarkerError(f"line {begin}: BEGIN SOLUTION without an END SOLUTION")
    return "\n".join(out)


def has_markers(nb):
    """True if any code cell of the notebook holds a marked region."""
    return any(c.cell_type == "code" and BEGIN in c.source for c in nb.cells)


def exercise_notebook(lesson):
    """Return the exercise edition of a lesson notebook (a new notebook; lesson unchanged)."""
    nb = copy.deepcopy(lesson)
    kept = []  # (index in the lesson, cell)
    for index, cell in enumerate(nb.cells):
        where = f"cell {index} (id {cell.get('id')!r})"
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type != "code":
            if MARKER.search(cell.source):
                raise MarkerError(f"{where}: solution markers belong in code cells only")
            if SOLUTION_ONLY in tags:
                continue
        elif SOLUTION_ONLY in tags:
            raise MarkerError(
                f"{where}: only Markdown cells may be tagged {SOLUTION_ONLY}; code cells "
                f"must be the same in both editions, apart from the marked regions"
            )
        cell.metadata.pop("nbgrader", None)
        kept.append((index, cell))
    nb.cells = [cell for _, cell in kept]
    mark_may_raise(nb)  # on the marked regions, before they become stubs
    for index, cell in kept:
        if cell.cell_type == "code":
            try:
                cell.source = blank(cell.source)
            except MarkerError as error:
                raise MarkerError(f"cell {index} (id {cell.get('id')!r}), {error}") from None
            cell.outputs = []
            cell.execution_count = None
            for key in ("collapsed", "scrolled"):  # what nbconvert's ClearOutput drops too
                cell.metadata.pop(key, None)
    return nb


# ------------------------------------------------------------------- Run All to the end


def mark_may_raise(nb):
    """Tag raises-exception every code cell that can raise while an exercise is unwritten.

    Found statically, in order: a cell holding a marked region (or nbgrader's stub), a cell
    calling ``checks.<a check>(...)``, and every later code cell that uses, directly or
    through a function it calls, a name that a tagged cell defines or assigns (a name that
    an untagged cell assigns again is sound again). Mutates nb; returns the ids of the
    cells it tagged, in order.
    """
    tainted, bodies, tagged = set(), {}, []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        names = _Names.of(cell.source)
        bodies.update(names.bodies)
        seed = BEGIN in cell.source or STUB_LINES.search(cell.source) or names.checks
        if seed or _reached(names.uses, bodies) & tainted:
            tags = cell.metadata.setdefault("tags", [])
            if MAY_RAISE not in tags:
                tags.append(MAY_RAISE)
            tagged.append(cell.get("id"))
            tainted |= names.binds
        else:
            tainted -= names.binds
    return tagged


def _reached(uses, bodies):
    """The names used, with those the functions called use in their bodies, transitively."""
    seen, todo = set(), list(uses)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += bodies.get(name, ())
    return seen


class _Names(ast.NodeVisitor):
    """What a cell's code uses when it runs, binds, and leaves for later (function bodies).

    A name the cell reads only after it has assigned it itself (in the order of the text;
    an assignment counts once its statement is over) is not a use.
    """

    def __init__(self):
        self.binds, self.bodies, self.checks = set(), {}, False
        self._loads, self._stores = [], {}  # [(position, name)], {name: first position}
        self._ends = []  # where the statement being visited ends: its bindings take effect
        self._local = [set()]  # names a comprehension binds for itself

    @property
    def uses(self):
        return {
            name for at, name in self._loads if name not in self._stores or at < self._stores[name]
        }

    @classmethod
    def of(cls, source):
        names = cls()
        python = TransformerManager().transform_cell(source)
        try:
            tree = ast.parse(python)
        except SyntaxError:  # cannot tell: it uses every name it mentions, binds none
            names._loads = [((0, 0), n) for n in IDENTIFIER.findall(source)]
            return names
        names.visit(tree)
        # a magic's argument is code in a string (%timeit f(x)): every name in it is used
        for line in source.splitlines():
            if line.lstrip()[:1] in ("%", "!"):
                names._loads += [((0, 0), n) for n in IDENTIFIER.findall(line)]
        return names

    def _bind(self, name, at=None):
        at = at or (self._ends[-1] if self._ends else (0, 0))
        self.binds.add(name)
        self._stores[name] = min(self._stores.get(name, at), at)

    def visit(self, node):
        if isinstance(node, ast.stmt):
            self._ends.append((node.end_lineno, node.end_col_offset))
            try:
                return super().visit(node)
            finally:
                self._ends.pop()
        return super().visit(node)

    def visit_Name(self, node):
        if any(node.id in local for local in self._local):
            return
        if isinstance(node.ctx, ast.Load):
            self._loads.append(((node.lineno, node.col_offset), node.id))
        else:
            self._bind(node.id)

    def visit_AugAssign(self, node):
        if isinstance(node.target, ast.Name):
            self._loads.append(((node.lineno, node.col_offset), node.target.id))
        self.generic_visit(node)

    def visit_For(self, node):
        self.visit(node.iter)
        # the loop variable is bound before the body runs
        self._ends.append((node.iter.end_lineno, node.iter.end_col_offset))
        self.visit(node.target)
        self._ends.pop()
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    visit_AsyncFor = visit_For

    def _comprehension(self, node, *parts):
        local = set()
        for generator in node.generators:
            self._local.append(local)
            self.visit(generator.iter)  # (the first one is read outside, the rest inside)
            self._local.pop()
            local |= {n.id for n in ast.walk(generator.target) if isinstance(n, ast.Name)}
            self._local.append(local)
            for condition in generator.ifs:
                self.visit(condition)
            self._local.pop()
        self._local.append(local)
        for part in parts:
            self.visit(part)
        self._local.pop()

    def visit_ListComp(self, node):
        self._comprehension(node, node.elt)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node):
        self._comprehension(node, node.key, node.value)

    def visit_Lambda(self, node):
        arguments = node.args
        for part in [*arguments.defaults, *arguments.kw_defaults]:
            if part is not None:
                self.visit(part)
        self._local.append(_parameters(arguments))
        self.visit(node.body)
        self._local.pop()

    def visit_alias(self, node):
        self._bind((node.asname or node.name).split(".")[0])

    def visit_Call(self, node):
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "checks"
            and func.attr not in NOT_A_CHECK
        ):
            self.checks = True
        self.generic_visit(node)

    def visit_FunctionDef(self, node):
        # what runs now: decorators, defaults; the body runs when the function is called
        for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
            if part is not None:
                self.visit(part)
        body = _Names()
        for statement in node.body:
            body.visit(statement)
        # its parameters and its own locals are not the globals of the same names
        self.bodies[node.name] = (
            _reached(body.uses, body.bodies) - _parameters(node.args) - body.binds
        )
        self.checks |= body.checks
        self._bind(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.generic_visit(node)  # a class body runs when it is defined
        self._bind(node.name)


def _parameters(arguments):
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return {a.arg for a in every}

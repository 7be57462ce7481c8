"""Run All on an exercise notebook: what is not written yet says so in one line.

Importing `lr_utils.checks` inside IPython (a Jupyter kernel) calls `install`, which sets,
once, IPython's custom display of two exceptions (``set_custom_exc``):

- nbgrader's stub, ``raise NotImplementedError()`` (no message) raised by the notebook's own
  code: one line naming the function not written yet, or saying that the exercise is not
  written yet when the stub stands at a cell's top level;
- a NameError for a name that an earlier cell failed to make: one line naming the name, the
  statement of that cell that should have made it, and why that cell failed.

To know the second, a ``post_run_cell`` hook records, after each cell that raised (any
exception), the names that cell assigns. Any other exception, and any NotImplementedError or
NameError not recognized, keeps IPython's own traceback, with the learner's source lines.
Nothing here runs outside IPython.
"""

import ast
import sys

from .checking import _, wrap

_ATTRIBUTE = "_lr_utils_unwritten"
_HANDLED = (NotImplementedError, NameError)


def install(shell=None):
    """Set the one-line display in IPython's shell (the running one by default), once.

    Returns True if it is set (now or earlier), False outside IPython or when another custom
    exception handler is set already (that one is left in place).
    """
    if shell is None:
        ipython = sys.modules.get("IPython")  # imported already in a kernel, never here
        shell = ipython.get_ipython() if ipython is not None else None
        if shell is None:
            return False
    if getattr(shell, _ATTRIBUTE, None) is not None:
        return True
    if shell.custom_exceptions:
        return False
    display = _Display(shell)
    shell.set_custom_exc(_HANDLED, display.handler)
    shell.events.register("post_run_cell", display.record)
    setattr(shell, _ATTRIBUTE, display)
    return True


def stub_site(error, namespace):
    """Where nbgrader's stub was raised: a function's name, "<module>" (a cell's top level),
    or None if error is not the stub raised by code whose globals are namespace."""
    if type(error) is not NotImplementedError or error.args:
        return None
    tb = error.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    return frame.f_code.co_name if frame.f_globals is namespace else None


def assignments(source):
    """{name: the statement that assigns it, shortened} for the top-level names of source.

    Names bound at the top level of a cell: assignments, for and with targets, def, class,
    import; not those local to a function, class body, lambda or comprehension.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    names = {}
    for statement in tree.body:
        text = None
        for name in _targets(statement):
            if name not in names:
                text = text or _summary(statement, source)
                names[name] = text
    return names


def _targets(node):
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield node.name
        return
    if isinstance(node, ast.Import | ast.ImportFrom):
        for alias in node.names:
            if alias.name != "*":
                yield alias.asname or alias.name.split(".")[0]
        return
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, ast.Store):
            yield node.id
        return
    if isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name
    if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
        return
    for child in ast.iter_child_nodes(node):
        yield from _targets(child)


def _summary(statement, source, limit=40):
    """A statement as a learner recognizes it, at most about limit characters: d = model(...)"""
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
        return f"def {statement.name}(...)"
    if isinstance(statement, ast.ClassDef):
        return f"class {statement.name}"
    lines = (ast.get_source_segment(source, statement) or "").split("\n")
    text = lines[0].strip()
    if (len(lines) > 1 or len(text) > limit) and "(" in text:
        text = text[: text.index("(") + 1] + "...)"
    elif len(lines) > 1:
        text += " ..."
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Display:
    """The custom exception display of one shell, and what it knows of failed cells."""

    def __init__(self, shell):
        self.shell = shell
        self.unmade = {}  # name -> (statement, reason): names a failed cell did not make

    def handler(self, shell, etype, value, tb, tb_offset=None):
        try:
            line = self.one_line(value)
        except Exception:  # never fail here: IPython would drop the display, and say so
            line = None
        if line is None:
            shell.showtraceback((etype, value, tb), tb_offset, running_compiled_code=True)
            return None
        sys.last_type, sys.last_value, sys.last_traceback = etype, value, tb  # for %debug
        shell._showtraceback(etype, value, [line])
        return [line]

    def one_line(self, error):
        """The line for error, or None if it is not one of the two recognized."""
        site = stub_site(error, self.shell.user_ns)
        if site is not None:
            return wrap(_render(_stub_reason(site), stub=True), "  ")
        if type(error) is NameError and error.name in self.unmade:
            if error.name in self.shell.user_ns:
                return None
            statement, reason = self.unmade[error.name]
            text = _('this cell needs {name}, which the cell "{statement}" did not make: {reason}')
            return wrap(
                text.format(name=error.name, statement=statement, reason=_render(reason)), "  "
            )
        return None

    def reason(self, error):
        """Why a cell failed, as (kind, argument), rendered in the current language later."""
        site = stub_site(error, self.shell.user_ns)
        if site is not None:
            return _stub_reason(site)
        if type(error) is NameError and error.name in self.unmade:
            return self.unmade[error.name][1]
        return ("error", type(error).__name__)

    def record(self, result):
        """post_run_cell: remember the names of a cell that raised; forget those of one that ran."""
        try:
            info = result.info
            source = getattr(info, "transformed_cell", None) or self.shell.transform_cell(
                info.raw_cell
            )
            error = result.error_before_exec or result.error_in_exec
            made = assignments(source)
            if error is None:
                for name in made:
                    self.unmade.pop(name, None)
                return
            reason = self.reason(error)
            for name, statement in made.items():
                self.unmade[name] = (statement, reason)
        except Exception:  # a hook that fails is reported after every cell: stay silent
            return


def _stub_reason(site):
    return ("exercise", None) if site == "<module>" else ("function", site)


def _render(reason, stub=False):
    kind, argument = reason
    if kind == "exercise":
        if stub:
            return _("this exercise is not written yet: write your code in this cell")
        return _("its exercise is not written yet")
    if kind == "function":
        if stub:
            return _("{function} is not written yet: write your code in its cell").format(
                function=argument
            )
        return _("{function} is not written yet").format(function=argument)
    return _("it stopped with {error}").format(error=argument)

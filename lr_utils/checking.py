"""How an exercise check runs: the learner's function called on copies, compared, reported.

`lr_utils.checks` says what each exercise is checked on; this module is the machinery they
share, kept apart so that each check reads as a list of cases and hints. A check makes a
`Run`, calls the learner's function through it on its own inputs (always copies, so that a
function that modifies its arguments is caught), compares what came back with the expected
value from `lr_utils`'s own implementation, and prints one line when everything passed.

Failures raise `CheckFailed` (an AssertionError) with the call tried, what came back, what
was expected and, for a recognized mistake, a hint; an exercise still holding nbgrader's stub
raises `NotWrittenYet`, one line. In IPython both show their message only, not the frames of
this module (`_render_traceback_`); an exception raised inside the learner's code is chained
and its traceback shown above the message.

Every message goes through gettext (domain ``lr_utils``): in English as written here, or in
the language `set_language` chooses, from the catalog lr_utils/locale/<language>/LC_MESSAGES/
lr_utils.po (compiled to lr_utils.mo, which is what is read). A message is marked ``_("...")``
where it is used, or ``N_("...")`` where it is defined and translated later; placeholders are
named, filled in with str.format after the translation.
"""

import contextlib
import copy
import gettext
import io
import math
import numbers
import re
import sys
import unicodedata
import warnings
from pathlib import Path

import numpy as np

WIDTH = 92  # columns of a message line: a JupyterLab output area at 1280 px shows about 100

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "lr_utils"
LANGUAGES = {"en": None, "zh-CN": "zh_CN"}  # the language tags set_language takes: catalogs
_translation = gettext.NullTranslations()
_language = "en"


def set_language(language):
    """Make the checks speak language: "zh-CN" (Simplified Chinese) or "en" (English).

    The Chinese editions of the notebooks call ``checks.set_language("zh-CN")`` right after
    importing the checks; the choice holds for the kernel until it is changed again.
    """
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(
            _('set_language takes "zh-CN" or "en", not {language}').format(
                language=safe_repr(language)
            )
        )
    code = LANGUAGES[language]
    if code is None:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    _language = language


def _(message):
    """message in the language the checks speak (see `set_language`)."""
    return _translation.gettext(message)


def N_(message):  # gettext's name for a message translated where it is used
    """message unchanged: marks a message defined here and translated with _ later."""
    return message


def ngettext(singular, plural, n):
    """singular or plural (or the language's own form for n) in the checks' language."""
    return _translation.ngettext(singular, plural, n)


# a one-line message, short enough for one line of output whatever the exercise's name
STUB = N_("{name} is not written yet: write your code in the cell above")


class CheckFailed(AssertionError):
    """A check found a difference: the call tried, what came back, what was expected, a hint.

    Attributes
    ----------
    name : str, the exercise checked
    call, got, expected, hint : str or None, the parts of the message
    """

    def __init__(self, name, call=None, got=None, expected=None, hint=None):
        self.name, self.call, self.got, self.expected, self.hint = name, call, got, expected, hint
        self.blamed = None  # an earlier function of the learner's that fails its own check
        # the first line is shown after "CheckFailed: ": wrapped with that in front
        prefix = f"{type(self).__name__}: "
        first = name if call is None else _("{name}: tried {call}").format(name=name, call=call)
        lines = [wrap(prefix + first, "    ")[len(prefix) :]]
        labels = [_("got:"), _("expected:"), _("hint:")]
        column = max(width(label) for label in labels)
        # a full-width colon (Chinese) brings its own space
        gap = "" if all(label.endswith("：") for label in labels) else " "  # noqa: RUF001
        for label, text in zip(labels, (got, expected, hint), strict=True):
            if text is not None:
                padding = " " * (column - width(label)) + gap
                indent = " " * (2 + column + len(gap))
                lines.append(wrap(f"  {label}{padding}{text}", indent))
        super().__init__("\n".join(lines))

    def _render_traceback_(self):
        # IPython shows this list instead of a traceback through the checks' own frames
        lines = _learner_traceback(self.__cause__) if self.__cause__ is not None else []
        return [*lines, f"{type(self).__name__}: {self}"]


class NotWrittenYet(CheckFailed):
    """The exercise still raises nbgrader's NotImplementedError stub, or its value is unset."""

    def __init__(self, message):
        super().__init__(message)


# Chinese text breaks between characters, but not before closing punctuation or after
# opening punctuation; a Latin word or a code token never breaks
_CLOSING = set("，。：；）」』、！？》】”")  # noqa: RUF001
_OPENING = set("（「『《【“")  # noqa: RUF001


def _wide(character):
    return unicodedata.east_asian_width(character) in "WF"


def width(text):
    """The columns text takes in a monospace font: a Chinese character takes two."""
    return sum(2 if _wide(c) else 1 for c in text)


_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff"
_SPACES_BETWEEN_IDEOGRAPHS = re.compile(f"(?<=[{_IDEOGRAPH}]) +(?=[{_IDEOGRAPH}])")
_IDEOGRAPH_THEN_LATIN = re.compile(f"(?<=[{_IDEOGRAPH}])(?=[A-Za-z0-9_`])")
_LATIN_THEN_IDEOGRAPH = re.compile(f"(?<=[A-Za-z0-9_`)\\]])(?=[{_IDEOGRAPH}])")


def tidy(text):
    """text with the spacing of Chinese typesetting, where the checks speak Chinese.

    A message put together from translated pieces may lack the space between a Chinese
    character and a Latin letter or a digit (输入为3 种), or hold one between two Chinese
    characters (行向量 的). Outside Chinese, text is returned as it is.
    """
    if _language == "en":
        return text
    text = _SPACES_BETWEEN_IDEOGRAPHS.sub("", text)
    text = _IDEOGRAPH_THEN_LATIN.sub(" ", text)
    return _LATIN_THEN_IDEOGRAPH.sub(" ", text)


def _pieces(line):
    """[spaces before, piece] for each piece of line that wrapping keeps whole."""
    pieces, spaces = [], ""
    for c in line:
        if c == " ":
            spaces += " "
            continue
        if pieces and not spaces:
            last = pieces[-1][1][-1]
            if c in _CLOSING or last in _OPENING or not (_wide(c) or _wide(last)):
                pieces[-1][1] += c
                continue
        pieces.append([spaces, c])
        spaces = ""
    return pieces


def wrap(text, indent):
    """text wrapped at WIDTH columns, continuation lines indented; its newlines kept.

    Breaks at spaces and between Chinese characters, never inside a word: JupyterLab
    breaks a line too long for the output area anywhere, even in the middle of a word.
    Chinese text gets its spacing first (`tidy`).
    """
    out = []
    for line in tidy(text).split("\n"):
        current = ""
        for spaces, piece in _pieces(line):
            if current.strip() and width(current) + len(spaces) + width(piece) > WIDTH:
                out.append(current)
                current = indent + piece
            else:
                current += spaces + piece
        out.append(current)
    return "\n".join(out)


def _learner_traceback(error):
    """The traceback of an exception raised in the learner's code, from the learner's frame."""
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_globals.get("__name__", "").startswith("lr_utils.check"):
        tb = tb.tb_next
    try:  # in a kernel, IPython is imported already; elsewhere it is not needed
        shell = sys.modules["IPython"].get_ipython()
        return shell.InteractiveTB.structured_traceback(type(error), error, tb)
    except Exception:  # not in IPython, or its API changed: the plain Python format
        import traceback

        return traceback.format_exception(type(error), error, tb)


def safe_repr(value):
    """repr(value), or what value is if its __repr__ raises."""
    try:
        return repr(value)
    except Exception as error:
        return _("<a {type} whose __repr__ raised {error}>").format(
            type=type(value).__name__, error=type(error).__name__
        )


def safe_str(value):
    """str(value), or what value is if its __str__ raises."""
    try:
        return str(value)
    except Exception as error:
        return _("<its message cannot be shown: __str__ raised {error}>").format(
            error=type(error).__name__
        )


def show(value, limit=24, _seen=frozenset()):
    """A short, copy-pasteable description of a value for a message.

    Safe for any value a learner's function may return: one whose __repr__ raises, a list
    that contains itself (shown [...], as Python does), a complex number.
    """
    try:
        return _show(value, limit, _seen)
    except Exception:  # an object that misbehaves under inspection: its type, at least
        return _("a {type}").format(type=type(value).__name__)


def _show(value, limit, seen):
    if isinstance(value, np.ndarray):
        if value.size <= limit and value.dtype.kind in "biufc":
            text = _nested(value.tolist())
            return text if value.dtype.kind == "f" else f"{text} (dtype {value.dtype})"
        return _("an array of shape {shape}, dtype {dtype}").format(
            shape=value.shape, dtype=value.dtype
        )
    if isinstance(value, bool | np.bool_):
        return repr(bool(value))
    if isinstance(value, np.integer):
        return repr(int(value))  # 255, not np.uint8(255)
    if isinstance(value, numbers.Real):
        return repr(float(value)) if isinstance(value, np.floating) else safe_repr(value)
    if isinstance(value, dict | list | tuple):
        if id(value) in seen or len(seen) > 8:
            return "{...}" if isinstance(value, dict) else "[...]"
        seen = seen | {id(value)}
    if isinstance(value, dict):
        items = (f"{safe_repr(k)}: {_show(v, limit, seen)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple) and len(value) <= 8:
        inner = ", ".join(_show(v, limit, seen) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' * (len(value) == 1)})"
    if isinstance(value, list | tuple):
        n = len(value)
        text = ngettext("a {type} of {n} item", "a {type} of {n} items", n)
        return text.format(type=type(value).__name__, n=n)
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    text = safe_repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _nested(x):
    # floats to 8 significant digits, still floats: [[1.0, 0.11920292]]
    if isinstance(x, list):
        return "[" + ", ".join(_nested(v) for v in x) + "]"
    return repr(float(f"{x:.8g}")) if isinstance(x, float) else repr(x)


def kind(value):
    """What a value is, in words: 'a number', 'an array of shape (2, 1)', 'None'..."""
    if value is None:
        return _("None")
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "c":
            if not value.ndim:
                return _("a 0-d complex array")
            return _("a complex array of shape {shape}").format(shape=value.shape)
        if not value.ndim:
            return _("a 0-d array")
        return _("an array of shape {shape}").format(shape=value.shape)
    if isinstance(value, bool | np.bool_):
        return _("the boolean {value}").format(value=bool(value))
    if isinstance(value, numbers.Real):
        return _("a number")
    if isinstance(value, numbers.Complex):
        return _("a complex number")
    return _("a {type}").format(type=type(value).__name__)


def is_number(value):
    """A real number: Python's or numpy's, or a 0-d array; not a bool, not a (1, 1) array."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, np.ndarray):
        return value.ndim == 0 and value.dtype.kind in "iuf"
    return isinstance(value, numbers.Real)


def close(got, expected, rtol, atol):
    """True if got has expected's shape and values (within rtol and atol).

    got must hold real numbers: complex numbers, even with no imaginary part, are not (and
    NumPy's ComplexWarning stays out of the learner's output); anything that cannot be read
    as numbers is not close.
    """
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            got = np.asarray(got)
            if got.dtype.kind not in "biuf":
                return False
            got = got.astype(np.float64)
            expected = np.asarray(expected, dtype=np.float64)
            return got.shape == expected.shape and bool(
                np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False)
            )
    except Exception:  # a ragged list, a list that contains itself, an object that raises
        return False


def _is_complex(value):
    """True for a complex number, or an array of them."""
    if isinstance(value, np.ndarray):
        return value.dtype.kind == "c"
    return isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real)


def _size(value):
    """np.size(value), or None for a value that cannot be read as an array."""
    try:
        return np.size(value)
    except Exception:
        return None


def _same(before, after):
    """True if a copied argument still equals the original (the call did not modify it)."""
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and before.dtype == after.dtype
            and bool(np.array_equal(before, after))
        )
    if isinstance(before, dict | list | tuple):
        if type(before) is not type(after) or len(before) != len(after):
            return False
        if isinstance(before, dict):
            return before.keys() == after.keys() and all(_same(before[k], after[k]) for k in before)
        return all(_same(b, a) for b, a in zip(before, after, strict=True))
    return before is after or before == after


def _stub_raised_in(error, function):
    """Where nbgrader's stub was hit: None (not a stub), "" (in function) or another name.

    The stub raises NotImplementedError() with no message; one with a message is an error.
    """
    if error.args:
        return None
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return "" if code is getattr(function, "__code__", None) else code.co_name


# numpy's np.vectorize runs a Python call per element, whatever the function it wraps
_PER_ELEMENT_CODE = {
    getattr(np.vectorize, name).__code__
    for name in ("_vectorize_call", "_vectorize_call_with_signature")
    if hasattr(getattr(np.vectorize, name, None), "__code__")
}


def traced_steps(function, args):
    """The Python-level work of one call: (steps, per_element).

    steps counts the events of sys.settrace (a function called, a line run, a return) in any
    Python code the call reaches: the learner's, lr_utils's, numpy's own Python code. A
    whole-array computation takes the same number of steps for any number of examples; a
    Python loop over the examples (for, while, a comprehension, map of a lambda,
    np.apply_along_axis) takes more steps for more examples. per_element is True if the
    call went through np.vectorize or np.frompyfunc, which call a Python function once per
    element even when that function is written in C (math.exp).
    """
    steps, per_element = 0, False

    def trace(frame, event, arg):
        nonlocal steps, per_element
        steps += 1
        if event == "call" and frame.f_code in _PER_ELEMENT_CODE:
            per_element = True
        return trace

    def profile(frame, event, arg):
        nonlocal per_element
        if event == "c_call" and arg is np.frompyfunc:
            per_element = True

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(trace)
    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return steps, per_element


# exceptions a learner's code raises for a recognizable reason
EXCEPTION_HINTS = [
    (
        TypeError,
        r"arrays? can be converted to Python scalars",
        N_(
            "the math module (math.exp, math.log) works on one number at a time; its numpy "
            "twins (np.exp, np.log) work on whole arrays, element by element"
        ),
    ),
    (
        IndexError,
        r"out of bounds for axis 0 with size 1",
        N_("Y, Z and A are (1, m) rows: example i of a row Y is Y[0, i], not Y[i]"),
    ),
    (
        ValueError,
        r"operands could not be broadcast together",
        N_("two shapes that do not fit: print the shape of each array in that line"),
    ),
]


class Run:
    """One check in progress: calls the learner's function and counts the cases that passed.

    Parameters
    ----------
    name : str, the exercise's name, as in the pass line and the messages
    function : the learner's function (None or ... if the exercise left it unset)
    params : str, the parameter names shown in a call, such as "w, b, X, Y"
    """

    current = None  # the Run in progress: what a check that fails unexpectedly reports

    def __init__(self, name, function=None, params=""):
        self.name, self.function, self.params = name, function, params
        Run.current = self
        self.passed = 0
        self.call_text = None
        self.printed = ""
        self.returned_none = False  # the last call returned None, as a function without return
        self.exception_hints = []  # (class, pattern, hint) for the next calls, before the usual
        if function is not None or params:
            if function is None or function is Ellipsis:
                raise NotWrittenYet(_(STUB).format(name=name))
            if not callable(function):
                raise CheckFailed(
                    name,
                    f"checks.{name}({name})",
                    _("{kind}, {value}").format(kind=kind(function), value=show(function)),
                    _("the function {name} itself").format(name=name),
                    _("pass the function, without parentheses: checks.{name}({name})").format(
                        name=name
                    ),
                )

    def call(self, case, **inputs):
        """Call the learner's function on copies of inputs (in order); return its result.

        case says which inputs these are ("the course's example"); the inputs are shown in
        any failure message. Raises NotWrittenYet for nbgrader's stub, CheckFailed (chained)
        for any other exception, and CheckFailed if the function modified an input.
        """
        fn = self.function_name()
        shown = "".join(wrap(f"\n    {k} = {show(v)}", " " * 8) for k, v in inputs.items())
        self.call_text = self.tried(case)
        if shown:
            self.call_text = _("{call}, with").format(call=self.call_text) + shown
        copies = copy.deepcopy(inputs)
        out = io.StringIO()
        error = None
        try:
            with contextlib.redirect_stdout(out):
                result = self.function(*copies.values())
        except KeyboardInterrupt:  # the learner stops the kernel: let it stop
            raise
        except BaseException as raised:  # SystemExit too: reported below, stdout restored
            error = raised
        self.printed = out.getvalue()
        if isinstance(error, NotImplementedError):
            where = _stub_raised_in(error, self.function)
            if where == "":
                raise NotWrittenYet(_(STUB).format(name=self.name)) from None
            if where is not None:
                text = _("{function} calls {callee}, which is not written yet")
                raise NotWrittenYet(text.format(function=fn, callee=where)) from None
        if error is not None:
            self._raised(error)
        self.returned_none = result is None
        for k, v in inputs.items():
            if not _same(v, copies[k]):
                self.fail(
                    _(
                        "{function} changed its argument {name}: after the call it is {value}"
                    ).format(function=fn, name=k, value=show(copies[k])),
                    _("{name} left as it was passed in, {value}").format(name=k, value=show(v)),
                    _(
                        "an in-place operation (x -= ..., x /= ..., x[...] = ...) changes the "
                        "caller's array: compute a new array instead (x = x - ...), or work on "
                        "a copy (x.copy())"
                    ),
                )
        return result

    def steps(self, case, **inputs):
        """The Python-level work of a call on copies of inputs: `traced_steps`'s pair.

        Reports an exception the call raises as `call` does.
        """
        self.call_text = self.tried(case)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                return traced_steps(self.function, copy.deepcopy(list(inputs.values())))
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            self._raised(error)

    def function_name(self):
        """The learner's function's name, or the exercise's for one without a name."""
        try:
            name = self.function.__name__
        except Exception:  # functools.partial, or an object whose attributes raise
            return self.name
        return name if isinstance(name, str) else self.name

    def tried(self, case):
        """The call tried, as a message shows it: sigmoid(z) on the course's example."""
        text = _("{function}({params}) on {case}")
        return text.format(function=self.function_name(), params=self.params, case=case)

    def _raised(self, error):
        message = safe_str(error)
        hint = None
        for cls, pattern, text in [*self.exception_hints, *EXCEPTION_HINTS]:
            if isinstance(error, cls) and re.search(pattern, message):
                hint = _(text)
                break
        self._show_printed()
        got = f"{type(error).__name__}: {message}".strip()
        got = _("{error} (its traceback is above)").format(error=got)
        if isinstance(error, SystemExit):
            got = _(
                "SystemExit: {code} (sys.exit(), exit() or quit() was called; its traceback "
                "is above)"
            ).format(code=message)
            hint = _(
                "sys.exit() (and exit(), quit()) ends the whole program; a function gives "
                "back its result with return"
            )
        raise CheckFailed(self.name, self.call_text, got, _("no error"), hint) from error

    def _show_printed(self):
        if self.printed.strip():
            tail = self.printed.rstrip("\n").split("\n")[-10:]
            heading = _("{name} printed:").format(name=self.name)
            sys.stdout.write(heading + "\n" + "\n".join(tail) + "\n")

    def fail(self, got, expected, hint=None):
        """Raise CheckFailed for the current call; show first what the function printed."""
        self._show_printed()
        raise CheckFailed(self.name, self.call_text, got, expected, hint)

    def ok(self):
        """One more check passed."""
        self.passed += 1

    def done(self):
        """Print the pass line, e.g. '✓ propagate: 6 checks passed'."""
        n = self.passed
        print(
            ngettext("✓ {name}: {n} check passed", "✓ {name}: {n} checks passed", n).format(
                name=self.name, n=n
            )
        )

    def mistake(self, got, mistakes, rtol=1e-6, atol=1e-9):
        """The hint of the first recognized mistake whose result got equals, or None.

        mistakes : list of (value, hint): value is what that mistake returns, or a function
            of no argument computing it (for values costly to compute)
        """
        for value, hint in mistakes:
            if close(got, value() if callable(value) else value, rtol, atol):
                return hint
        return None

    def _none_hint(self, got):
        # None is what a function without a return statement returns; a None inside what
        # came back is something else
        return _(_NONE_HINT) if got is None and self.returned_none else None

    def number(
        self, what, got, expected, mistakes=(), rtol=1e-6, atol=1e-9, wrapped=None, otherwise=None
    ):
        """Fail unless got is a number close to expected.

        wrapped : the hint for the right value inside an array, or a function of got giving
            it (default: a general one)
        otherwise : the hint for a wrong number that no mistake explains
        """
        if is_number(got) and math.isclose(float(got), expected, rel_tol=rtol, abs_tol=atol):
            return
        hint = self.mistake(got, mistakes, rtol, atol)
        a_number = _("a number, {value}").format(value=show(expected))
        if got is None:
            self.fail(_("{what} is None").format(what=what), a_number, self._none_hint(got))
        if not is_number(got):
            if hint is None and _size(got) == 1 and close(np.ravel(got), [expected], rtol, atol):
                hint = wrapped(got) if callable(wrapped) else wrapped
                hint = hint or _(
                    "the right value, inside {kind}: return a plain number (float(...) turns a "
                    "one-element array into one)"
                ).format(kind=kind(got))
            if _is_complex(got):
                a_number = _("a real number, {value}").format(value=show(expected))
            self.fail(self._is(what, got), a_number, hint)
        self.fail(f"{what} = {show(got)}", f"{what} = {show(expected)}", hint or otherwise)

    @staticmethod
    def _is(what, got):
        return _("{what} is {kind}, {value}").format(what=what, kind=kind(got), value=show(got))

    def array(self, what, got, expected, mistakes=(), shapes=(), rtol=1e-6, atol=1e-9):
        """Fail unless got is a numpy array of expected's shape and values.

        mistakes : list of (value, hint), as in `mistake`
        shapes : list of (shape, hint) for a wrong shape that a known mistake gives
        """
        if (
            isinstance(got, np.ndarray)
            and got.dtype.kind in "biuf"
            and close(got, expected, rtol, atol)
        ):
            return
        hint = self.mistake(got, mistakes, rtol, atol)
        a_numpy_array = _("a numpy array of shape {shape}").format(shape=expected.shape)
        if got is None:
            self.fail(_("{what} is None").format(what=what), a_numpy_array, self._none_hint(got))
        if not isinstance(got, np.ndarray):
            self.fail(self._is(what, got), a_numpy_array, hint)
        if got.shape != expected.shape:
            hint = hint or next((h for shape, h in shapes if got.shape == tuple(shape)), None)
            self.fail(
                _("{what} has shape {shape}").format(what=what, shape=got.shape),
                _("shape {shape}").format(shape=expected.shape),
                hint,
            )
        if got.dtype.kind not in "biuf":
            self.fail(
                _("{what} has dtype {dtype}").format(what=what, dtype=got.dtype),
                _("real numbers"),
                hint,
            )
        if got.size <= 24:
            self.fail(f"{what} = {show(got)}", f"{what} = {show(expected)}", hint)
        with np.errstate(all="ignore"):
            bad = ~np.isclose(got.astype(np.float64), expected, rtol=rtol, atol=atol)
        at = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f"{what}[{', '.join(map(str, at))}]"
        self.fail(
            _(
                "{count} of the {size} values of {what} differ; the first, {where}, is {value}"
            ).format(
                count=int(bad.sum()), size=got.size, what=what, where=where, value=show(got[at])
            ),
            f"{where} = {show(expected[at])}",
            hint,
        )


_NONE_HINT = N_("a function without a return statement returns None: end it with return ...")

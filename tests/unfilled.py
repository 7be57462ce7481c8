"""What Run All must show of an exercise notebook with nothing written yet.

One rule for both places that check it: a kernel's run of a small lesson's exercise edition
(tests/test_exercises.py) and the exercise notebooks run in JupyterLab (tests/test_browser.py).
"""

import re

# the stub the build puts in place of a solution, at the solution's indentation
STUB = re.compile(r"^([ \t]*)# YOUR CODE HERE\n\1raise NotImplementedError\(\)$", re.M)
# a call of a check (set_language only sets the language)
CHECK_CALL = re.compile(r"\bchecks\.(?!set_language\b)(\w+)\(")


def must_raise(sources):
    """{index: what it means if it did not} of the code cells, given their sources in order,
    that Run All must see raise: each stub outside a function (it runs), and the check of
    each exercise not written yet."""
    found, unwritten = {}, False
    for i, source in enumerate(sources):
        stubs = list(STUB.finditer(source))
        if stubs:
            unwritten = True
            if any(not stub[1] for stub in stubs):
                found[i] = "its stub, not in a function, did not raise"
        elif CHECK_CALL.search(source) and unwritten:
            found[i] = "the check of an unwritten exercise passed"
            unwritten = False
    return found

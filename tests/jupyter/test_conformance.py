"""The public Jupyter conformance suite (PyPI jupyter-kernel-test) against our kernel.

Every sample the installed suite (0.7.0) knows is filled in, so no test is skipped for
lack of one (`code_page_something` uses the IPython-style `name?` help, which answers
with a pager payload). The kernelspec comes from tests/conftest.py.
"""
from __future__ import annotations

import unittest

import jupyter_kernel_test


class GradbookKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "gradbook"
    language_name = "typescript"
    file_extension = ".ts"

    # test_execute_stdout / test_execute_stderr
    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    # test_completion: the preloaded API and the standard library are both visible.
    completion_samples = [
        {"text": "JSON.strin", "matches": {"stringify"}},
        {"text": "clearOu", "matches": {"clearOutput"}},
        {"text": "display.mark", "matches": {"markdown"}},
        {"text": "Math.ma"},
    ]

    # test_is_complete
    complete_code_samples = [
        "1 + 1",
        "const x = 1;",
        "function f(a: number): number {\n  return a * 2;\n}",
        "display.html('<b>hi</b>')",
    ]
    incomplete_code_samples = [
        "function f(a: number) {",
        "const xs = [1, 2,",
        "if (true) {\n  console.log(1);",
        "const s = `multi\nline",
    ]
    invalid_code_samples = [
        "1 +* 2",
        "const = 5;",
        "}",
    ]

    # test_inspect
    code_inspect_sample = "Math.max"
    code_page_something = "tensor?"

    # test_error: exactly one output, the error message
    code_generate_error = 'throw new Error("boom")'

    # test_execute_result (and test_history, which replays these)
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "const greeting: string = 'hi'; greeting + ' there'", "result": "'hi there'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ toHTML: () => '<b>rich</b>' })", "mime": "text/html", "result": "<b>rich</b>"},
    ]

    # test_display_data: one sample per display helper
    code_display_data = [
        {"code": 'display.html("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.markdown("# Title")', "mime": "text/markdown"},
        {"code": "display.svg('<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>')", "mime": "image/svg+xml"},
        {"code": 'display.png("iVBORw0KGgo=")', "mime": "image/png"},
        {"code": "display.json({ a: [1, 2] })", "mime": "application/json"},
        {"code": "display({ x: 1 })", "mime": "text/plain"},
        {"code": 'display({ "text/html": "<i>raw</i>" }, {}, { id: "raw" })', "mime": "text/html"},
        {"code": "progress(3).done()", "mime": "application/vnd.gradbook.progress.v1+json"},
    ]

    # test_history: matches exactly one of the code_execute_result samples
    code_history_pattern = "1 + ?"
    supported_history_operations = ("tail", "range", "search")

    # test_clear_output
    code_clear_output = 'console.log("soon gone"); clearOutput()'


if __name__ == "__main__":
    unittest.main()

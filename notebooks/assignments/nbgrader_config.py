# nbgrader configuration for the gradbook assignment templates (TypeScript, gradbook kernel).
# Run nbgrader from this folder and pick the course language with CourseDirectory.root:
#   nbgrader generate_assignment 01-tensors-autograd --CourseDirectory.root=ru
# (see "Assignments and grading" in the repository README for the whole round).
c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

# Solution regions (`// BEGIN SOLUTION` … `// END SOLUTION`) become this stub in the student's
# version: it type-checks in any function body, and running it fails the cell's checks.
c.ClearSolutions.code_stub = {
    "typescript": '// YOUR CODE HERE\nthrow new Error("not implemented yet / ещё не написано");',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE / ВАШ ОТВЕТ"
# `// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS` are removed from the student's version
# (nbgrader's defaults, matched anywhere in a line).
c.ClearSolutions.begin_solution_delimeter = "BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "END HIDDEN TESTS"

# Grading runs every notebook on the gradbook kernel (install it into the grader's
# environment: `npx gradbook install --sys-prefix`). A cell that runs longer than this
# (an endless loop) is interrupted and scores 0; the cells after it still run.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

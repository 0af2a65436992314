"""Query budgets stay exact, named and checked (STYLE.md, section Tests).

This test reads the source of every test module (`ast`) and fails on:
- a use of pytest-django's "at most N queries" fixture: a ceiling lets a page lose or gain a
  query unseen, and its comment soon counts queries that no longer exist;
- a `with django_assert_num_queries(...)` block without a comment on the line directly above
  it, the comment that names each query the number counts;
- such a block that requests a page through a test client (`client.get(...)`, `.post(...)`)
  without checking a status code inside it: a 404 or a redirect to the login page costs a few
  queries too, and would pass a budget that happens to match.
"""

import ast
from pathlib import Path

from django.conf import settings

TESTS = Path(settings.BASE_DIR) / "tests"
# Spelt in two pieces so that this file does not itself contain the name it forbids.
CEILING = "django_assert_max" + "_num_queries"
EXACT = "django_assert_num_queries"
REQUESTS = {"get", "post", "put", "patch", "delete", "head", "options"}


def is_budget(item):
    """True for the context expression `django_assert_num_queries(...)`."""
    call = item.context_expr
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == EXACT


def is_test_client(node):
    """True for `client`, `feed_client`, ... and `login(user)` (tests/conftest.py)."""
    if isinstance(node, ast.Name):
        return node.id.endswith("client")
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "login"
    )


def requests_a_page(node):
    """True if the block calls a test client's request method (`client.get(url)`)."""
    return any(
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in REQUESTS
        and is_test_client(call.func.value)
        for call in ast.walk(node)
    )


def checks_a_status_code(node):
    """True if the block asserts something about a `status_code`."""
    for statement in ast.walk(node):
        if isinstance(statement, ast.Assert):
            for part in ast.walk(statement.test):
                if isinstance(part, ast.Attribute) and part.attr == "status_code":
                    return True
    return False


def budget_problems(source, name="<test>"):
    """What is wrong with the query budgets of one test module's source, one line per problem;
    and the number of exact budgets found."""
    lines = source.splitlines()
    problems = [
        f"{name}:{number}: {CEILING} (make it exact: {EXACT})"
        for number, line in enumerate(lines, start=1)
        if CEILING in line
    ]
    budgets = 0
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.With) or not any(is_budget(item) for item in node.items):
            continue
        budgets += 1
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        if not above.startswith("#"):
            problems.append(f"{name}:{node.lineno}: no comment directly above naming the queries")
        if requests_a_page(node) and not checks_a_status_code(node):
            problems.append(f"{name}:{node.lineno}: requests a page without checking its status")
    return problems, budgets


def test_every_query_budget_in_the_tests_is_exact_named_and_checked():
    problems, budgets = [], 0
    for path in sorted(TESTS.rglob("*.py")):
        found, count = budget_problems(path.read_text(), str(path.relative_to(TESTS.parent)))
        problems += found
        budgets += count
    assert problems == []
    # The scan sees the budgets it guards: 78 blocks when this test was written.
    assert budgets > 50


GOOD = """
def test_a(client, django_assert_num_queries):
    # 2: session, user.
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200
    # 0: nothing asked of the database.
    with django_assert_num_queries(0):
        compute()
"""


def test_a_commented_exact_budget_that_checks_the_status_passes():
    assert budget_problems(GOOD) == ([], 2)


def test_a_ceiling_is_refused_wherever_it_is_named():
    source = f"""
def test_a(client, {CEILING}):
    # 9 at most.
    with {CEILING}(9):
        assert client.get("/").status_code == 200
"""
    problems, budgets = budget_problems(source)
    assert [problem.split(": ", 1)[0] for problem in problems] == ["<test>:2", "<test>:4"]
    assert budgets == 0


def test_a_budget_without_a_comment_directly_above_is_refused():
    source = """
def test_a(client, django_assert_num_queries):
    # 2: session, user.

    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200
    client = other_client()
    with django_assert_num_queries(2) as context, open("x"):
        assert client.get("/").status_code == 200
"""
    problems, budgets = budget_problems(source)
    assert problems == [
        "<test>:5: no comment directly above naming the queries",
        "<test>:8: no comment directly above naming the queries",
    ]
    assert budgets == 2


def test_a_page_requested_without_checking_its_status_is_refused():
    source = """
def test_a(client, login, django_assert_num_queries):
    # 2: session, user.
    with django_assert_num_queries(2):
        client.get("/")
    # 2: session, user (a status checked after the block is too late: the count passed).
    with django_assert_num_queries(2):
        response = client.post("/", {})
    assert response.status_code == 200
    # 2: session, user.
    with django_assert_num_queries(2):
        assert client.get("/").content
    # 2: session, user.
    with django_assert_num_queries(2):
        login(user).get("/")
"""
    problems, _budgets = budget_problems(source)
    assert problems == [
        "<test>:4: requests a page without checking its status",
        "<test>:7: requests a page without checking its status",
        "<test>:11: requests a page without checking its status",
        "<test>:14: requests a page without checking its status",
    ]

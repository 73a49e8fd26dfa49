"""Templates are sandboxed and bounded: a hostile or runaway template is one line (exit 2), its
output is capped, the limits are lifted after rendering, and fuzzed templates never crash.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import MINIMAL
from tests.helpers import FUZZ_EXAMPLES, invoke, outcome


def render_with(runner: CliRunner, folder: Path, template: str) -> Result:
    folder.mkdir(exist_ok=True)
    (folder / "page.md").write_text(template, encoding="utf-8")
    return invoke(runner, "render", "--format", "md", "--templates", str(folder), str(MINIMAL))


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
            "1:1: template not allowed: access to attribute '__init__' of 'type' object is unsafe.",
        ),
        (
            "{{ plan.__class__.__mro__ }}",
            "1:1: template not allowed: access to attribute '__class__' of 'Values' object "
            "is unsafe.",
        ),
        (
            "line one\n{{ 'x' * 10**10 }}",
            "2:1: template went past a limit: text of 10,000,000,000 characters (at most "
            "10,000,000)",
        ),
        (
            "{{ [0] * 10**7 }}",
            "1:1: template went past a limit: a list of 10,000,000 items (at most 1,000,000)",
        ),
        (
            "{% set n = 10**1000 %}\n{{ n ** n }}",
            "2:1: template went past a limit: a number of about "
            f"{(10**1000).bit_length() * 10**1000:,} bits (at most 100,000)",
        ),
        (
            "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n\n{{ down(1) }}",
            "1:1: template calls itself without end (recursion too deep)",
        ),
        (
            '{% extends "page.md" %}',
            "1:1: template calls itself without end (recursion too deep)",
        ),
        (
            "\n{{ 'x' | center(10**12) }}",
            "2:1: template used too much memory",
        ),
        ("{{ 1 / 0 }}", "1:1: template error: ZeroDivisionError: division by zero"),
        ("{{ nothing }}", "1:1: template error: 'nothing' is undefined"),
    ],
    ids=[
        "popen",
        "dunder",
        "huge-text",
        "huge-list",
        "huge-number",
        "recursive-macro",
        "extends-itself",
        "memory",
        "error",
        "undefined",
    ],
)
def test_a_hostile_template_is_one_line(
    runner: CliRunner, tmp_path: Path, template: str, message: str
) -> None:
    result = render_with(runner, tmp_path / "t", template)
    assert outcome(result) == (2, "", f"planctl: {tmp_path / 't' / 'page.md'}:{message}\n")


def test_a_runaway_loop_stops_at_the_time_limit(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.outputs.documents import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.2)
    loop = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    result = render_with(runner, tmp_path / "t", "\n" + loop)
    assert outcome(result) == (
        2,
        "",
        f"planctl: {tmp_path / 't' / 'page.md'}:2:1: template went past a limit: "
        "still running after 0.2 s\n",
    )


def test_output_is_capped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planctl.outputs.documents import sandbox

    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 1000)
    result = render_with(runner, tmp_path / "t", "\n\n{% for a in range(2000) %}x{% endfor %}")
    assert outcome(result) == (
        2,
        "",
        f"planctl: {tmp_path / 't' / 'page.md'}:3:1: template went past a limit: "
        "more than 1,000 characters of output\n",
    )


def test_limits_are_lifted_after_rendering(runner: CliRunner, tmp_path: Path) -> None:
    import resource
    import signal

    before = resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)
    render_with(runner, tmp_path / "t", "{{ 'x' | center(10**12) }}")
    assert (resource.getrlimit(resource.RLIMIT_AS), signal.getsignal(signal.SIGALRM)) == before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


FRAGMENTS = [
    *("{{ plan.title }}", "{{ plan }}", "{{ tables }}", "{{ plan.units[0].name | md }}"),
    *("{{ cycler.__init__ }}", "{{ plan.__class__ }}", "{{ ''.__class__.__mro__ }}"),
    *("{{ range(10**6) }}", "{{ 'x' * 10**8 }}", "{{ 9 ** 9 ** 9 }}", "{{ [1] * 10**7 }}"),
    *("{{ 'x' | center(10**10) }}", "{{ lipsum(10**4) | length }}", "{{ 1 / 0 }}"),
    *("{{ undefined_name }}", "{{ plan.parts[99] }}", "{{ plan.model_dump() | length }}"),
    *(
        "{% for t in tables %}{{ t.section }}{% endfor %}",
        "{% for a in range(3) %}",
        "{% endfor %}",
    ),
    *("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", '{% extends "page.md" %}'),
    *('{% include "page.md" %}', '{% extends "default:page.md" %}', "{% if %}", "{{", "}}"),
    *("{% set ns = namespace(s='ab') %}", "{{ notes(tables[0]) }}", "{{ month_marks(plan) }}"),
    *("{{ '%s' % plan }}", "{{ '{0.__class__}'.format(plan) }}", "{{ plan.units.pop() }}"),
    *("text", "\n", "{# c #}", "{% raw %}", "{% endraw %}", "é臺", "\x1b[2J"),
]


def test_fuzz_templates_never_crash(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from planctl.outputs.documents import sandbox

    runner = CliRunner()
    folder = tmp_path / "t"
    folder.mkdir()

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(st.sampled_from(FRAGMENTS), max_size=6), st.sampled_from(["md", "html"]))
    def run(pieces: list[str], fmt: str) -> None:
        (folder / f"page.{fmt}").write_text("".join(pieces), encoding="utf-8")
        result = invoke(runner, "render", "--format", fmt, "--templates", str(folder), str(MINIMAL))
        assert result.exit_code in (0, 2), result.output
        if result.exit_code == 2:
            assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr

    limit = sandbox.TIME_LIMIT
    sandbox.TIME_LIMIT = 2.0
    try:
        run()
    finally:
        sandbox.TIME_LIMIT = limit

"""Each shared option is declared once (planctl.cli.options): wherever it appears it has the
same form, metavar, type and shell completion (issue 25, item 2)."""

from __future__ import annotations

import click
import pytest
from click.shell_completion import ShellComplete

from planctl.cli import cli

SHARED = ("--month", "--as-of", "--date", "--by", "--section", "--unit", "--output", "--bom")


def declarations(name: str) -> dict[str, click.Parameter]:
    """The option `name` of every command that has it, by command."""
    found = {}
    for command_name, command in cli.commands.items():
        for param in command.params:
            if name in param.opts:
                found[command_name] = param
    return found


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_option_has_one_form_everywhere(name: str) -> None:
    found = declarations(name)
    assert len(found) >= 2, f"{name} is not shared"
    forms = {
        (tuple(p.opts), p.metavar, type(p.type).__name__, p.name)
        for command, p in found.items()
        if command != "import"  # its -o keeps the help it had (PATH, files only)
    }
    assert len(forms) == 1, forms


@pytest.mark.usefixtures("in_repo")
@pytest.mark.parametrize("command", sorted(declarations("--month")))
def test_every_month_option_completes(command: str) -> None:
    complete = ShellComplete(cli, {}, "planctl", "_PLANCTL_COMPLETE")
    args = [command, "reg-1.1"] if command in ("done", "report") else [command]
    values = [item.value for item in complete.get_completions([*args, "--month"], "")]
    assert "1" in values and "12" in values, values

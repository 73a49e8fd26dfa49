"""planctl's command line: each command parses its options, calls one core function, and
presents what it returns.

Start-up is part of the product: this package imports only click and the standard library,
each command's module is imported when that command is asked for (`COMMANDS`), and each
command imports what it needs when it runs. Every PlanctlError raised below becomes
one line on stderr and its exit code; PLANCTL_DEBUG=1 shows the traceback instead.

Where things are: `options` declares every shared option once; `present` prints (the console,
progress on stderr, the output file); one module per family of commands registers them below.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, MutableMapping
from importlib import import_module

import click

from planctl import __version__
from planctl.errors import EXIT_USAGE, PlanctlError, visible

EXIT_INTERNAL = 3
REPORT_URL = "the IT desk (include the output of PLANCTL_DEBUG=1 planctl …)"


def debugging() -> bool:
    return os.environ.get("PLANCTL_DEBUG", "") not in ("", "0")


class PlanctlGroup(click.Group):
    """Turns every error into one line and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanctlError as error:
            _print_rejected(error)
            if debugging():
                raise
            click.echo(f"planctl: {error.one_line()}", err=True)
            ctx.exit(error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("planctl: interrupted", err=True)
            ctx.exit(EXIT_USAGE)
        except BrokenPipeError:
            # The reader (`| head`) went away: not an error of ours.
            _drop_stdout()
            sys.stderr.close()
            ctx.exit(0)
        except OSError as error:
            # The system refused: a full disk under stdout, a file gone mid-run, no processes left.
            if debugging():
                raise
            _drop_stdout()
            click.echo(f"planctl: {os_failure(error)}", err=True)
            ctx.exit(EXIT_USAGE)
        except MemoryError:
            if debugging():
                raise
            click.echo("planctl: out of memory", err=True)
            ctx.exit(EXIT_USAGE)
        except Exception as error:
            if debugging():
                raise
            click.echo(f"planctl: internal error: {type(error).__name__}: {error}", err=True)
            click.echo(f"planctl: this is a bug; please report it to {REPORT_URL}", err=True)
            ctx.exit(EXIT_INTERNAL)


def _print_rejected(error: PlanctlError) -> None:
    """A plan refused for its errors: its errors first, as `planctl check` prints them, and
    its warnings counted (planctl.cli.present.print_rejected)."""
    findings = getattr(error, "findings", None)
    if findings:
        from planctl.cli.present import print_rejected

        print_rejected(findings, getattr(error, "plan", ""))


def os_failure(error: OSError) -> str:
    """An OSError in one line: the file it names, what the system said, and its errno name."""
    import errno

    where = f"{visible(os.fsdecode(error.filename))}: " if error.filename else ""
    name = errno.errorcode.get(error.errno or 0)
    return f"{where}{error.strerror or error}" + (f" ({name})" if name else "")


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered for a closed pipe or a full
    disk does not fail again when Python flushes it at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real stream (a test runner's): nothing to flush at exit


@click.group(cls=PlanctlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="planctl")
def cli() -> None:
    """Keep an office's annual service-quality plan (提升服務品質實施計畫) as YAML, and
    answer questions about it.

    PATHS are plan files or folders of them; without PATHS, every plans/*.yaml under the
    current folder.

    \b
    Examples:
      planctl check                  validate plans/*.yaml
      planctl due --month 3          what is scheduled for March
      planctl explain PC301          what a check code means and how to fix it
      planctl help due               the same as planctl due --help
      planctl duties --unit 登記課    what a unit is responsible for
      planctl status --month 3       what is behind, what reports are missing
    """


COMMANDS = {
    **dict.fromkeys(("check", "explain", "help"), "check"),
    **dict.fromkeys(("due", "duties", "status"), "answers"),
    **dict.fromkeys(("render", "diff", "new", "export", "schema"), "documents"),
    **dict.fromkeys(("done", "report", "review"), "progress"),
    "import": "importing",
    **dict.fromkeys(("serve", "user"), "web"),
}
"""Each command's name and the module of this package that defines it, as a function of the
command's name (or of the name in FUNCTIONS)."""
FUNCTIONS = {"import": "import_", "help": "help_command"}
"""The commands whose function is not named as the command (a keyword, a builtin's name)."""


class _Commands(MutableMapping[str, click.Command]):
    """planctl's commands by name, each imported from its module the first time it is asked
    for: `planctl due` loads `answers` and what it imports, not the modules of the other
    commands (a few ms of every start; `planctl --help` and `cli.commands` still list all)."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = dict(modules)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module = import_module(f"planctl.cli.{self._modules[name]}")
            self._loaded[name] = getattr(module, FUNCTIONS.get(name, name))
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._modules.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._modules[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


cli.commands = _Commands(COMMANDS)


def main() -> None:
    """Console-script entry point."""
    # A run builds a plan's hundreds of thousands of small dicts, lists and tuples and frees
    # them by reference counting; the cycle collector would only rescan them over and over
    # (a third of the time of a 20,000-task plan). A short-lived process has no cycles to fear.
    gc.disable()
    # planctl uses no pydantic plugins; without this, pydantic scans every installed
    # package's entry points when the first model is built (about 40 ms of each start).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        cli(prog_name="planctl")
    except KeyboardInterrupt:
        sys.exit(EXIT_USAGE)
    finally:
        # The answer is written. Interpreter shutdown still runs one full collection, which
        # would walk every object the run made (pydantic's classes, a plan's containers) only
        # to find no cycles; frozen, they are left to the process's end. Nothing is skipped:
        # atexit handlers (the worker pool's among them) still run, and stdout and stderr are
        # flushed as always; files are written and closed in `with` blocks before this.
        gc.freeze()

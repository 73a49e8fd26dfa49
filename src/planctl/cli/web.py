"""The web desk from the command line: `planctl serve` starts it, `planctl user` manages
its accounts. Flask and waitress are imported only when `serve` runs, werkzeug's hashing only
when a password is set: the CLI's start-up never loads the web stack."""

from __future__ import annotations

import inspect
import ipaddress
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import click

from planctl.cli.options import ISO_DATE, F, plan_paths
from planctl.cli.present import load_plans, say
from planctl.errors import UsageError

ROLE_CHOICE = click.Choice(("reporter", "reviewer", "viewer"))


def _home(paths: tuple[str, ...]) -> Path:
    """The repository folder of the plans PATHS names (where the accounts file is)."""
    from planctl.plan.load import discover
    from planctl.web.accounts import desk_home

    return desk_home(discover(paths))


def _password() -> str:
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group(short_help="Manage the web desk's accounts.")
def user() -> None:
    """Manage the accounts of the web desk (`planctl serve`): kept in `.planctl-users`
    beside plans/ and progress/, passwords only as salted slow hashes, mode 0600.

    \b
    Examples:
      planctl user add clerk1 --unit 戶籍登記課
      planctl user add yankao --unit 研考 --role reviewer
      planctl user list
    """


@user.command("add", short_help="Add an account (the password is asked twice).")
@click.argument("name")
@plan_paths
@click.option("--unit", "units", multiple=True, help="A unit the account reports for (repeat).")
@click.option(
    "--role", type=ROLE_CHOICE, default="reporter", show_default=True, help="What it may do."
)
def user_add(name: str, paths: tuple[str, ...], units: tuple[str, ...], role: str) -> None:
    """Add an account: a reporter reports for its units' tasks, a reviewer (研考) reviews
    every unit, a viewer reads. Units are checked against the plans' units.

    \b
    Examples:
      planctl user add clerk1 --unit 戶籍登記課
      planctl user add yankao --unit 研考 --role reviewer
    """
    from planctl.web.accounts import add_account, new_account, registered_units

    plans = [checked.plan for checked in load_plans(paths)]
    known = registered_units(plans, units)
    add_account(_home(paths), new_account(name, role, known, _password()))
    say(f"added {name} ({role}{': ' + '、'.join(known) if known else ''})")


@user.command("list", short_help="List the accounts.")
@plan_paths
def user_list(paths: tuple[str, ...]) -> None:
    """List the accounts: name, role and units (never a password or its hash).

    \b
    Example:
      planctl user list
    """
    from planctl.web.accounts import read_accounts

    for account in read_accounts(_home(paths)).values():
        click.echo(f"{account.name}\t{account.role}\t{'、'.join(account.units)}")


def account_command(command: str, short_help: str) -> Callable[[F], click.Command]:
    """A `planctl user` command on one account: NAME and the plans' PATHS (the repository
    that keeps the accounts file); its help is the docstring and the example every such
    command ends with, `planctl user COMMAND clerk1`."""

    def decorate(function: F) -> click.Command:
        example = f"\n\n\b\nExample:\n  planctl user {command} clerk1"
        text = inspect.cleandoc(function.__doc__ or "") + example
        declare = user.command(command, short_help=short_help, help=text)
        return declare(click.argument("name")(plan_paths(function)))

    return decorate


@account_command("remove", short_help="Remove an account.")
def user_remove(name: str, paths: tuple[str, ...]) -> None:
    """Remove an account; its sessions end at their next request."""
    from planctl.web.accounts import remove_account

    remove_account(_home(paths), name)
    say(f"removed {name}")


@account_command("passwd", short_help="Set an account's password.")
def user_passwd(name: str, paths: tuple[str, ...]) -> None:
    """Set an account's password (asked twice); its other sessions end."""
    from planctl.web.accounts import set_password

    set_password(_home(paths), name, _password())
    say(f"password of {name} changed")


def loopback(host: str) -> bool:
    """Is `host` reachable from this machine only?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command(short_help="Start the web desk (units report, 研考 reviews).")
@plan_paths
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="The port."
)
@click.option("--commit", is_flag=True, help="Commit each save to git, the user as its author.")
@click.option(
    "--date",
    "-d",
    "day",
    type=ISO_DATE,
    help="The day the desk takes as today (to try it on a past year's plan). Default: today.",
)
def serve(paths: tuple[str, ...], host: str, port: int, commit: bool, day: datetime | None) -> None:
    """Start the web desk on waitress: each unit reports its tasks in a browser, 研考 reviews,
    everyone sees the 燈號; every save goes to the same ledger, through the same checks and
    lock, as `planctl report`.

    Listens on this machine only (127.0.0.1) by default; another --host is refused until
    an account exists (`planctl user add`).

    \b
    Examples:
      planctl serve
      planctl serve --host 0.0.0.0 --port 8080 --commit
    """
    from planctl.web.accounts import read_accounts

    load_plans(paths)  # a plan with errors stops here, as for every command
    home = _home(paths)
    if not loopback(host) and not read_accounts(home):
        raise UsageError(
            f"refused to listen on {host}: other machines could reach the desk and there is "
            "no account yet",
            hint="add one first: planctl user add NAME --unit UNIT",
        )
    import waitress

    from planctl.web.app import create_app

    app = create_app(paths, commit=commit, today=day.date() if day else None)
    say(f"serving http://{host}:{port}/ (Ctrl-C to stop)")
    waitress.serve(app, host=host, port=port, threads=8, ident="planctl")

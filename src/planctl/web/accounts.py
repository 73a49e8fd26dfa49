"""The web desk's accounts: who may log in, with which role and for which units.

They live in one file beside the repository's plans (`.planctl-users`, next to `plans/` and
`progress/`; no `.yaml` suffix, so that no search for plans ever takes it for one), managed by
`planctl user`. A password is kept only as a salted slow hash (werkzeug's scrypt); the file is
written atomically with mode 0600, under a lock, so two `planctl user` runs never lose one
another's change.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from planctl.errors import PlanctlError, UsageError, visible
from planctl.files.locking import locked
from planctl.files.writing import write_atomic
from planctl.plan.characters import refuse_characters
from planctl.plan.model import Plan
from planctl.plan.reading import read_text
from planctl.plan.source import parse
from planctl.plan.units import UnitIndex

ACCOUNTS_FILE = ".planctl-users"
# bandit B105 accepted: the name of the file the session key is kept in, not a key.
SECRET_FILE = ".planctl-secret"  # nosec B105
PRIVATE = 0o600
ROLES = ("reporter", "reviewer", "viewer")
"""A reporter reports for its units' tasks, a reviewer (研考) reviews every unit, a viewer reads."""
ROLE_LABELS = {"reporter": "填報", "reviewer": "研考審核", "viewer": "檢視"}
MIN_PASSWORD = 8
_NAME = re.compile(r"[\w.-]{1,64}")


@dataclass(frozen=True)
class Account:
    """One login: its name, role, units (registered names) and password hash."""

    name: str
    role: str
    units: tuple[str, ...]
    password: str

    @property
    def stamp(self) -> str:
        """A short digest of the hash, kept in the session: a new password logs out every
        session of the old one."""
        return hashlib.sha256(self.password.encode()).hexdigest()[:16]

    def reports_for(self, unit: str) -> bool:
        return self.role != "viewer" and unit in self.units

    @property
    def reviews(self) -> bool:
        return self.role == "reviewer"


def desk_home(plan_files: Sequence[Path]) -> Path:
    """The folder the desk keeps its files in: the repository's, above `plans/` (where
    `progress/` is too)."""
    return plan_files[0].parent.parent


def hash_password(password: str) -> str:
    """A salted slow hash of the password (scrypt); refused when it is too short."""
    from werkzeug.security import generate_password_hash

    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is shorter than {MIN_PASSWORD} characters")
    return generate_password_hash(password)


def password_matches(account: Account, password: str) -> bool:
    from werkzeug.security import check_password_hash

    return check_password_hash(account.password, password)


def read_accounts(home: Path) -> dict[str, Account]:
    """The accounts by name; none when the file is not there yet."""
    path = home / ACCOUNTS_FILE
    if not path.exists():
        return {}
    try:
        data = parse(read_text(path), str(path)).data
    except (PlanctlError, RecursionError) as error:
        raise UsageError(f"{visible(str(path))}: not an accounts file ({error})") from None
    listed = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        raise UsageError(f"{visible(str(path))}: not an accounts file (no `accounts:` list)")
    return {account.name: account for account in map(_account, listed)}


def _account(value: object) -> Account:
    if not isinstance(value, dict) or not all(k in value for k in ("name", "role", "password")):
        raise UsageError(f"{ACCOUNTS_FILE}: an account without name, role and password")
    units = value.get("units") or []
    return Account(
        str(value["name"]), str(value["role"]), tuple(map(str, units)), str(value["password"])
    )


def _text(accounts: dict[str, Account]) -> str:
    listed = [
        {"name": a.name, "role": a.role, "units": list(a.units), "password": a.password}
        for a in sorted(accounts.values(), key=lambda a: a.name)
    ]
    head = "# planctl's web desk accounts (planctl user add|list|remove|passwd): hashes only\n"
    return head + yaml.safe_dump({"accounts": listed}, allow_unicode=True, sort_keys=False)


def change_accounts(home: Path, change: Callable[[dict[str, Account]], dict[str, Account]]) -> None:
    """Read, change and write the accounts file under its lock (mode 0600, atomically)."""
    path = home / ACCOUNTS_FILE
    with locked(path):
        accounts = change(read_accounts(home))
        write_atomic(path, _text(accounts).encode("utf-8"), mode=PRIVATE)


def new_account(name: str, role: str, units: Sequence[str], password: str) -> Account:
    """An account as `planctl user add` makes it: a name a git author and a URL can carry,
    a reporter with at least one unit."""
    refuse_characters(name, "NAME")
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"account name {name!r}: use 1-64 letters, digits, '.', '-' or '_'",
        )
    if role == "reporter" and not units:
        raise UsageError("a reporter reports for a unit: give --unit")
    return Account(name, role, tuple(units), hash_password(password))


def add_account(home: Path, account: Account) -> None:
    def add(accounts: dict[str, Account]) -> dict[str, Account]:
        if account.name in accounts:
            raise UsageError(f"account {account.name!r} exists", hint="planctl user passwd NAME")
        return {**accounts, account.name: account}

    change_accounts(home, add)


def remove_account(home: Path, name: str) -> None:
    def remove(accounts: dict[str, Account]) -> dict[str, Account]:
        _existing(accounts, name)
        return {key: value for key, value in accounts.items() if key != name}

    change_accounts(home, remove)


def set_password(home: Path, name: str, password: str) -> None:
    hashed = hash_password(password)

    def passwd(accounts: dict[str, Account]) -> dict[str, Account]:
        return {**accounts, name: replace(_existing(accounts, name), password=hashed)}

    change_accounts(home, passwd)


def _existing(accounts: dict[str, Account], name: str) -> Account:
    if name not in accounts:
        raise UsageError(f"no account {name!r}", hint="planctl user list")
    return accounts[name]


def registered_units(plans: Sequence[Plan], units: Sequence[str]) -> tuple[str, ...]:
    """The units as the plans' registries name them (an alias becomes its name); a unit no
    plan knows is refused, naming the known ones."""
    indexes = [UnitIndex.of(plan) for plan in plans]
    found: list[str] = []
    for unit in units:
        names = [hit.name for index in indexes if (hit := index.find(unit))]
        if not names:
            known = sorted({name for index in indexes for name in index.names()})
            raise UsageError(f"unknown unit 「{unit}」", hint="known: " + "、".join(known))
        found.append(names[0])
    return tuple(dict.fromkeys(found))


def secret_key(home: Path) -> bytes:
    """The key that signs the desk's session cookies: created on the first start (random,
    mode 0600, never replacing one another start wrote at the same moment), read after."""
    import secrets

    path = home / SECRET_FILE
    if not path.exists():
        try:
            write_atomic(path, secrets.token_hex(32).encode(), mode=PRIVATE, replace=False)
        except UsageError:
            if not path.exists():
                raise
    key = path.read_bytes().strip()
    if len(key) < 32:
        raise UsageError(f"{visible(str(path))}: too short for a key; delete it to make a new one")
    return key

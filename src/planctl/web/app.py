"""The web desk as a WSGI application (Flask), served by waitress (`planctl serve`).

What the app holds is the `Desk`: the plan files it was started on, their folder, the day it
takes as today and whether saves are committed. Every page loads the plans through the same
check pipeline (and cache) as the CLI and every save goes through the ledger writer of
`planctl report` and `review` (repository/ledger.py, its lock): no second validation path,
no second writer. Nothing from a URL reaches the file system: plans are addressed by their
place in the loaded list, units by their registered names, tasks and entries by id.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import Flask, Response, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect

from planctl.errors import PlanctlError, visible
from planctl.plan.load import discover
from planctl.web.accounts import desk_home, secret_key

MAX_BODY = 64 * 1024
"""A report is a few hundred characters: a larger request body is refused (413)."""
FREE_FAILURES = 3
"""Failed logins allowed per account and address before each next try waits."""
LONGEST_WAIT = 300.0
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""No script runs on the desk's pages, no page is framed, nothing is cached."""


class Throttle:
    """Failed logins per (account, address): after FREE_FAILURES, each next try waits twice
    as long as the last (1 s, 2 s, 4 s … LONGEST_WAIT), so guessing a password from one
    address, or one account's from many, takes years."""

    def __init__(self) -> None:
        self._failures: dict[tuple[str, str], tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: tuple[str, str]) -> float:
        """Seconds before this account may try again from this address."""
        with self._lock:
            _, until = self._failures.get(key, (0, 0.0))
        return max(0.0, until - time.monotonic())

    def failed(self, key: tuple[str, str]) -> None:
        with self._lock:
            count, _ = self._failures.get(key, (0, 0.0))
            count += 1
            pause = (
                0.0
                if count <= FREE_FAILURES
                else min(2.0 ** (count - 1 - FREE_FAILURES), LONGEST_WAIT)
            )
            self._failures[key] = (count, time.monotonic() + pause)

    def passed(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._failures.pop(key, None)


@dataclass
class Desk:
    """What the app was started with."""

    files: tuple[Path, ...]
    home: Path
    commit: bool = False
    day: date | None = None
    throttle: Throttle = field(default_factory=Throttle)
    git_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(map(str, self.files))

    def today(self) -> date:
        return self.day or date.today()


def create_app(paths: Sequence[str], commit: bool = False, today: date | None = None) -> Flask:
    """The desk over the plans PATHS names (see `discover`)."""
    from planctl.web.views import desk as pages

    files = tuple(discover(paths))
    home = desk_home(files)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key(home),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="planctl_session",
        MAX_CONTENT_LENGTH=MAX_BODY,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
    )
    CSRFProtect(app)
    app.extensions["planctl"] = Desk(files, home, commit, today)
    app.register_blueprint(pages)
    app.after_request(_headers)
    for code in (400, 403, 404, 405, 413, 429):
        app.register_error_handler(code, _refused)
    app.register_error_handler(CSRFError, _no_token)
    app.register_error_handler(PlanctlError, _broken)
    return app


def _headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


REFUSALS = {
    400: "請求有誤",
    403: "您的帳號沒有這項權限",
    404: "找不到這個頁面",
    405: "不接受這種請求",
    413: "送出的資料太大",
    429: "請稍後再試",
}


def _refused(error: Exception) -> tuple[str, int]:
    code = int(getattr(error, "code", 400) or 400)
    return render_template("refused.html", message=REFUSALS.get(code, "請求有誤"), code=code), code


def _no_token(error: CSRFError) -> tuple[str, int]:
    message = "表單已過期或缺少驗證碼（CSRF），請重新整理頁面後再送出"
    return render_template("refused.html", message=message, code=400), 400


def _broken(error: PlanctlError) -> tuple[str, int]:
    """A plan or ledger that fails its checks (edited by hand meanwhile): the page says
    what `planctl check` would, and nothing is written."""
    message = f"計畫檔或管考紀錄有誤，請通知研考或資訊人員執行 planctl check：{error.one_line()}"
    return render_template("refused.html", message=visible(message), code=503), 503

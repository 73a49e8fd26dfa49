"""The web desk (issue 20): server time of the 總覽 and a unit's page for the bundled plan
(warm, median of 20; target ≤ 50 ms each), and 100 report saves through waitress from 10
clients at once (the rate, and that no entry is lost).

    python bench/web.py

Runs in a scratch copy of the repository's plan; nothing of the repository is written.
"""

from __future__ import annotations

import http.client
import logging
import math
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import waitress
import yaml

from planctl.queries.status import progress
from planctl.repository.check import load_checked
from planctl.web.accounts import add_account, new_account
from planctl.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2015, 12, 20)
PASSWORD = "bench password"
SAVES, CLIENTS, REPEATS = 100, 10, 20


def reports(plan_file: Path) -> list[tuple[str, str, int, str]]:
    """(unit, task, month, percent) for SAVES reports, each exactly on plan: valid in any
    order they land."""
    plan = load_checked(plan_file).plan
    found = []
    for task in progress(plan, None, 12, TODAY).tasks:
        months = task.task.month_numbers
        for number, month in enumerate(months, 1):
            share = math.ceil(10000 * number / len(months)) / 100  # rounded up: never behind
            found.append((task.units[0], task.task.id, month, f"{share:g}"))
    return found[:SAVES]


def token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found[1]


class Client:
    """One logged-in user over HTTP."""

    def __init__(self, port: int) -> None:
        self.port, self.cookie = port, ""
        self.csrf = token(self.call("GET", "/login")[1])
        self.call("POST", "/login", {"name": "all", "password": PASSWORD})
        self.csrf = token(self.call("GET", "/p/0/")[1])

    def call(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        headers = {"Cookie": self.cookie}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrf_token": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, urllib.parse.quote(path, safe="/?=&"), body, headers)
        answer = connection.getresponse()
        if cookie := answer.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        text = answer.read().decode()
        connection.close()
        return answer.status, text


def page_times(app: object, pages: dict[str, str]) -> dict[str, float]:
    """Median milliseconds of each page, in the app (no network), after one warm-up."""
    client = app.test_client()  # type: ignore[attr-defined]
    csrf = token(client.get("/login").text)
    client.post("/login", data={"name": "all", "password": PASSWORD, "csrf_token": csrf})
    times = {}
    for name, path in pages.items():
        assert client.get(path).status_code == 200
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            client.get(path)
            runs.append((time.perf_counter() - start) * 1000)
        times[name] = statistics.median(runs)
    return times


PAGES = {"總覽": "/p/0/?month=12", "戶籍登記課": "/p/0/unit/戶籍登記課/"}
"""The pages of issue 24's target (≤ 50 ms each warm): the dashboard and a unit's page."""


def office(folder: Path) -> tuple[object, list[tuple[str, str, int, str]]]:
    """The desk on a copy of the bundled plan in `folder`, with one account for every unit,
    and the reports to save."""
    (folder / "plans").mkdir()
    plan_file = folder / "plans" / "2015.yaml"
    shutil.copy(ROOT / "plans" / "2015.yaml", plan_file)
    asked = reports(plan_file)
    units = sorted({unit for unit, *_ in asked})
    add_account(folder, new_account("all", "reporter", units, PASSWORD))
    return create_app([str(plan_file)], today=TODAY), asked


def run(bench: object, inputs: object) -> None:
    """Rows w of bench/run.py: each page's warm server time beside its target."""
    print("(w) the web desk's pages", file=sys.stderr)
    folder = Path(tempfile.mkdtemp(prefix="planctl-bench-web-"))
    try:
        app, _ = office(folder)
        for name, ms in page_times(app, PAGES).items():
            row = (f"w. {name} page, warm server time", f"{ms:.1f} ms", "", "≤ 50 ms")
            bench.rows.append((*row, "pass" if ms <= 50 else "MISS"))  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="planctl-bench-web-"))
    try:
        app, asked = office(folder)
        times = page_times(app, PAGES)
        for name, ms in times.items():
            verdict = "ok" if ms <= 50 else "OVER"
            print(f"{name} page, warm median of {REPEATS}: {ms:.1f} ms (target ≤ 50 ms: {verdict})")
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 2"
        server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        client = Client(int(server.effective_port))

        def save(report: tuple[str, str, int, str]) -> int:
            unit, task, month, percent = report
            form = {"status": "辦理中", "percent": percent, "text": f"{task} {month}月"}
            return client.call("POST", f"/p/0/unit/{unit}/task/{task}?month={month}", form)[0]

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            statuses = list(pool.map(save, asked))
        elapsed = time.perf_counter() - start
        server.close()
        ledger = yaml.safe_load((folder / "progress" / "2015.yaml").read_text(encoding="utf-8"))
        landed = {(entry["task"], entry["month"]) for entry in ledger["entries"]}
        lost = {(task, month) for _, task, month, _ in asked} - landed
        print(
            f"{len(asked)} saves from {CLIENTS} clients: {elapsed:.1f} s, "
            f"{len(asked) / elapsed:.1f} saves/s; answered {sorted(set(statuses))}; "
            f"{len(landed)} entries in the ledger, {len(lost)} lost"
        )
        return 0 if not lost and set(statuses) == {302} else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

"""The API and the dashboard as `intervention up` serves them: the dev server, embedded PostgreSQL,
a worker and the API in one process, started once for this folder's tests.

Tokens come from both sources a deployment uses (INTERVENTION_API_TOKENS and the file), and
the local user's from the data directory, as a person would find it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from domain.calendar import add_working_days, london_date
from tests.ports import free_port

INTERVENTION = str(Path(sys.executable).parent / "intervention")
ENV_TOKENS = {
    "viewer": ("viewer-token-" + uuid.uuid4().hex, "A Viewer"),
    "improvement_team": ("team-token-" + uuid.uuid4().hex, "An Officer"),
}
FILE_TOKENS = {"manager": ("manager-token-" + uuid.uuid4().hex, "A Manager")}


@dataclass(frozen=True)
class Stack:
    url: str
    env: dict[str, str]
    data_dir: Path
    tokens: dict[str, str]  # by role; "admin" is the local user's

    def client(self, role: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def log(self) -> str:
        """What `up` printed, and the libraries' lines it kept in its log file."""
        library_log = self.data_dir / "intervention.log"
        kept = library_log.read_text() if library_log.exists() else ""
        return (self.data_dir / "up.log").read_text() + kept


def stack_env(data_dir: Path, **variables: str) -> dict[str, str]:
    """The environment of an `intervention up` of its own: its data, its ports, these too."""
    env = {
        **os.environ,
        "INTERVENTION_DATA_DIR": str(data_dir),
        "INTERVENTION_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
        "INTERVENTION_WEB_UI_PORT": str(free_port()),
        "INTERVENTION_API_PORT": str(free_port()),
        "INTERVENTION_USER": "Local User",
        "INTERVENTION_METRICS_ADDRESS": f"127.0.0.1:{free_port()}",
        "COLUMNS": "200",
        **variables,
    }
    env.pop("DATABASE_URL", None)
    return env


@contextmanager
def running_stack(data_dir: Path, env: dict[str, str], tokens: dict[str, str]) -> Iterator[Stack]:
    """`intervention up` with this environment until the block ends; it must stop cleanly."""
    log_path = data_dir / "up.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [INTERVENTION, "up"], env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        deadline = time.monotonic() + 90
        while "Ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("intervention up did not start:\n" + log_path.read_text())
            time.sleep(0.25)
        tokens = {**tokens, "admin": (data_dir / "api-token").read_text().strip()}
        url = f"http://127.0.0.1:{env['INTERVENTION_API_PORT']}"
        try:
            yield Stack(url, env, data_dir, tokens)
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=60)
    output = log_path.read_text()
    assert code == 0, output
    assert "Stopped." in output


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("api-stack")
    tokens_file = data_dir / "tokens.yaml"
    tokens_file.write_text(
        "\n".join(
            f"- {{token: {token}, name: {name}, role: {role}, dfe: true}}"
            for role, (token, name) in FILE_TOKENS.items()
        )
    )
    env = stack_env(
        data_dir,
        INTERVENTION_API_TOKENS=json.dumps(
            [
                {"token": token, "name": name, "role": role, "dfe": True}
                for role, (token, name) in ENV_TOKENS.items()
            ]
        ),
        INTERVENTION_API_TOKENS_FILE=str(tokens_file),
    )
    tokens = {role: token for role, (token, _) in {**ENV_TOKENS, **FILE_TOKENS}.items()}
    with running_stack(data_dir, env, tokens) as running:
        yield running


def today() -> date:
    return london_date(datetime.now(UTC))


def unique_authority(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:8]} Council"


def opening(authority: str, published: date | None = None) -> dict[str, Any]:
    """A request body for an intervention whose judgement was published `published` (by
    default four weeks ago, so its deadlines are live)."""
    published = published or add_working_days(today(), -20)
    return {
        "authority": authority,
        "inspection": {
            "started_on": (published - timedelta(days=45)).isoformat(),
            "ended_on": (published - timedelta(days=35)).isoformat(),
            "published_on": published.isoformat(),
        },
    }


def portfolio_size(stack: Stack) -> int:
    with stack.client("viewer") as client:
        response = client.get("/api/interventions")
    assert response.status_code == 200, response.text
    body = response.json()
    return len(body["interventions"] if isinstance(body, dict) else body)


def open_intervention(stack: Stack, prefix: str, published: date | None = None) -> str:
    with stack.client("improvement_team") as client:
        response = client.post(
            "/api/interventions", json=opening(unique_authority(prefix), published)
        )
    assert response.status_code == 201, response.text
    return str(response.json()["intervention_id"])


PLAN_HEADER = "priority,priority_title,addresses,action,title,owner,theme,phase,review_on,rag\n"


def plan_csv(*rows: str) -> str:
    return PLAN_HEADER + "".join(f"{row}\n" for row in rows)


def good_plan() -> str:
    due = add_working_days(today(), 30).isoformat()
    later = add_working_days(today(), 60).isoformat()
    return plan_csv(
        f"P1,Practice,R1;R2,A1.1,Audit open plans,Head of Safeguarding,Practice,immediate,"
        f"{due},amber",
        f"P1,,,A1.2,Supervision standards,Principal Social Worker,Practice,3 months,{later},green",
        f"P2,Leadership,R3,A2.1,Recruit a permanent director,Chief Executive,Leadership,"
        f"immediate,{due},red",
    )


def import_plan(
    stack: Stack, role: str, intervention_id: str, text: str | bytes, **params: str
) -> httpx.Response:
    with stack.client(role) as client:
        return client.post(
            f"/api/interventions/{intervention_id}/plan/import",
            content=text,
            params=params,
            headers={"Content-Type": "text/csv"},
        )


CHROMIUM = Path("/usr/bin/chromium")
# No first-run chores, no updates, no calls home: the machine has no internet to spare.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, one per test module."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context; a policy violation logged by the page fails the test, since it
    means something of ours was blocked."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, blocked


def sign_in_with(page: Page, stack: Stack, role: str) -> None:
    page.goto(stack.url + "/login")
    page.get_by_label("Access token").fill(stack.tokens[role])
    page.keyboard.press("Enter")
    page.wait_for_url(stack.url + "/")

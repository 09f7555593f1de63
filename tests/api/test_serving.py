"""Serving the API: on its own with `python -m api`, and the configuration it refuses."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.auth import (
    TokenBook,
    TokenConfigError,
    configured_entries,
    local_token,
    parse_entries,
)
from api.server import ServeError, bind_socket
from application.settings import Settings
from tests.api.conftest import Stack, open_intervention
from tests.ports import free_port

PYTHON = sys.executable


def test_python_m_api_serves_on_its_own(stack: Stack, tmp_path: Path) -> None:
    port = free_port()
    env = {**stack.env, "INTERVENTION_API_PORT": str(port)}
    log = (tmp_path / "api.log").open("w")
    process = subprocess.Popen([PYTHON, "-m", "api"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, (tmp_path / "api.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "api.log").read_text()
            time.sleep(0.2)
        headers = {"Authorization": f"Bearer {stack.tokens['manager']}"}
        # The same record as the stack's own API: the same PostgreSQL and Temporal server.
        ours = httpx.get(f"{url}/api/interventions", headers=headers).json()
        theirs = httpx.get(f"{stack.url}/api/interventions", headers=headers).json()
        assert ours == theirs
        # Only configured tokens: the local user's belongs to `intervention up`.
        local = {"Authorization": f"Bearer {stack.tokens['admin']}"}
        assert httpx.get(f"{url}/api/me", headers=local).status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        log.close()
    assert code == 0, (tmp_path / "api.log").read_text()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "no API tokens and no identity providers: set INTERVENTION_OIDC_PROVIDERS"),
        (
            {"INTERVENTION_API_TOKENS": "[{token: short, name: X, role: admin, dfe: true}]"},
            "at least 16",
        ),
        ({"INTERVENTION_API_PORT": "80000"}, "INTERVENTION_API_PORT='80000'"),
    ],
)
def test_python_m_api_refuses_a_bad_configuration(
    variables: dict[str, str], message: str, tmp_path: Path
) -> None:
    env = {"PATH": "/usr/bin:/bin", "INTERVENTION_DATA_DIR": str(tmp_path), **variables}
    result = subprocess.run(
        [PYTHON, "-m", "api"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_token_errors_name_the_source_and_never_quote_a_token() -> None:
    secret = "s3cret"
    with pytest.raises(TokenConfigError) as error:
        parse_entries(f"[{{token: {secret}, name: A Person, role: admin, dfe: true}}]", "SOURCE")
    assert str(error.value).startswith("SOURCE: 0.token:")
    assert secret not in str(error.value)
    with pytest.raises(TokenConfigError, match="'system' is the engine's own role"):
        parse_entries("[{token: 0123456789abcdef, name: Robot, role: system, dfe: true}]", "SOURCE")
    with pytest.raises(TokenConfigError, match="SOURCE: not YAML or JSON"):
        parse_entries("[{token: ", "SOURCE")
    entries = parse_entries(
        "[{token: 0123456789abcdef, name: One, role: viewer, dfe: true},"
        " {token: 0123456789abcdef, name: Two, role: admin, dfe: true}]",
        "SOURCE",
    )
    with pytest.raises(TokenConfigError, match="the same token is given to 'One' and 'Two'"):
        TokenBook(entries)


def test_a_missing_tokens_file_is_named(tmp_path: Path) -> None:
    settings = Settings(api_tokens_file=tmp_path / "tokens.yaml")
    with pytest.raises(TokenConfigError) as error:
        configured_entries(settings)
    assert str(error.value) == (
        f"INTERVENTION_API_TOKENS_FILE={tmp_path / 'tokens.yaml'}: No such file or directory"
    )


def test_the_local_token_is_kept_for_its_owner_only(tmp_path: Path) -> None:
    token = local_token(tmp_path)
    assert len(token) >= 40
    assert local_token(tmp_path) == token
    assert (tmp_path / "api-token").stat().st_mode & 0o777 == 0o600


def test_a_port_in_use_is_named_with_its_setting() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ServeError, match=f"127.0.0.1:{port}.*INTERVENTION_API_PORT"):
            bind_socket("127.0.0.1", port)


def test_up_serves_the_worker_s_metrics_when_asked(stack: Stack) -> None:
    address = stack.env["INTERVENTION_METRICS_ADDRESS"]
    assert f"Worker metrics: http://{address}/metrics" in stack.log()
    open_intervention(stack, "Metered")

    metrics = httpx.get(f"http://{address}/metrics", timeout=10).text

    opened = re.search(
        r'^intervention_events_appended\{[^}]*event_type="InterventionOpened"[^}]*\} (\d+)$',
        metrics,
        re.MULTILINE,
    )
    assert opened, metrics[:2000]
    assert int(opened[1]) >= 1

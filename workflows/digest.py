"""The weekly digest's workflow: started by the Temporal Schedule every Monday morning (London),
it sends each director their digest through one activity."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from activities.models import DigestInput, DigestResult
    from domain.calendar import london_date

# A mail server that is down on Monday morning is tried for the rest of the day; a digest that
# arrives on Tuesday is no use.
DIGEST_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=30),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=30),
)
DIGEST_DEADLINE = timedelta(hours=10)


@workflow.defn(name="WeeklyDigestWorkflow")
class WeeklyDigestWorkflow:
    @workflow.run
    async def run(self) -> DigestResult:
        # The day it runs in London, not in UTC: 07:30 on a Monday in summer is 06:30 UTC.
        as_of = london_date(workflow.now())
        result: DigestResult = await workflow.execute_activity(
            "send_weekly_digest",
            DigestInput(as_of=as_of),
            result_type=DigestResult,
            start_to_close_timeout=timedelta(minutes=5),
            schedule_to_close_timeout=DIGEST_DEADLINE,
            retry_policy=DIGEST_RETRY,
        )
        return result

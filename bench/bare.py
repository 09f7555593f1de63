"""The lifecycle baseline: a bare Temporal workflow with the intervention's shape and nothing
else. It runs one activity when it starts and one per Update, and stays open, as an
intervention does; no rules, no event store, no timers."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel
from temporalio import activity, workflow


class BareInput(BaseModel):
    name: str


class BareStep(BaseModel):
    milestone: str


class BareResult(BaseModel):
    steps: int


@activity.defn(name="bare_step")
async def bare_step(step: BareStep) -> BareResult:
    return BareResult(steps=1)


@workflow.defn(name="BareWorkflow")
class BareWorkflow:
    def __init__(self) -> None:
        self._opened = False
        self._steps = 0

    @workflow.run
    async def run(self, input: BareInput) -> BareResult:
        await workflow.execute_activity(
            bare_step, BareStep(milestone="open"), start_to_close_timeout=timedelta(seconds=30)
        )
        self._opened = True
        await workflow.wait_condition(lambda: False)  # open until terminated, like a case
        return BareResult(steps=self._steps)

    @workflow.update
    async def record(self, step: BareStep) -> BareResult:
        await workflow.wait_condition(lambda: self._opened)
        await workflow.execute_activity(
            bare_step, step, start_to_close_timeout=timedelta(seconds=30)
        )
        self._steps += 1
        return BareResult(steps=self._steps)

"""Temporal failures, said the way a person needs to read them."""

from __future__ import annotations

from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError


def update_failure(error: WorkflowUpdateFailedError) -> str:
    """The domain's own message for a rejected Update, without the SDK's wrapping."""
    cause = error.cause
    if isinstance(cause, ApplicationError):
        return cause.message
    return str(cause or error)

"""Logging: structlog JSON lines on stderr by default, readable lines for a person at a terminal.

stdout is kept for a command's own output (tables, `--json`), so logs never corrupt it. Lines
from standard-library loggers (the Temporal SDK's, `workflow.logger`, `activity.logger`) go
through the same processors as structlog's, so every line has the same shape.

Quiet by default: our own lines are structlog's; the standard-library loggers are the libraries'
(embedded PostgreSQL's initdb and pg_ctl, uvicorn, WeasyPrint, ...). Given a `library_log`, their
informational lines go to that file and only their warnings to stderr; `verbose` shows them all
on stderr too. A line written
inside a workflow or an activity names its workflow_id, run_id and intervention_id; with tracing
on, a line written inside a traced activity also names the trace_id and span_id.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import structlog
from temporalio import activity, workflow
from temporalio.runtime import Runtime

from application.telemetry import core_runtime

# The workflow whose id is an intervention's id: its lines name the intervention too.
INTERVENTION_WORKFLOW = "InterventionWorkflow"
# Fields a standard-library logger may pass as `extra` and see as fields of their own: the
# workflow's security events (who, for which organisation, through what).
EXTRA_FIELDS = ("person", "organisation", "surface")

EventDict = MutableMapping[str, Any]

_handlers: list[logging.Handler] = []


def configure_logging(
    level: str = "INFO",
    fmt: str = "json",
    *,
    core_logs: bool = True,
    metrics_address: str | None = None,
    library_log: Path | None = None,
    verbose: bool = False,
) -> None:
    """Set up logging and the Temporal core runtime.

    `core_logs=False` silences the Temporal core (Rust) entirely, for short-lived commands whose
    stdout must hold only their own output; `metrics_address` is where a worker process serves
    Prometheus metrics. Both belong to the one runtime a process may have, made here.
    """
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        add_temporal_ids,
        *_trace_processors(),
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )

    def formatter(render: structlog.types.Processor) -> logging.Formatter:
        return structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[
                structlog.stdlib.add_logger_name,
                structlog.stdlib.ExtraAdder(allow=EXTRA_FIELDS),
                *shared,
            ],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                render,
            ],
        )

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(renderer))
    handlers: list[logging.Handler] = [handler]
    if library_log is not None:
        file = _file_handler(library_log)
        if file is not None:
            file.setFormatter(formatter(structlog.processors.JSONRenderer()))
            handlers.append(file)
            if not verbose:
                handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    for old in _handlers:
        root.removeHandler(old)
        old.close()
    for new in handlers:
        root.addHandler(new)
    root.setLevel(level)
    _handlers[:] = handlers
    # The SDK's own chatter stays at warnings whatever the level asked for.
    sdk_level = max(logging.getLevelName(level), logging.WARNING)
    logging.getLogger("temporalio").setLevel(sdk_level)
    # The ids travel as fields (add_temporal_ids); the SDK would also append them to the text.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False
    Runtime.set_default(
        core_runtime(core_logs=core_logs, metrics_address=metrics_address),
        error_if_already_set=False,
    )


def _file_handler(path: Path) -> logging.Handler | None:
    """Appends to `path`; None, and the lines stay on stderr, when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        print(f"warning: cannot write {path} ({error}); library logs stay here", file=sys.stderr)
        return None


def add_temporal_ids(_: object, __: str, event_dict: EventDict) -> EventDict:
    """Name the workflow (and so the intervention) a line was written for."""
    record = event_dict.get("_record")
    details = getattr(record, "temporal_workflow", None) or getattr(
        record, "temporal_activity", None
    )
    if details is None and activity.in_activity():
        info = activity.info()
        details = {
            "workflow_id": info.workflow_id,
            "workflow_run_id": info.workflow_run_id,
            "workflow_type": info.workflow_type,
            "activity_type": info.activity_type,
        }
    if details:
        workflow_id = details.get("workflow_id")
        event_dict.setdefault("workflow_id", workflow_id)
        event_dict.setdefault("run_id", details.get("run_id") or details.get("workflow_run_id"))
        if "activity_type" in details:
            event_dict.setdefault("activity", details["activity_type"])
        if details.get("workflow_type") == INTERVENTION_WORKFLOW:
            event_dict.setdefault("intervention_id", workflow_id)
    return event_dict


def _trace_processors() -> list[structlog.types.Processor]:
    try:
        from opentelemetry import trace
    except ImportError:  # tracing is an optional extra
        return []

    def add_trace_ids(_: object, __: str, event_dict: EventDict) -> EventDict:
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            event_dict.setdefault("trace_id", format(context.trace_id, "032x"))
            event_dict.setdefault("span_id", format(context.span_id, "016x"))
        return event_dict

    return [add_trace_ids]

"""Bringing in an intervention already under way from the dashboard: the scenario file the
command line and the API take, uploaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from api.auth import may_record
from api.backend import Services
from api.dashboard import SignedIn, page
from api.errors import ApiError, translate
from api.session import Session, form_token_matches
from application.interventions import ImportStepError, InterventionExistsError, import_intervention
from application.scenario import ScenarioError, parse_scenario
from application.text_files import NotTextError, decoded
from domain.access import NotYourAuthorityError

router = APIRouter(include_in_schema=False)
MAX_UPLOAD_BYTES = 1_000_000


def _form(request: Request, session: Session, *errors: str, status: int = 200) -> Response:
    """The upload form; with `errors`, each in the summary at the top, and the first beside
    the file (a file read with several mistakes has them all listed)."""
    beside = None
    if errors:
        more = len(errors) - 1
        beside = errors[0] + (f" (and {more} more, listed above)" if more else "")
    context: dict[str, object] = {
        "session": session,
        "errors": [{"text": error, "href": "#history"} for error in errors],
        "error": beside,
        "cannot_record": may_record(session.person),
    }
    return page(request, "import.html", context, status=status)


@router.get("/import")
async def import_form(request: Request, session: SignedIn) -> Response:
    return _form(request, session)


@router.post("/import")
async def import_upload(request: Request, services: Services, session: SignedIn) -> Response:
    form = await request.form()
    if not form_token_matches(session, str(form.get("csrf", ""))):
        raise ApiError(403, "forbidden", "this form has expired or came from another site")
    reason = may_record(session.person)
    if reason is not None:
        raise ApiError(403, "forbidden", reason)
    upload = form.get("history")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _form(request, session, "Choose the scenario file to bring in", status=422)
    raw = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        return _form(request, session, f"The file is over {MAX_UPLOAD_BYTES:,} bytes", status=413)
    try:
        scenario = parse_scenario(decoded(raw, upload.filename), upload.filename)
        if any(step.plan_import for step in scenario.steps):
            raise ScenarioError(
                f"{upload.filename}: a step's plan_import names a file, which an upload cannot "
                "carry; give the plan's changes in the step"
            )
        view = await import_intervention(
            services.client, services.store, scenario, services.task_queue, person=session.person
        )
    except NotTextError as error:
        return _form(request, session, str(error), status=422)
    except ScenarioError as error:
        return _form(request, session, *error.problems, status=422)
    except (ImportStepError, InterventionExistsError, NotYourAuthorityError) as error:
        failure = translate(error)
        assert failure is not None
        return _form(request, session, failure.detail.message, status=failure.status)
    return RedirectResponse(
        f"/interventions/{view.intervention_id}?imported={len(scenario.steps)}", status_code=303
    )

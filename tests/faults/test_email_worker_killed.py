"""SIGKILL the worker while it is handing a batch of e-mails to the mail server: one message
taken, the next caught in flight. A new worker retries the batch and sends only what is left:
each (deadline, rung, recipient) arrives once, through a real SMTP server with STARTTLS and a
login, from `python -m workers` configured as an operator would."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from datetime import date

from domain.commands import OpenIntervention
from domain.values import Actor, Contact, Inspection, Role
from tests.faults.stack import FaultStack
from tests.receivers import MailServer
from workflows.intervention import InterventionWorkflow
from workflows.models import InterventionInput

TEAM = Actor(name="An Officer", role=Role.IMPROVEMENT_TEAM)
FIRST, SECOND = "dana@council.example", "deputy@council.example"


async def test_a_worker_killed_mid_batch_sends_each_email_once(stack: FaultStack) -> None:
    task_queue = f"mail-killed-{uuid.uuid4().hex[:8]}"
    with MailServer() as mail:
        mail.hold_once.add(SECOND)
        env = stack.worker_env(
            None,
            task_queue,
            INTERVENTION_NOTIFIER="email",
            INTERVENTION_SMTP_HOST="127.0.0.1",
            INTERVENTION_SMTP_PORT=str(mail.port),
            INTERVENTION_SMTP_USERNAME=mail.USER,
            INTERVENTION_SMTP_PASSWORD=mail.PASSWORD,
            INTERVENTION_MAIL_FROM="Engine <engine@engine.example>",
            # The worker trusts the test's CA as it would a council's own.
            SSL_CERT_FILE=mail.ca_file.name,
        )
        first = await stack.worker("mail-killed-first", env).started()
        # Opened today for a judgement of 2023: the whole ladder is owed at once.
        opening = OpenIntervention(
            authority=f"Mail Killed Council {task_queue[-8:]}",
            inspection=Inspection(ended_on=date(2023, 1, 20), published_on=date(2023, 3, 7)),
            contacts={
                "director": [
                    Contact(name="Dana Director", email=FIRST),
                    Contact(name="Deputy Director", email=SECOND),
                ]
            },
            actor=TEAM,
        )
        await stack.client.start_workflow(
            InterventionWorkflow.run,
            InterventionInput(open=opening),
            id=opening.intervention_id,
            task_queue=task_queue,
        )
        for _ in range(600):
            if mail.holding.is_set():
                break
            await asyncio.sleep(0.05)
        assert mail.holding.is_set(), "no e-mail reached the second director"
        taken_before_kill = len(mail.received)
        assert [str(m["To"]) for m in mail.received] == [f"Dana Director <{FIRST}>"]
        first.kill()
        mail.release.set()

        await stack.worker("mail-killed-second", env).started()
        killed_at = time.monotonic()
        # The activity's attempt on the killed worker times out (30 s), then the retry runs.
        deadline = killed_at + 120
        while not any(SECOND in str(m["To"]) for m in mail.received):
            assert time.monotonic() < deadline, "the retry never sent the held e-mail"
            await asyncio.sleep(0.25)
        await asyncio.sleep(2)  # anything sent twice would arrive now

    sent = Counter((str(m["To"]), str(m["Subject"])) for m in mail.received)
    assert sent, "nothing was sent"
    assert max(sent.values()) == 1, sent
    subjects = {subject for _, subject in sent}
    for subject in subjects:
        assert (f"Dana Director <{FIRST}>", subject) in sent
        assert (f"Deputy Director <{SECOND}>", subject) in sent
    print(
        f"\nFAULT (e) worker SIGKILL mid e-mail: {taken_before_kill} taken before the kill, "
        f"{len(mail.received)} in all ({len(subjects)} notifications x 2 directors), "
        f"0 sent twice; the held one {time.monotonic() - killed_at:.1f} s after the kill"
    )

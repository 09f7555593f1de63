"""BENCHMARKS.md, written whole by every run: nothing in it is typed by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.machine import Machine
from bench.report import HEADERS, Row

ENGINE_DESIGN = """\
How the engine's write and read paths are built, and why each choice shows in the figures.
Migrations 004, 009, 011 and 012 bring a store written by an earlier version to this shape in place;
stored events and their hashes are as they were written.

- **Appends of different streams commit side by side.** Positions come from a sequence, not
  from a counter row each append would hold until its commit, so concurrent appends share WAL
  flushes. Each event carries the id of the transaction that wrote it, and the log is read in
  (transaction id, position) order, only below the oldest transaction still running
  (`EventStore.read_all(after=cursor)`): no reader skips an
  event that commits late, as the log reader row shows against a reader going by position.
  Positions have gaps, so each stream's head (its version and last hash, in `streams`, moved
  by the append's own statement) is what shows `intervention verify` a removed last event.
- **An append is one statement, and appends ready at once share it.** The worker keeps each
  stream's head and state from its last append and folds in only the new events; the state is
  not written with every append, and is folded from the log when another process appended
  last. Positions are taken a block at a time, so the hashes are chained before the write. The
  appends a process has ready at the same moment go as one statement, with one round trip and
  one commit: it moves each stream's head from the version and hash its append expects (or
  writes nothing for that stream), inserts the events, their columns read from the canonical
  content their hashes cover, and upserts only the read-model rows that changed: the
  deadlines and escalations its events touch, and the intervention's row only when something
  it shows changed (a reminder sent, more than half the events of the example streams, leaves
  it as it was; the row no longer carries the stream's version and position, which changed on
  every append). Its plan is simple enough for PostgreSQL to keep one generic plan. Its
  parameters are text, one line per append or event, read in the statement: an array per
  column costs the driver a check of every element it sends. The pool
  does not reset a connection, a round trip, each time it is handed back, and the writer keeps
  its statements' connections while appends keep coming, handing one back after 10 ms unused:
  taking a connection from the pool and giving it back cost as much Python as building a
  statement.
- **Two statements in flight, so both sides work.** With one statement at a time, Python
  would sit idle while PostgreSQL writes, and PostgreSQL while Python makes the next appends
  ready. Two go at once: the appends ready in the same turn of the event loop are shared
  between the free slots, and a slot is freed as soon as its statement's result arrives,
  before its appends' callers run on. A statement held up by a lock gives up its slot after
  0.1 s; one timer watches for that while appends wait, not one per statement. The read-model
  row is worked out in one pass over the deadlines, the contacts in one call into pydantic's
  core and only when they changed, an event's id without `uuid5` converting its namespace
  each time (and paired with its event in a plain tuple, not a model), and its canonical text
  with the envelope's keys written in their sorted order, only its data run through the
  sorting encoder.
- **The workflow appends in its worker.** The append is a local activity: no activity task
  through the server, a marker in the history instead (behind `workflow.patched`, so saved
  histories replay). Its retries stop after ten seconds, and a database still out then hands
  the append to an ordinary activity, whose retries the server keeps up for as long as the
  outage lasts.
- **A timer is re-armed only when the next alarm moves.** The workflow keeps the timer for
  its next reminder, escalation or overdue alert while that moment stays the next: a record
  that leaves it where it was adds no cancelled timer and no new one to the history (behind
  `workflow.patched`; histories from before replay as they were written).
- **The read models have no foreign keys.** Each append writes an intervention's deadlines
  and escalations in the statement that writes its row, only for streams whose head moved, and
  rebuild refills the three tables together: keys there could find nothing, yet would check
  every row an append writes, about a tenth of PostgreSQL's work per append.
- **Rebuild folds without the cycle collector.** The fold keeps every stream's state while it
  makes millions of short-lived objects, none in a cycle; the collector's passes over that
  growing heap would take about a tenth of the time.
- **The fold copies the state directly.** Folding an event makes the intervention's state
  again with the fields it changed. `domain.updated` sets those attributes itself, where
  pydantic's `model_copy` would go through three generic `copy.copy` calls, a fifth of the
  fold; the fields a fold shares between events and state are worked out once per pair of
  types, and a deadline is found by comparing its fields rather than formatting every
  deadline's key. Whether an event is a deadline's is worked out once for each type of event:
  pydantic's models are ABCs, whose `isinstance` against a tuple of them walks the ABC
  machinery for each class.
- **The read-model rows are encoded by pydantic's core.** The standard library's JSON encoder
  would call back into Python for every date of every row, about a seventh of an append's time
  in this process; pydantic's core writes the same JSON, dates and all, in a quarter of the
  time.
- **Rebuild overlaps reading and folding.** PostgreSQL assembles each event's JSON and pydantic
  parses it straight from the bytes, with no jsonb decoded into dicts and merged in Python; and
  the next batch of the log is requested before the current one is folded, so the database
  reads while Python folds.
- **Rebuild folds a large log in one process per core.** A stream's state depends on its own
  events alone, so the log (from 100,000 events) is cut into pieces along stream ids, eight
  for each process, and each process takes the next piece when it is ready: one started a
  second late, or slowed by the database on its core, takes fewer. The others read the
  snapshot the rebuild's transaction exported, so all see the same log, and send back their
  rows, which the rebuild writes in its own transaction. Every process reads its regimes when
  it starts, with libyaml's parser, in a tenth of the pure-Python parser's second.
- **The portfolio is read a page at a time, from its own index.** Each intervention's row
  keeps its next open deadline and how many of its deadlines are missed, written by the same
  append, so "overdue" (the next deadline is past, or one is missed) is a question about the
  row alone. A page (200 by default in the API and the dashboard, with `limit` and `offset`)
  is read in the portfolio's order from one index, filters and all; the overdue deadlines are
  counted for the page's rows only; the totals come from the same index. `intervention list`
  reads every row, reported above as the whole portfolio.
- **Working days are counted by look-up.** A cumulative count of working days over the
  preloaded years turns "working days left" into two look-ups instead of a walk over every day
  to the deadline, which the portfolio does for each row it shows.
"""


def markdown(rows: list[Row], machine: Machine, command: str, seconds: float) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in "
        f"{seconds / 60:.1f} minutes. Every figure below was measured by that run, the engine "
        "and its baseline side by side on the same servers (embedded PostgreSQL, the Temporal "
        "dev server, the time-skipping test server). Run the command again to regenerate this "
        "file; do not edit it by hand.",
        "",
        "## Machine",
        "",
        *(f"- {line}" for line in machine.lines()),
        "- `load` in the table is the one-minute load average when that case finished: "
        "anything well above the core count means other work shared the machine.",
        "",
        "## Results",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
        *(
            "| " + " | ".join(cell.replace("|", "\\|") for cell in row.cells()) + " |"
            for row in rows
        ),
        "",
        "## How each figure was measured",
        "",
        *(f"- **{row.case}**: {row.detail}." for row in rows),
        "",
    ]
    missed = [row for row in rows if row.met is False]
    lines += ["## Targets missed, and what limits them", ""]
    if missed:
        lines += [f"- **{row.case}**: {row.limit}" for row in missed]
    else:
        lines.append("Every target was met in this run.")
    lines += ["", "## How the engine is built for these figures", "", ENGINE_DESIGN]
    return "\n".join(lines)

"""BENCHMARKS.md, written whole by every run: nothing in it is typed by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.machine import Machine
from bench.report import HEADERS, Row

ENGINE_CHANGES = """\
Changes made to the engine because of these benchmarks; stored events and their hashes are
unchanged:

- **An append is two round trips, down from eight to ten.** One read gathers every check
  (ids already stored, the stream's head and hash, the projected state). The new state and the
  projection rows are then worked out in Python, and one statement, with no explicit
  transaction, takes the positions from the counter, chains the hashes (sha256 over the
  previous hash and the canonical content, the position filled in by the database), inserts
  the events and upserts every projection row they change. The counter's row lock, which
  serialises appends so positions stay gap-free, is now held for that one statement and its
  commit, instead of from the first insert through the projection's reads and writes.
- **Rebuild overlaps reading and folding.** PostgreSQL assembles each event's JSON and pydantic
  parses it straight from the bytes, instead of decoding jsonb into dicts and merging them in
  Python; and the next batch of the log is requested before the current one is folded, so the
  database works on one core while Python folds on the other.
- **The portfolio is read a page at a time, from its own index.** Each intervention's row
  keeps its next open deadline and how many of its deadlines are missed, written by the same
  append (migration 004), so "overdue" (the next deadline is past, or one is missed) is a
  question about the row alone. A page (200 by default in the API and the dashboard, with
  `limit` and `offset`) is read in the portfolio's order from one index, filters and all; the
  overdue deadlines are counted for the page's rows only; the totals come from the same
  index. `intervention list` still reads every row, reported above as the whole portfolio.
  The two indexes that found deadlines by date across interventions have no reader left and
  are dropped, so an append maintains fewer.
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
    lines += ["", "## Engine changes", "", ENGINE_CHANGES]
    return "\n".join(lines)

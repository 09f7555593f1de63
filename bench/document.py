"""BENCHMARKS.md, written whole by every run: nothing in it is typed by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from bench.machine import Machine
from bench.report import HEADERS, Row

ENGINE_CHANGES = """\
Changes made to the engine because of these benchmarks; behaviour, stored bytes and tests are
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
- **The portfolio query finds overdue deadlines first.** Two partial indexes (migration 003):
  each intervention's next open deadline is one index-only probe, and missed deadlines are
  found without reading the open ones; overdue counts are computed once for the portfolio,
  not once per intervention, so the overdue view no longer probes every intervention.
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

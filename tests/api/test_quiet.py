"""`intervention up` prints its own lines; the libraries' chatter goes to the log file."""

from __future__ import annotations

from tests.api.conftest import Stack


def test_up_prints_its_own_lines_and_keeps_the_libraries_in_the_log_file(stack: Stack) -> None:
    printed = (stack.data_dir / "up.log").read_text()
    kept = (stack.data_dir / "intervention.log").read_text()

    before_ready = printed.split("Ready.")[0]
    assert before_ready.strip() == "", before_ready
    first_screen = printed.split("Ready.")[1].splitlines()[:8]
    assert any("intervention.log" in line for line in first_screen)
    for chatter in ("initdb", "pg_ctl", "Application startup complete"):
        assert chatter not in printed
        assert chatter in kept

"""Working days on the England and Wales calendar (SI 2007/462), counted with day 0 = start.

Every expected date is counted by hand on the real calendar; the bank holidays involved are
named next to each case.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.calendar import (
    add_months,
    add_working_days,
    alarm_instant,
    bank_holiday_name,
    is_working_day,
    london_date,
    working_days_between,
)
from tests.unit.builders import utc


def test_worked_example_70th_working_day_after_receipt_is_15_june_2023() -> None:
    # Thu 2 Mar 2023; skipped: 7 Apr (Good Friday), 10 Apr (Easter Monday), 1 May,
    # 8 May (coronation), 29 May.
    assert add_working_days(date(2023, 3, 2), 70) == date(2023, 6, 15)


def test_the_day_of_receipt_is_day_zero() -> None:
    assert add_working_days(date(2023, 3, 2), 0) == date(2023, 3, 2)
    # Even a non-working start day is day 0, not moved.
    assert add_working_days(date(2023, 3, 4), 0) == date(2023, 3, 4)


def test_first_working_day_after_a_friday_is_the_monday() -> None:
    assert add_working_days(date(2023, 3, 3), 1) == date(2023, 3, 6)


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Fri 23 Dec 2022: 26 Dec Boxing Day, 27 Dec Christmas Day (observed), 2 Jan 2023
        # New Year's Day (observed); working: 28, 29, 30 Dec, 3, 4 Jan.
        (date(2022, 12, 23), 5, date(2023, 1, 4)),
        (date(2022, 12, 23), 1, date(2022, 12, 28)),
        (date(2022, 12, 30), 1, date(2023, 1, 3)),
        # Christmas 2023 on Mon/Tue; New Year 2024 on Monday 1 Jan.
        (date(2023, 12, 22), 1, date(2023, 12, 27)),
        (date(2023, 12, 29), 1, date(2024, 1, 2)),
        # Starting on a holiday: Christmas Day 2022 (a Sunday) + 1 skips 26 and 27 Dec.
        (date(2022, 12, 25), 1, date(2022, 12, 28)),
    ],
)
def test_counting_skips_christmas_and_new_year(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # Good Friday 29 Mar 2024 and Easter Monday 1 Apr 2024.
        (date(2024, 3, 28), 1, date(2024, 4, 2)),
        (date(2024, 3, 27), 2, date(2024, 4, 2)),
        # Easter 2023: 7 and 10 April.
        (date(2023, 4, 6), 1, date(2023, 4, 11)),
    ],
)
def test_counting_skips_good_friday_and_easter_monday(
    start: date, count: int, expected: date
) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "expected", "holiday"),
    [
        # Thu 2 Jun 2022 (Spring bank holiday, moved) and Fri 3 Jun 2022 (Platinum Jubilee).
        (date(2022, 6, 1), date(2022, 6, 6), date(2022, 6, 3)),
        # Mon 19 Sep 2022: State Funeral of Queen Elizabeth II.
        (date(2022, 9, 16), date(2022, 9, 20), date(2022, 9, 19)),
        # Mon 8 May 2023: Coronation of King Charles III.
        (date(2023, 5, 5), date(2023, 5, 9), date(2023, 5, 8)),
    ],
)
def test_counting_skips_one_off_bank_holidays(start: date, expected: date, holiday: date) -> None:
    assert not is_working_day(holiday)
    assert add_working_days(start, 1) == expected


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2023, 6, 15), -70, date(2023, 3, 2)),
        (date(2023, 1, 4), -5, date(2022, 12, 23)),
        (date(2022, 6, 6), -1, date(2022, 6, 1)),
        # Ten working days before Fri 12 Apr 2024 crosses Easter: 27 Mar 2024.
        (date(2024, 4, 12), -10, date(2024, 3, 27)),
        (date(2023, 3, 6), -1, date(2023, 3, 3)),
    ],
)
def test_negative_counts_go_back_over_the_same_holidays(
    start: date, count: int, expected: date
) -> None:
    assert add_working_days(start, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2023, 3, 2), date(2023, 6, 15), 70),
        (date(2023, 6, 15), date(2023, 3, 2), -70),
        (date(2022, 12, 23), date(2023, 1, 4), 5),
        (date(2023, 3, 2), date(2023, 3, 2), 0),
        # Fri -> Mon is one working day; Sat -> Sun none.
        (date(2023, 3, 3), date(2023, 3, 6), 1),
        (date(2023, 3, 4), date(2023, 3, 5), 0),
        # Wed 1 Jun 2022 -> Mon 6 Jun 2022: 2 and 3 June are holidays, so only the Monday.
        (date(2022, 6, 1), date(2022, 6, 6), 1),
        # The end day counts only when it is a working day (Good Friday does not).
        (date(2024, 3, 28), date(2024, 3, 29), 0),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 3, 31), 1, date(2023, 4, 30)),
        (date(2023, 12, 15), 1, date(2024, 1, 15)),
        (date(2023, 3, 7), 24, date(2025, 3, 7)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2023, 1, 15), -1, date(2022, 12, 15)),
        (date(2023, 6, 30), 0, date(2023, 6, 30)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2023, 3, 4), False),  # Saturday
        (date(2023, 3, 5), False),  # Sunday
        (date(2023, 3, 6), True),  # Monday
        (date(2023, 3, 3), True),  # Friday
        (date(2024, 3, 29), False),  # Good Friday
        (date(2024, 4, 1), False),  # Easter Monday
        (date(2024, 12, 25), False),  # Christmas Day on a Wednesday
        (date(2024, 12, 26), False),  # Boxing Day
        (date(2022, 12, 27), False),  # Christmas Day (observed), Tuesday
        (date(2023, 12, 27), True),  # an ordinary Wednesday
        (date(2023, 1, 2), False),  # New Year's Day (observed)
        (date(2022, 6, 3), False),  # Platinum Jubilee
        (date(2022, 9, 19), False),  # State Funeral
        (date(2023, 5, 8), False),  # Coronation
        (date(2023, 5, 9), True),
        (date(2024, 8, 26), False),  # Late Summer bank holiday
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_bank_holiday_names_come_from_the_maintained_calendar() -> None:
    assert "Coronation" in (bank_holiday_name(date(2023, 5, 8)) or "")
    assert "Good Friday" in (bank_holiday_name(date(2024, 3, 29)) or "")
    assert bank_holiday_name(date(2023, 5, 9)) is None


def test_alarm_instant_is_seven_in_the_morning_london_time() -> None:
    # British Summer Time in June: 07:00 BST is 06:00 UTC.
    assert alarm_instant(date(2023, 6, 1)) == utc(2023, 6, 1, 6, 0)
    # Greenwich Mean Time in January: 07:00 is 07:00 UTC.
    assert alarm_instant(date(2023, 1, 10)) == utc(2023, 1, 10, 7, 0)


def test_london_date_of_a_late_utc_evening_in_summer_is_the_next_day() -> None:
    assert london_date(utc(2023, 6, 30, 23, 30)) == date(2023, 7, 1)
    assert london_date(utc(2023, 12, 31, 23, 30)) == date(2023, 12, 31)


days = st.dates(min_value=date(2021, 1, 1), max_value=date(2027, 12, 31))


@given(start=days, count=st.integers(min_value=0, max_value=300))
def test_counting_forwards_and_measuring_back_agree(start: date, count: int) -> None:
    end = add_working_days(start, count)
    assert working_days_between(start, end) == count
    if count:
        assert is_working_day(end)
        assert not is_working_day(end - timedelta(days=1)) or (
            add_working_days(start, count - 1) == end - timedelta(days=1)
        )


@given(start=days, count=st.integers(min_value=1, max_value=300))
def test_counting_backwards_from_a_working_day_is_undone_by_counting_forwards(
    start: date, count: int
) -> None:
    assume(is_working_day(start))
    earlier = add_working_days(start, -count)
    assert is_working_day(earlier)
    assert add_working_days(earlier, count) == start
    assert working_days_between(start, earlier) == -count


@given(day=days)
def test_no_weekend_is_ever_a_working_day(day: date) -> None:
    if day.weekday() >= 5:
        assert not is_working_day(day)


def walked(start: date, end: date) -> int:
    """Working days after `start` up to `end`, counted one day at a time."""
    return sum(is_working_day(start + timedelta(n)) for n in range(1, (end - start).days + 1))


@given(
    start=st.dates(min_value=date(1998, 1, 1), max_value=date(2103, 12, 31)),
    span=st.integers(min_value=0, max_value=2000),
)
def test_a_count_is_the_days_walked_inside_and_across_the_preloaded_years(
    start: date, span: int
) -> None:
    end = start + timedelta(days=span)
    assert working_days_between(start, end) == walked(start, end)
    assert working_days_between(end, start) == -walked(start, end)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(1999, 12, 20), date(2000, 1, 10)),
        (date(2100, 12, 20), date(2101, 1, 10)),
        (date(2000, 1, 1), date(2100, 12, 31)),
    ],
)
def test_a_count_over_either_edge_of_the_preloaded_years_is_walked(start: date, end: date) -> None:
    assert working_days_between(start, end) == walked(start, end)

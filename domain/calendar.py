"""Working days on the England and Wales bank holiday calendar.

SI 2007/462 counts working days as any day except Saturday, Sunday, Christmas Day, Good Friday
and a bank holiday in England and Wales. The bank holidays come from the maintained `holidays`
package (GB, subdivision ENG), which carries the one-off ones (3 June 2022, 19 September 2022,
8 May 2023), so no list is kept by hand here.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

import holidays

# Loaded once, when the module is imported: inside Temporal's workflow sandbox the holidays
# package cannot run (it asks `locale` for a language), so workflows only ever read this set.
# Years outside the range are loaded on demand, which only works outside workflows; that is why
# inspections must fall in INSPECTION_YEARS, leaving decades for their deadlines.
PRELOADED_YEARS = range(2000, 2101)
INSPECTION_YEARS = range(2000, 2081)
_PRELOADED = holidays.country_holidays("GB", subdiv="ENG", years=PRELOADED_YEARS)
_BANK_HOLIDAYS = frozenset(_PRELOADED.keys())


@lru_cache(maxsize=64)
def _other_year(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def _is_bank_holiday(day: date) -> bool:
    if day.year in PRELOADED_YEARS:
        return day in _BANK_HOLIDAYS
    return day in _other_year(day.year)


def is_working_day(day: date) -> bool:
    # Christmas Day and Good Friday are not bank holidays in law but the SI names them; the
    # ENG calendar lists both, so one set covers every non-working weekday.
    return day.weekday() < 5 and not _is_bank_holiday(day)


def bank_holiday_name(day: date) -> str | None:
    if day.year in PRELOADED_YEARS:
        return _PRELOADED.get(day)
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (before it when negative); `start` is day 0."""
    step = timedelta(days=1 if count >= 0 else -1)
    remaining = abs(count)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


_FIRST_ORDINAL = date(PRELOADED_YEARS.start, 1, 1).toordinal()
_LAST_ORDINAL = date(PRELOADED_YEARS.stop - 1, 12, 31).toordinal()
# Working days from the start of the preloaded years up to each day: a count between two days
# is then two look-ups, not a walk (the portfolio counts one for every row it shows).
_WORKING_DAYS_TO = tuple(
    accumulate(
        is_working_day(date.fromordinal(ordinal))
        for ordinal in range(_FIRST_ORDINAL, _LAST_ORDINAL + 1)
    )
)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)
    if start.toordinal() >= _FIRST_ORDINAL and end.toordinal() <= _LAST_ORDINAL:
        return (
            _WORKING_DAYS_TO[end.toordinal() - _FIRST_ORDINAL]
            - _WORKING_DAYS_TO[start.toordinal() - _FIRST_ORDINAL]
        )
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(n)))


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last_day))


def is_month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return day.replace(day=_stdlib_calendar.monthrange(day.year, day.month)[1])


LONDON = ZoneInfo("Europe/London")
# Reminders and escalations go out at the start of the working day, London time.
ALARM_TIME = time(7, 0)


def london_date(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()


def alarm_instant(day: date) -> datetime:
    return datetime.combine(day, ALARM_TIME, tzinfo=LONDON)

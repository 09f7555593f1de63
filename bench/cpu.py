"""Where a case's time goes: the CPU used by this process and by each server, per unit of work,
and this process's own CPU profile by package, so that a target missed is explained by a
profile."""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
TICKS = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: str) -> tuple[int, float]:
    """A process's parent and the CPU seconds it has used so far."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


THIS_PROCESS = "this process"


@dataclass(frozen=True)
class CpuMeter:
    """Reads the CPU used so far by this process (the benchmark's clients and, in the lifecycle
    case, the worker) and by each server, a server being its process and those it started."""

    servers: dict[str, int]  # name: process id

    def of(self, *names: str) -> CpuMeter:
        """A meter of this process and the servers named only."""
        return CpuMeter({name: self.servers[name] for name in names})

    def read(self) -> dict[str, float]:
        used = defaultdict(float, {THIS_PROCESS: time.process_time()})
        roots = {pid: name for name, pid in self.servers.items()}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                parent, seconds = _process_cpu(pid)
            except OSError:  # it ended meanwhile
                continue
            name = roots.get(int(pid)) or roots.get(parent)
            if name:
                used[name] += seconds
        return used


@dataclass
class CpuUse:
    """CPU seconds used where, and how many units of work they did."""

    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    units: int = 0
    # This process's CPU seconds by top-level package or module, from a profiled run.
    packages: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))

    def per_unit(self) -> str:
        return ", ".join(
            f"{1e6 * seconds / self.units:,.0f} µs in {name}"
            for name, seconds in self.seconds.items()
        )

    def top_packages(self, count: int = 6) -> str:
        total = sum(self.packages.values())
        top = sorted(self.packages.items(), key=lambda item: item[1], reverse=True)[:count]
        return ", ".join(f"{name} {100 * seconds / total:.0f}%" for name, seconds in top)


async def measured(meter: CpuMeter, use: CpuUse, units: int, run: Callable[[], Awaitable[T]]) -> T:
    """Run `run`, adding the CPU it used, and the units of work it did, to `use`."""
    before = meter.read()
    result = await run()
    for name, seconds in meter.read().items():
        use.seconds[name] += seconds - before.get(name, 0.0)
    use.units += units
    return result


async def profiled(use: CpuUse, run: Callable[[], Awaitable[T]]) -> T:
    """Run `run` under a CPU-time profile and add its own time, by package, to `use`."""
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        return await run()
    finally:
        profile.disable()
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        for (filename, _, function), (_, _, own, _, _) in stats.items():
            use.packages[package_of(filename, function)] += own


ROOT = Path(__file__).resolve().parent.parent


def package_of(filename: str, function: str) -> str:
    """What a profiled function belongs to: its top-level package or standard module; for a
    function written in C, the module of the object it is a method of."""
    if filename == "~":
        found = re.search(r"of '(\w+)|method (\w+)\.|function (\w+)", function)
        return next((name for name in found.groups() if name), "builtins") if found else function
    if filename.startswith("<frozen "):
        return filename.removeprefix("<frozen ").removesuffix(">")  # a frozen standard module
    if filename.startswith("<"):
        return "generated code"  # made at run time: the __init__ a dataclass writes, say
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if path.is_relative_to(ROOT):
        return path.relative_to(ROOT).parts[0].removesuffix(".py")
    return path.stem if path.parent.name.startswith("python3") else path.parent.name

"""The regimes the engine knows, read from their files: one folder per regime, one file per
version (`ilacs/2.yaml`). Read once, when this module is imported: the files are part of the
code's release, and workflows only ever look them up.

A new version of a regime applies to interventions opened after it is released; a running
intervention keeps the version it was opened under until an operator migrates it.
"""

from __future__ import annotations

from importlib import resources

import yaml
from pydantic import ValidationError

from domain.errors import UnknownRegimeError, UnknownRegimeVersionError
from domain.regime import Regime

# libyaml's parser where PyYAML was built with it: every process reads every version of every
# regime when it starts, which the pure-Python parser takes a second of a core to do.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RegimeFileError(Exception):
    """A regime file that is not a valid regime; the message names the file and the problem."""


def _load() -> dict[str, dict[int, Regime]]:
    regimes: dict[str, dict[int, Regime]] = {}
    for folder in resources.files(__name__).iterdir():
        if not folder.is_dir() or folder.name.startswith("_"):
            continue
        for entry in folder.iterdir():
            if not entry.name.endswith(".yaml"):
                continue
            where = f"domain/regimes/{folder.name}/{entry.name}"
            try:
                text = entry.read_text(encoding="utf-8")
                regime = Regime.model_validate(yaml.load(text, Loader=_LOADER))
            except (yaml.YAMLError, ValidationError) as error:
                raise RegimeFileError(f"{where}: {error}") from None
            if (regime.name, str(regime.version)) != (
                folder.name,
                entry.name.removesuffix(".yaml"),
            ):
                raise RegimeFileError(
                    f"{where} holds {regime.key}; a file is named by its regime and version"
                )
            regimes.setdefault(regime.name, {})[regime.version] = regime
    return regimes


REGIMES: dict[str, dict[int, Regime]] = _load()


def current_version(name: str) -> int:
    """The version new interventions under `name` open with: the latest."""
    return max(_versions(name))


def get_regime(name: str, version: int | None = None) -> Regime:
    """A regime by name and version; the latest version when none is given."""
    versions = _versions(name)
    chosen = max(versions) if version is None else version
    if chosen not in versions:
        raise UnknownRegimeVersionError(name, chosen, sorted(versions))
    return versions[chosen]


def _versions(name: str) -> dict[int, Regime]:
    try:
        return REGIMES[name]
    except KeyError:
        raise UnknownRegimeError(name, sorted(REGIMES)) from None

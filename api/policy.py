"""What the browser may load and run on the dashboard's pages."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# The dashboard loads nothing from elsewhere and runs no script; framing it is refused, so a
# form cannot be clicked through another site's page.
DASHBOARD_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'"
STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def dashboard_policy(form_targets: Iterable[str] = ()) -> str:
    """The dashboard's policy, its forms also allowed to lead to these sites' origins (the
    identity providers a sign-out goes on to: the browser holds a form's redirects to it)."""
    origins = sorted({_origin(url) for url in form_targets})
    return " ".join([DASHBOARD_POLICY, *origins])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allowing_its_styles(document: str, policy: str) -> str:
    """The dashboard's policy for a standalone document (the committee report) that carries its
    own stylesheet so it prints and saves whole: those style blocks, by hash, and no others."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in STYLE_BLOCK.findall(document)
    )
    return f"{policy}; style-src 'self' {hashes}".rstrip()

"""The committee report as a PDF, written by `intervention report --format pdf` and read back:
A4 pages, the council's name and "Page N of M" on each, the charts drawn as vectors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

INTERVENTION = str(Path(sys.executable).parent / "intervention")
A4_POINTS = (595, 842)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, postgres_server_url: str) -> PdfReader:
    output = tmp_path_factory.mktemp("pdf") / "report.pdf"
    done = subprocess.run(
        [
            INTERVENTION,
            "report",
            "--scenario",
            "examples/improvement-plan.yaml",
            "--format",
            "pdf",
            "-o",
            str(output),
        ],
        env={**os.environ, "DATABASE_URL": postgres_server_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wrote the pdf report" in done.stdout
    return PdfReader(output)


def test_every_page_is_a4_with_the_council_and_its_number(pdf: PdfReader) -> None:
    pages = len(pdf.pages)
    assert 3 <= pages <= 20, pages
    for number, page in enumerate(pdf.pages, start=1):
        width, height = (round(float(v)) for v in page.mediabox[2:])
        assert (width, height) == A4_POINTS
        text = page.extract_text()
        assert "Example Borough Council" in text
        assert f"Page {number} of {pages}" in text


def test_the_report_reads_back_whole(pdf: PdfReader) -> None:
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for heading in ("Purpose", "Milestones in the period", "Deadlines met and missed"):
        assert heading in text
    assert "Statement of Action" in text


def test_the_timeline_is_drawn_as_vectors_not_a_picture(pdf: PdfReader) -> None:
    page = next(p for p in pdf.pages if "Milestones in the period" in p.extract_text())
    contents = page.get_contents()
    assert contents is not None
    operators = contents.get_data().decode("latin-1")
    # The timeline strokes a tick for each milestone in its navy (#1d3557): drawn in the page's
    # own content, where a picture of it would be an image.
    assert "0.113725 0.207843 0.341176 RG" in operators
    for each in pdf.pages:
        resources = each.get("/Resources") or {}
        kinds = {
            obj.get_object().get("/Subtype") for obj in (resources.get("/XObject") or {}).values()
        }
        assert "/Image" not in kinds

"""The committee report as a PDF for the committee's papers: A4, the council's name at the head
of every page, page numbers at the foot, and the charts as vector graphics (inline SVG).

WeasyPrint lays out the same HTML the dashboard prints; it needs Pango from the system
(`scripts/setup` installs it where it can) and uses the system's fonts. Nothing is fetched: the
document has no external resources, and the URL fetcher refuses any.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from activities.reports import ReportFormat, render
from domain.report import CommitteeReport

# WeasyPrint reports every CSS property it does not know at WARNING; the report's screen styles
# have a few, and they change nothing on paper.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class DocumentFormat(StrEnum):
    """What the report can be written as: the text formats, and the PDF laid out from HTML."""

    md = "md"
    html = "html"
    pdf = "pdf"


MEDIA_TYPES = {
    DocumentFormat.md: "text/markdown; charset=utf-8",
    DocumentFormat.html: "text/html; charset=utf-8",
    DocumentFormat.pdf: "application/pdf",
}


class PdfUnavailableError(Exception):
    """WeasyPrint cannot run here: its system libraries are missing."""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_style(report: CommitteeReport) -> str:
    return f"""
    @page {{
      size: A4;
      margin: 22mm 16mm 20mm 16mm;
      @top-left {{ content: {_css_string(report.authority)}; font: 9pt sans-serif; }}
      @top-right {{ content: "Improvement progress report"; font: 9pt sans-serif; }}
      @bottom-center {{
        content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif;
      }}
    }}
    :root {{ font-size: 10.5pt; }}
    body {{
      margin: 0; max-width: none; font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
    }}
    table, svg, section > p {{ break-inside: avoid; }}
    h2 {{ break-after: avoid; }}
    """


def _no_fetching(url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
    raise ValueError(f"the report refers to {url!r}; it must not fetch anything")


def render_pdf(report: CommitteeReport) -> bytes:
    try:
        from weasyprint import CSS, HTML
    except OSError as error:
        raise PdfUnavailableError(
            "PDF output needs Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0); "
            f"scripts/setup installs it when run as root: {error}"
        ) from error
    html = render(report, ReportFormat.html)
    document = HTML(string=html, url_fetcher=_no_fetching)
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=page_style(report))])
    return pdf


def render_document(report: CommitteeReport, fmt: DocumentFormat) -> bytes:
    if fmt is DocumentFormat.pdf:
        return render_pdf(report)
    return render(report, ReportFormat(fmt.value)).encode()

"""PDF of the HTML report, through WeasyPrint (imported only here, when a PDF is asked for).

The report is self-contained (inline CSS and SVG), so the renderer never needs to fetch
anything. Its URL fetcher refuses every URL — file://, http(s)://, data: alike — and records
what was asked, so no content of an input file can make the renderer read a local file or
reach the network.
"""

from __future__ import annotations

from ..errors import UsageError


class RefusingFetcher:
    """A WeasyPrint URL fetcher that fetches nothing; `refused` lists the URLs it was asked for."""

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, url: str, *args, **kwargs):
        self.refused.append(url)
        raise PermissionError(f"ctdna-resist reports load no external resource ({url[:80]})")


def render_pdf(html: str, url_fetcher: RefusingFetcher | None = None) -> bytes:
    """The same report as an A4 PDF (the print styles of the HTML apply)."""
    import logging

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or its friends are not installed
        raise UsageError("--pdf needs WeasyPrint and its system libraries (Pango); install "
                         f"them or leave out --pdf ({type(exc).__name__}: "
                         f"{str(exc).splitlines()[0] if str(exc) else ''})") from None
    # WeasyPrint logs every CSS property it does not support at WARNING; the report's screen
    # styles hold a few on purpose (grid, display: contents), so keep its chatter off stderr.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = url_fetcher if url_fetcher is not None else RefusingFetcher()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher,
                               media_type="print")
    return document.write_pdf()

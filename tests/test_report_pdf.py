"""The PDF a reviewer prints or files: A4 pages that carry the findings, made by a renderer that
fetches nothing, so input text can never make it read a local file or the network."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from helpers import EXAMPLE_THERAPIES
from report_support import HOSTILE_VCF, IMAGE, SCRIPT, TEMPLATE, pdf_text, render, require_tool


def _require_weasyprint():
    from report_support import require

    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        require(False, f"WeasyPrint cannot load ({exc}); Debian libpango-1.0-0")


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    _require_weasyprint()
    return render(tmp_path_factory.mktemp("pdf"), options=("--sample-id", "PT001"), pdf=True)


def test_pdf_pages_are_a4_and_page_one_carries_the_answer(example_pdf, tmp_path):
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    pdfinfo = require_tool("pdfinfo", "poppler-utils")
    pdf = example_pdf["pdf"]
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert "(A4)" in info
    subprocess.run([pdftoppm, "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == pages
    # the pages grow with the findings and their options, never faster: about a page for each
    # finding's facts and at most half a page for each option (with its reasons)
    findings = json.loads(example_pdf["json"].read_text())["findings"]
    options = sum(len(f["rescue_options"]) for f in findings)
    assert 3 <= pages <= 3 + len(findings) + (options + 1) // 2, \
        f"{pages} pages for {len(findings)} findings and {options} options"
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and p.stat().st_size > 2000
               for p in pngs)

    first = " ".join(pdf_text(pdf, 1, 1).split())
    summary = json.loads(example_pdf["json"].read_text())["summary"]
    assert summary.startswith("Progression on osimertinib is most likely explained by")
    assert summary in first
    assert "Resistance findings" in first
    for finding in ("EGFR C797S", "EGFR T790M", "MET amplification", "PIK3CA E545K"):
        assert finding in first, finding


def test_pdf_has_every_section_and_the_trials(example_pdf):
    text = " ".join(pdf_text(example_pdf["pdf"]).split())
    for heading in ("Resistance findings", "VAF at a glance", "Evidence and documented options",
                    "Not assessable from ctDNA", "Other detected alterations",
                    "Records read and accounting", "Methods", "References"):
        assert heading in text, heading
    assert "NCT03778229" in text
    assert "If C797S is in cis with EGFR T790M" in text
    assert "does not replace, clinical judgement" in text
    assert "driver VAF (EGFR L858R)" in text  # the figure's text survives as text


def test_hostile_input_prints_literally_and_fetches_nothing(tmp_path, monkeypatch, cli):
    _require_weasyprint()
    from ctdna_resist.render import pdf as pdf_module

    fetchers: list[pdf_module.RefusingFetcher] = []

    class Spy(pdf_module.RefusingFetcher):
        def __init__(self):
            super().__init__()
            fetchers.append(self)

    monkeypatch.setattr(pdf_module, "RefusingFetcher", Spy)
    pdf = tmp_path / "hostile.pdf"
    result = cli("report", HOSTILE_VCF, *EXAMPLE_THERAPIES, "--html", tmp_path / "r.html",
                 "--pdf", pdf)
    assert result.exit_code == 0, result.output
    assert len(fetchers) == 1 and fetchers[0].refused == []  # not one URL was asked for
    text = " ".join(pdf_text(pdf).split())
    assert f"PT666 {SCRIPT} {IMAGE} {TEMPLATE}" in text
    assert "root:x:0:0" not in text


def test_url_fetcher_refuses_files_network_and_data_urls(tmp_path):
    """Were markup ever to reach the renderer, it still could not load anything."""
    _require_weasyprint()
    from ctdna_resist.render.pdf import RefusingFetcher, render_pdf

    fetcher = RefusingFetcher()
    html = ('<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
            '<p>before</p><img src="file:///etc/passwd"><img src="data:image/png;base64,AAAA">'
            '<div style="background: url(https://127.0.0.1:9/y.png)">after</div></body></html>')
    pdf = tmp_path / "fetch.pdf"
    pdf.write_bytes(render_pdf(html, url_fetcher=fetcher))
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:9/x.css" in fetcher.refused
    assert any(url.startswith("data:") for url in fetcher.refused)
    text = pdf_text(pdf)
    assert "before" in text and "after" in text and "root:" not in text


def test_same_inputs_and_epoch_give_identical_html_json_and_pdf_text(example_pdf, tmp_path):
    again = render(tmp_path, options=("--sample-id", "PT001"), pdf=True, fresh_process=True)
    assert again["html"].read_bytes() == example_pdf["html"].read_bytes()
    assert again["json"].read_bytes() == example_pdf["json"].read_bytes()
    assert pdf_text(again["pdf"]) == pdf_text(example_pdf["pdf"])
    assert "2023-11-14" in pdf_text(again["pdf"], 1, 1)


#: the A4 page's top and bottom margins (the @page rule of the report's print styles), in mm
PAGE_MM, TOP_MM, BOTTOM_MM = 297, 14, 15


def largest_blank_band(png) -> float:
    """The tallest band of rows without ink between the page's top and bottom margins (where
    the running header and footer sit), as a fraction of that height."""
    from PIL import Image

    page = Image.open(png).convert("L")
    width, height = page.size
    top, bottom = round(height * TOP_MM / PAGE_MM), round(height * (1 - BOTTOM_MM / PAGE_MM))
    longest = run = 0
    for y in range(top, bottom):
        darkest, _ = page.crop((0, y, width, y + 1)).getextrema()
        run = 0 if darkest < 200 else run + 1
        longest = max(longest, run)
    return longest / (bottom - top)


def test_no_page_but_the_last_is_more_than_a_third_blank(example_pdf, tmp_path):
    """A long finding card breaks before or between its documented options instead of
    moving whole to the next page (page 3 of the example was 45 % blank)."""
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    subprocess.run([pdftoppm, "-png", "-r", "40", str(example_pdf["pdf"]),
                    str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    assert len(pngs) >= 3
    blank = [round(largest_blank_band(png), 2) for png in pngs]
    assert all(fraction <= 1 / 3 for fraction in blank[:-1]), blank


def test_blank_band_measures_what_a_reader_sees(tmp_path):
    """Control for the measure above: a page filled to its foot, one with a block ending
    half-way, and one with a single line."""
    _require_weasyprint()
    from ctdna_resist.render.pdf import render_pdf

    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    html = ("<html><head><style>@page { size: A4; margin: 14mm 14mm 15mm 14mm }"
            "div { background: #000 } p { break-before: page }</style></head><body>"
            "<div style='height: 260mm'></div><p>half</p><div style='height: 130mm'></div>"
            "<p>one line</p></body></html>")
    pdf = tmp_path / "control.pdf"
    pdf.write_bytes(render_pdf(html))
    subprocess.run([pdftoppm, "-png", "-r", "40", str(pdf), str(tmp_path / "page")],
                   check=True)
    full, half, line = (largest_blank_band(p) for p in sorted(tmp_path.glob("page-*.png")))
    assert full < 0.05 and 0.4 < half < 0.6 and line > 0.9, (full, half, line)

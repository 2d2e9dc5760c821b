"""The HTML report in a real browser: Debian's headless Chromium, driven through Debian's
ChromeDriver with Selenium (no browser download). The findings table must be visible, and no
script from a hostile input may run. Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import pytest

from report_support import (
    ARTIFACTS,
    HOSTILE_VCF,
    IMAGE,
    SCRIPT,
    TEMPLATE,
    render,
    require,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
MARKER = "return window.__ctdna_injected === undefined ? null : window.__ctdna_injected"


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), f"{CHROMIUM} not found (Debian package chromium)")
    require(CHROMEDRIVER.exists(), f"{CHROMEDRIVER} not found (Debian package chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    with tempfile.TemporaryDirectory(prefix="ctdna-resist-chromium-") as profile:
        for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                     "--window-size=1280,1000"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path)), "screenshot failed"
    print(f"screenshot: {path}")
    return path


def test_findings_table_is_visible_in_chromium(browser, tmp_path):
    from selenium.webdriver.common.by import By

    html = render(tmp_path, options=("--sample-id", "PT001"), json=False)["html"]
    browser.get(html.as_uri())
    assert browser.title == "ctdna-resist report: PT001"
    table = browser.find_element(By.ID, "findings-table")
    assert table.is_displayed()
    rows = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any(r.startswith("EGFR C797S") and "yes" in r for r in rows), rows
    assert any(r.startswith("MET amplification") for r in rows), rows
    # the answer and the findings are on the first screen, not below the fold
    assert table.location["y"] < browser.execute_script("return window.innerHeight")
    figure = browser.find_element(By.CSS_SELECTOR, "#figure svg")
    assert figure.size["width"] > 300 and figure.size["height"] > 100
    path = _screenshot(browser, "report-example.png")
    assert path.stat().st_size > 10_000
    # the whole page too, for a reviewer of the layout
    height = browser.execute_script("return document.documentElement.scrollHeight")
    shot = browser.execute_cdp_cmd("Page.captureScreenshot", {
        "captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": 1280,
                                                "height": height, "scale": 1}})
    full = ARTIFACTS / "report-example-full.png"
    full.write_bytes(base64.b64decode(shot["data"]))
    print(f"screenshot: {full}")


def test_figure_legend_labels_do_not_overlap(browser, tmp_path):
    """The page's styles must not reach into the figure: its legend labels keep their size and
    stand apart, as do the findings table's evidence words (no 'CA' / 'P' split)."""
    from selenium.webdriver.common.by import By

    html = render(tmp_path, options=("--sample-id", "PT001"), json=False)["html"]
    browser.get(html.as_uri())
    boxes = browser.execute_script(
        "return [...document.querySelectorAll('#figure svg g.legend text')]"
        ".map(t => { const r = t.getBoundingClientRect();"
        " return [r.left, r.right, r.top, r.bottom]; });")
    assert len(boxes) >= 4
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]]
    assert overlapping == []
    evidence = browser.find_elements(By.CSS_SELECTOR, "#findings-table tbody td:nth-child(5)")
    assert evidence and all("AMP/ASCO/CAP" in cell.text.replace("\n", " ") for cell in evidence
                            if "AMP" in cell.text)


def test_options_legend_looked_for_and_references_are_shown(browser, tmp_path):
    """The bundled example as a reviewer sees it: each finding's options in three groups with
    their reasons (the ones that do not apply folded, and opened on a click), the evidence
    legend with AMP/ASCO/CAP levels, what was looked for and not detected, and references
    without internal file names."""
    from selenium.webdriver.common.by import By

    html = render(tmp_path, options=("--sample-id", "PT001"), json=False)["html"]
    browser.get(html.as_uri())
    card = browser.find_element(
        By.XPATH, "//article[.//h4[starts-with(normalize-space(.), 'EGFR C797S')]]")
    text = card.text
    assert "Applies here" in text and "Undetermined: what would settle it" in text
    assert "EAI045 + cetuximab" in text
    assert "reads given with --bam would settle it" in text
    folded = card.find_element(By.CSS_SELECTOR, "details.dna")
    summary = folded.find_element(By.TAG_NAME, "summary")
    # the first-generation TKI (T790M is detected) and nazartinib + gefitinib (MET
    # amplification is documented to resist every third-generation EGFR TKI)
    assert summary.text.startswith("Does not apply here: 2 documented options")
    hidden = folded.find_element(By.CSS_SELECTOR, "table")
    assert not hidden.is_displayed()  # folded until opened
    browser.execute_script("arguments[0].scrollIntoView()", summary)
    summary.click()
    assert hidden.is_displayed() and "EGFR T790M is detected." in hidden.text
    assert "MET amplification, also detected, is documented to resist nazartinib" in hidden.text
    legend = browser.find_element(By.ID, "evidence-legend").text
    assert "clinical data — AMP/ASCO/CAP level B" in legend
    assert "approved — AMP/ASCO/CAP level A" in legend
    looked = browser.find_element(By.ID, "looked-for").text
    assert "Looked for, not detected" in looked and "MET exon 14 skipping (bypass)" in looked
    assert "Not detected at tumour fraction 16.4%" in looked
    references = browser.find_element(By.ID, "references").text
    assert "Frontiers in Immunology. 2024. doi:10.3389/fimmu.2024.1366260" in references
    assert ".txt" not in references and "knowledge-base source" not in references
    browser.execute_script("arguments[0].scrollIntoView()", card)
    _screenshot(browser, "report-options.png")


def test_hostile_input_runs_no_script_and_loads_no_image(browser, tmp_path):
    from selenium.webdriver.common.by import By

    html = render(tmp_path, HOSTILE_VCF, json=False)["html"]
    browser.get(html.as_uri())
    assert browser.find_element(By.ID, "findings-table").is_displayed()
    assert browser.execute_script(MARKER) is None
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.execute_script("return document.images.length") == 0
    body = browser.find_element(By.TAG_NAME, "body").text
    assert f"PT666 {SCRIPT} {IMAGE} {TEMPLATE}" in " ".join(body.split())
    assert "<script>window.__ctdna_injected=4</script>" in body
    _screenshot(browser, "report-hostile.png")


def test_the_check_would_see_a_script_that_ran(browser, tmp_path):
    """Control: the same check reports a script that does run, so its silence above means
    something; and the report's own CSP stops one that got into the page."""
    plain = tmp_path / "plain.html"
    plain.write_text(f"<!DOCTYPE html><title>x</title><p>{SCRIPT}</p>", encoding="utf-8")
    browser.get(plain.as_uri())
    assert browser.execute_script(MARKER) == 1

    report = render(tmp_path / "r", options=("--sample-id", "PT001"), json=False)["html"]
    spliced = tmp_path / "spliced.html"
    spliced.write_text(report.read_text(encoding="utf-8").replace("<main>", f"<main>{SCRIPT}", 1),
                       encoding="utf-8")
    browser.get(spliced.as_uri())
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script(MARKER) is None  # blocked by script-src 'none'


def test_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require(False, "/usr/bin/chromium not found")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="make test"):
        require(False, "/usr/bin/chromium not found")


def _header_items(browser, html: Path, shot: str) -> dict[str, str]:
    """Each label of the page header with its value, checked laid out apart: the label on
    its own line above the value, not run into it ("Tumour typeNSCLC")."""
    from selenium.webdriver.common.by import By

    browser.get(html.as_uri())
    header = browser.find_element(By.CSS_SELECTOR, "header")
    items = {}
    for item in header.find_elements(By.CSS_SELECTOR, ".meta > div"):
        label = item.find_element(By.TAG_NAME, "dt")
        value = item.find_element(By.TAG_NAME, "dd")
        assert label.text and value.text, item.get_attribute("outerHTML")
        assert label.location["y"] + label.size["height"] <= value.location["y"] + 1, \
            (label.text, value.text)
        assert item.text.startswith(f"{label.text}\n"), item.text
        items[label.text.lower()] = value.text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / shot
    path.write_bytes(header.screenshot_as_png)
    print(f"screenshot: {path}")
    return items


def test_serial_header_shows_labels_and_values_apart(browser, tmp_path):
    from click.testing import CliRunner

    from ctdna_resist.cli import cli
    from helpers import TEST_DATA

    html = tmp_path / "serial.html"
    run = CliRunner().invoke(cli, ["serial", str(TEST_DATA / "serial" / "PT002.timepoints.tsv"),
                                   "--html", str(html)], env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.exit_code == 0, run.output
    items = _header_items(browser, html, "serial-header.png")
    assert items["tumour type"] == "NSCLC"
    assert items["driver"].startswith("EGFR exon 19 deletion\ninferred: ")  # method below
    assert items["time points"].startswith("3: baseline")
    assert items["report date"] == "2023-11-14"


def test_cohort_header_shows_labels_and_values_apart(browser, tmp_path):
    from click.testing import CliRunner

    from ctdna_resist.cli import cli
    from helpers import TEST_DATA

    run = CliRunner().invoke(cli, ["batch", str(TEST_DATA / "example_cohort.samplesheet.tsv"),
                                   "--outdir", str(tmp_path)],
                             env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert run.exit_code == 0, run.output
    items = _header_items(browser, tmp_path / "cohort_summary.html", "cohort-header.png")
    assert (items["samples reported"], items["samples not reported"]) == ("3", "0")
    assert items["therapies assessed"] == "2"

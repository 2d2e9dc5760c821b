"""The coverage checklist in annotations/README.md agrees with the tables it describes.

A curator who adds, removes or re-cites an entry must update the checklist, and every section of
the seed reviews the issue names must say what was curated from it or why nothing was.
"""

import csv
import re
from collections import defaultdict

import pytest

from helpers import ROOT

KB = ROOT / "annotations"
TABLES = {"resistance": "resistance.tsv", "rescue": "rescue.tsv",
          "not assessable": "not_assessable.tsv", "drivers": "drivers.tsv"}
#: sections every checklist must account for: 001 §3–§4 and 002 §2
REQUIRED = {
    "001": ("3", "3.1", "3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.2", "3.2.1", "3.2.2", "3.3",
            "3.3.1", "3.3.2", "3.4", "3.4.1", "3.4.2", "3.5", "3.6", "3.6.1", "3.6.2", "3.7",
            "4", "4.1", "4.2", "4.3", "4.4", "4.5"),
    "002": ("2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.1.5", "2.1.6", "2.1.7", "2.1.8",
            "2.1.9", "2.1.10", "2.2", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5"),
}
_HEADING = re.compile(r"^### (\d{3}) §(\d+(?:\.\d+)*)\b")
_BULLET = re.compile(r"^- (resistance|rescue|not assessable|drivers|left out): (.+)$")
#: a `;` between citations (not one inside a CIViC item's parentheses)
_BETWEEN = re.compile(r";(?![^()]*\))")


def _rows(table: str) -> list[dict]:
    with open(KB / table, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _cited_pairs() -> dict[str, set[tuple[str, str, str]]]:
    """table label -> {(seed prefix, section, id)} from the tables' sources cells (seed
    citations only: CIViC items are accounted for by the CIViC import's coverage)."""
    pairs: dict[str, set] = defaultdict(set)
    for label, table in TABLES.items():
        for row in _rows(table):
            for item in filter(None, (x.strip() for x in _BETWEEN.split(row["sources"]))):
                seed, sep, section = item.partition(" §")
                if sep:
                    pairs[label].add((seed[:3], section, row["id"]))
    return pairs


@pytest.fixture(scope="module")
def checklist() -> dict:
    """{(prefix, section): {label: [ids] or 'left out': text}} parsed from the README."""
    text = (KB / "README.md").read_text(encoding="utf-8")
    assert "\n## Coverage of the sources\n" in text, "README has no coverage checklist"
    body = text.split("\n## Coverage of the sources\n", 1)[1].split("\n## ", 1)[0]
    sections: dict = {}
    current = None
    for line in body.splitlines():
        m = _HEADING.match(line)
        if m:
            current = (m.group(1), m.group(2))
            assert current not in sections, f"section {current} listed twice"
            sections[current] = {}
            continue
        m = _BULLET.match(line)
        if m and current is not None:
            label, rest = m.groups()
            sections[current][label] = rest if label == "left out" else \
                re.findall(r"`([^`]+)`", rest)
    return sections


def test_every_id_the_checklist_names_exists(checklist):
    known = {label: {r["id"] for r in _rows(table)} for label, table in TABLES.items()}
    missing = [(key, label, i) for key, content in checklist.items()
               for label, ids in content.items() if label != "left out"
               for i in ids if i not in known[label]]
    assert missing == []


def test_every_entry_appears_in_the_checklist(checklist):
    listed = {(label, i) for content in checklist.values()
              for label, ids in content.items() if label != "left out" for i in ids}
    seed_cited = {(label, i) for label, pairs in _cited_pairs().items() for _, _, i in pairs}
    absent = [(label, r["id"]) for label, table in TABLES.items() for r in _rows(table)
              if (label, r["id"]) not in listed and (label, r["id"]) in seed_cited]
    assert absent == []


def test_checklist_lists_each_entry_under_exactly_the_sections_it_cites(checklist):
    cited = _cited_pairs()
    listed: dict[str, set] = defaultdict(set)
    for (prefix, section), content in checklist.items():
        for label, ids in content.items():
            if label != "left out":
                listed[label].update((prefix, section, i) for i in ids)
    for label in TABLES:
        assert sorted(listed[label] - cited[label]) == [], f"{label}: listed but not cited"
        assert sorted(cited[label] - listed[label]) == [], f"{label}: cited but not listed"


def test_required_sections_say_what_was_curated_or_left_out(checklist):
    for prefix, sections in REQUIRED.items():
        for section in sections:
            assert (prefix, section) in checklist, f"{prefix} §{section} missing from the checklist"
            content = checklist[(prefix, section)]
            entries = any(ids for label, ids in content.items() if label != "left out")
            assert entries or content.get("left out"), \
                f"{prefix} §{section}: neither entries nor a reason for leaving it out"

"""The shipped knowledge base validates, and the validator names table, line and column."""

import re
import shutil

import pytest

from ctdna_resist.kb.load import load_knowledge_base
from ctdna_resist.kb.schema import TABLES
from helpers import ROOT, SHARED

KB = ROOT / "annotations"


def test_shipped_knowledge_base_is_valid():
    kb, problems = load_knowledge_base(KB)
    assert problems == []
    assert kb.version and kb.entry_count > 0


def test_kb_validate_command(cli):
    result = cli("kb", "validate")
    assert result.exit_code == 0 and "OK" in result.stdout


@pytest.fixture
def broken_kb(tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(KB, copy)
    return copy


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_validator_lists_every_problem_with_location(cli, broken_kb):
    _edit(broken_kb / "rescue.tsv", "NCT03778229", "NCT0377822")
    _edit(broken_kb / "rescue.tsv", "savolitinib;osimertinib", "savolitinib;notadrug")
    _edit(broken_kb / "resistance.tsv", "\tbypass\t", "\tsideways\t")
    result = cli("kb", "validate", "--kb", broken_kb)
    assert result.exit_code == 2
    lines = result.stdout.strip().splitlines()
    assert any(re.match(r"rescue\.tsv:\d+: trials: 'NCT0377822' is not an NCT ID", x)
               for x in lines)
    assert any(re.match(r"rescue\.tsv:\d+: drugs: drug 'notadrug' is not in drugs\.tsv", x)
               for x in lines)
    assert any(re.match(r"resistance\.tsv:\d+: category: 'sideways' is not one of", x)
               for x in lines)


def test_validator_rejects_unknown_columns_duplicates_and_missing_sources(cli, broken_kb):
    path = broken_kb / "resistance.tsv"
    lines = path.read_text().splitlines()
    header = lines[0] + "\textra"
    rows = [line + "\t" for line in lines[1:]]
    rows.append(rows[0])  # duplicate ID
    cells = rows[1].split("\t")
    cells[header.split("\t").index("sources")] = ""
    cells[header.split("\t").index("gene")] = "NOTAGENE"
    rows[1] = "\t".join(cells)
    path.write_text("\n".join([header, *rows]) + "\n")
    out = cli("kb", "validate", "--kb", broken_kb).stdout
    assert "resistance.tsv:1: extra: unknown column" in out
    assert re.search(r"resistance\.tsv:\d+: id: duplicate", out)
    assert "resistance.tsv:3: sources: empty (required)" in out
    assert "resistance.tsv:3: gene: gene 'NOTAGENE' is not in genes.tsv" in out


def test_malformed_kb_given_to_annotate_exits_2(cli, broken_kb):
    from helpers import EXAMPLE_PANEL

    _edit(broken_kb / "drugs.tsv", "EGFR TKI:3", "EGFR TKI:3\tbroken")
    result = cli("annotate", EXAMPLE_PANEL, "--kb", broken_kb, "-o", "-")
    assert result.exit_code == 2
    assert "invalid knowledge base: drugs.tsv:" in result.stderr


def test_every_table_has_a_data_dictionary_entry():
    readme = (KB / "README.md").read_text()
    for name in TABLES:
        assert name in readme, f"{name} is not described in annotations/README.md"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_every_cited_seed_section_exists():
    """A citation `001_... §3.1.2` must name a section heading of that seed file."""
    kb, _ = load_knowledge_base(KB)
    cited = set()
    for entry in [*kb.resistance, *kb.rescue, *kb.not_assessable]:
        cited.update(entry.sources)
    cited.update(kb.drug_citations)
    missing = []
    for citation in sorted(cited, key=str):
        text = (SHARED / "seeds" / citation.file).read_text(encoding="utf-8")
        heading = re.compile(rf"^\s*{re.escape(citation.section)}(?:\.?\s+\S|\s*$)", re.M)
        if not heading.search(text):
            missing.append(str(citation))
    assert missing == []


def test_rescue_drugs_may_name_a_class_that_covers_a_drug(cli, broken_kb):
    """Sources often name a class ('a MET inhibitor plus an ALK TKI'); a class or generation
    that covers no drug in drugs.tsv is an error like an unknown drug."""
    _edit(broken_kb / "rescue.tsv", "\tMET TKI;ALK TKI\t", "\tMET TKI;ALK TKI:7\t")
    result = cli("kb", "validate", "--kb", broken_kb)
    assert result.exit_code == 2
    assert re.search(r"rescue\.tsv:\d+: drugs: drug 'ALK TKI:7' is not in drugs\.tsv",
                     result.stdout)


def test_flags_table_documents_exactly_the_flags_the_code_sets(kb):
    """flags.tsv is the closed list readers are shown; the code's Flag vocabulary is the same
    list, so a new flag cannot reach a report undocumented, nor a documented one go unused."""
    from ctdna_resist.model import Flag

    assert set(kb.flags) == {flag.value for flag in Flag}

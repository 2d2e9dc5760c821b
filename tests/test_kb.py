"""The shipped knowledge base validates, and the validator names table, line and column."""

import re
import shutil

import pytest

from ctdna_resist.kb.entities import Citation
from ctdna_resist.kb.load import load_knowledge_base
from ctdna_resist.kb.schema import TABLES
from helpers import EXAMPLE_THERAPIES, ROOT, SHARED, TEST_DATA

KB = ROOT / "annotations"


def test_shipped_knowledge_base_is_valid():
    kb, problems = load_knowledge_base(KB)
    assert problems == []
    assert kb.version and kb.entry_count > 0


def test_kb_validate_command(cli):
    result = cli("kb", "validate")
    assert result.exit_code == 0 and "OK" in result.stdout
    assert "version 2026.12.1 (reviews 001/002; CIViC 01-Aug-2024)" in result.stdout
    assert re.search(r"resistance entries \(\d+ from the reviews, \d+ from CIViC\)",
                     result.stdout)


def test_kb_list_and_show_give_the_source_of_each_row(cli):
    listed = cli("kb", "list").stdout
    assert listed.startswith("ctdna-resist knowledge base 2026.12.1 (reviews 001/002; CIViC "
                             "01-Aug-2024): ")
    rows = {line.rsplit("(", 1)[1].rstrip(")"): line for line in listed.splitlines()
            if line.startswith("  ")}
    assert rows["EGFR-T790M"].split()[2] == "reviews"
    assert rows["CIVIC-EID238"].split()[2] == "CIViC"
    shown = cli("kb", "show", "EGFR").stdout
    reviews = shown.split("\nEGFR-T790M: ")[1].split("\n\n")[0]
    assert reviews.splitlines()[1] == "  source: reviews"
    civic = shown.split("\nCIVIC-EID238: ")[1].split("\n\n")[0]
    assert civic.splitlines()[1] == ("  source: CIViC EID238 (level A, rating 5; Lung Non-small "
                                     "Cell Carcinoma (DOID:3908))")
    # the options say where they come from too
    assert "-> osimertinib (approved) — applies only to EGFR-mutant disease; source: reviews" \
        in reviews
    assert "-> osimertinib (approved); source: CIViC EID1592 (level A, rating 5;" in reviews


@pytest.fixture
def kb_copy(tmp_path):
    copy = tmp_path / "kb"
    shutil.copytree(KB, copy)
    return copy


@pytest.fixture
def broken_kb(kb_copy):
    return kb_copy


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


def test_validator_checks_the_rows_derived_from_civic(cli, broken_kb):
    """A derived row cites exactly its own item, with the level and rating of its civic_*
    cells; VERSION names the release the rows cite; a disagreement names real rows and has
    both sides."""
    _edit(broken_kb / "civic_resistance.tsv", "\tD\t3\tCancer (DOID:162)",
          "\tB\t3\tCancer (DOID:162)")
    _edit(broken_kb / "civic_rescue.tsv", "CIVIC-R-EID11347\t", "CIVIC-R-EID11348-X\t")
    _edit(broken_kb / "civic_conflicts.tsv", "\tALK-BRIG\t", "\tALK-NOWHERE\t")
    (broken_kb / "VERSION").write_text("2026.12.0\n")
    out = cli("kb", "validate", "--kb", broken_kb).stdout
    assert re.search(r"civic_resistance\.tsv:\d+: civic_level: level B, rating 3 disagree "
                     r"with the citation \(CIViC EID\d+ \(PMID", out)
    assert re.search(r"civic_rescue\.tsv:\d+: sources: cites EID11347, but the row is derived "
                     r"from EID11348", out)
    assert re.search(r"civic_conflicts\.tsv:\d+: kb_entries: 'ALK-NOWHERE' is no row", out)
    assert "VERSION:1: -: '2026.12.0' does not name the CIViC release the rows cite" in out


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


def test_validator_finds_a_padded_cell_wherever_it_is(cli, broken_kb):
    """A space copied in from a spreadsheet, at either end of a cell: the first cell of a row,
    one in the middle (a non-breaking space) and the last."""
    resistance = broken_kb / "resistance.tsv"
    first = _set_cell(resistance, "EGFR-T790M\t", "id", " EGFR-T790M")
    middle = _set_cell(broken_kb / "rescue.tsv", "R-MET-SAVO-OSI\t", "regimen",
                       "savolitinib + osimertinib\u00a0")
    last = _set_cell(resistance, "EGFR-C797S\t", "notes", "see 001 ")
    out = cli("kb", "validate", "--kb", broken_kb).stdout
    assert f"resistance.tsv:{first}: id: leading or trailing white space" in out
    assert f"rescue.tsv:{middle}: regimen: leading or trailing white space" in out
    assert f"resistance.tsv:{last}: notes: leading or trailing white space" in out


def _set_cell(path, row_start: str, column: str, value: str) -> int:
    """Set one cell of the first row that starts with `row_start`; returns the row's line."""
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith(row_start):
            cells = line.split("\t")
            cells[header.index(column)] = value
            lines[number - 1] = "\t".join(cells)
            path.write_text("\n".join(lines) + "\n")
            return number
    raise AssertionError(f"no row of {path.name} starts with {row_start!r}")


def test_validator_checks_coding_models_and_reference_codons(cli, broken_kb):
    """transcripts.tsv and codons.tsv are validated like every table: each broken row named."""
    models, codons = broken_kb / "transcripts.tsv", broken_kb / "codons.tsv"
    starts = _set_cell(models, "EGFR\tGRCh38\t", "exon_starts", "55019017,55142286,551x")
    ends = _set_cell(models, "EGFR\tGRCh37\t", "exon_ends", "55087058,55210130")
    gene = _set_cell(models, "KRAS\tGRCh38\t", "gene", "KRASS")
    build = _set_cell(models, "TP53\tGRCh38\t", "build", "hg38")
    strand = _set_cell(models, "MET\tGRCh38\t", "strand", "minus")
    codon = _set_cell(codons, "EGFR\tNM_005228.5\t790\t", "grch38_positions",
                      "55181377,55181378")
    result = cli("kb", "validate", "--kb", broken_kb)
    assert result.exit_code == 2
    out = result.stdout.splitlines()
    assert f"transcripts.tsv:{starts}: exon_starts: '55019017,55142286,551x' is not a " \
        "comma-separated list of positions" in out
    assert any(x.startswith(f"transcripts.tsv:{ends}: exon_ends: 2 exon ends for ") for x in out)
    assert f"transcripts.tsv:{gene}: gene: gene 'KRASS' is not in genes.tsv" in out
    assert f"transcripts.tsv:{build}: build: 'hg38' is not one of GRCh37, GRCh38" in out
    assert f"transcripts.tsv:{strand}: strand: 'minus' is not one of +, -" in out
    assert f"codons.tsv:{codon}: grch38_positions: '55181377,55181378' is not three " \
        "positions (comma-separated)" in out
    assert len(out) == 6, out


def _unannotated_example(cli, *kb) -> set[tuple[str, str]]:
    data = cli.annotate(TEST_DATA / "example_patient.unannotated.vcf", *EXAMPLE_THERAPIES, *kb)
    return {(a["gene"], a["alteration"]) for a in data["findings"] + data["other_alterations"]}


def _keep_rows(path, keep) -> None:
    lines = path.read_text().splitlines()
    header = lines[0].split("\t")
    kept = [line for line in lines[1:] if keep(dict(zip(header, line.split("\t"), strict=True)))]
    assert 0 < len(kept) < len(lines) - 1
    path.write_text("\n".join([lines[0], *kept]) + "\n")


def test_kb_coding_models_and_codons_replace_the_shipped_ones(cli, kb_copy, tmp_path):
    """The unannotated example VCF (GRCh38) is translated by coordinate: EGFR and PIK3CA by
    hotspots.tsv, TP53 R273H and DNMT3A R882H (both on the minus strand) by codons.tsv with the
    strand of their transcripts.tsv model. A knowledge base holding GRCh37 models only leaves
    those two as genomic changes; one without TP53's codons leaves TP53 alone so."""
    shipped = _unannotated_example(cli)
    assert {("TP53", "R273H"), ("DNMT3A", "R882H"), ("EGFR", "T790M")} <= shipped
    _keep_rows(kb_copy / "transcripts.tsv", lambda row: row["build"] == "GRCh37")
    assert cli("kb", "validate", "--kb", kb_copy).exit_code == 0
    grch37_models = _unannotated_example(cli, "--kb", kb_copy)
    assert shipped - grch37_models == {("TP53", "R273H"), ("DNMT3A", "R882H")}
    assert grch37_models - shipped == {("TP53", "g.7673802C>T"), ("DNMT3A", "g.25234373C>T")}

    other_copy = shutil.copytree(KB, tmp_path / "other")  # a new path: loaded afresh
    _keep_rows(other_copy / "codons.tsv", lambda row: row["gene"] != "TP53")
    no_tp53_codons = _unannotated_example(cli, "--kb", other_copy)
    assert shipped - no_tp53_codons == {("TP53", "R273H")}
    assert no_tp53_codons - shipped == {("TP53", "g.7673802C>T")}


def test_malformed_kb_given_to_annotate_exits_2(cli, broken_kb):
    from helpers import EXAMPLE_PANEL

    _edit(broken_kb / "drugs.tsv", "EGFR TKI:3", "EGFR TKI:3\tbroken")
    result = cli("annotate", EXAMPLE_PANEL, "--kb", broken_kb, "-o", "-")
    assert result.exit_code == 2
    # the file named with its folder: which knowledge base is at fault is never a guess
    assert f"invalid knowledge base: {broken_kb.resolve() / 'drugs.tsv'}:2:" in result.stderr


def test_every_table_has_a_data_dictionary_entry():
    """Each table of the schema has a section in annotations/README.md naming every column (in
    backticks or as the first cell of a row of the section's table)."""
    readme = (KB / "README.md").read_text()
    sections = re.split(r"^(?=#{2,3} )", readme, flags=re.M)
    for name, table in TABLES.items():
        found = [s for s in sections if s.startswith("### ")
                 and re.search(rf"(?<!\w){re.escape(name)}", s.splitlines()[0])]
        assert len(found) == 1, f"{name}: {len(found)} sections in annotations/README.md"
        named = set(re.findall(r"`([^`]+)`", found[0]))
        for line in found[0].splitlines():
            if line.startswith("| "):
                named.update(cell.strip() for cell in line.split("|")[1].split(","))
        missing = [column for column in table.columns if column not in named]
        assert missing == [], f"{name}: {missing} not described in annotations/README.md"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_every_cited_seed_section_exists():
    """A citation `001_... §3.1.2` must name a section heading of that seed file."""
    kb, _ = load_knowledge_base(KB)
    cited = set()
    for entry in [*kb.resistance, *kb.rescue, *kb.not_assessable]:
        cited.update(entry.sources)
    cited.update(kb.drug_citations)
    missing = []
    for citation in sorted((c for c in cited if isinstance(c, Citation)), key=str):
        text = (SHARED / "seeds" / citation.file).read_text(encoding="utf-8")
        heading = re.compile(rf"^\s*{re.escape(citation.section)}(?:\.?\s+\S|\s*$)", re.M)
        if not heading.search(text):
            missing.append(str(citation))
    assert missing == []


def test_text_for_readers_names_the_reviews_by_author_not_by_file():
    """Evidence, conditions and frequencies are shown to oncologists as written: a review is
    'Xiang et al. (2024)', never the seed file's number ('Table 1 of 002')."""
    kb, _ = load_knowledge_base(KB)
    seed_number = re.compile(r"\b00[1-4]\b|\.txt\b")
    texts = [(e.id, t) for e in kb.resistance if e.civic is None
             for t in (e.evidence, e.frequency)]
    texts += [(e.id, t) for e in kb.rescue if e.civic is None
              for t in (e.evidence, e.condition_text, e.response, e.trial_status)]
    texts += [(e.id, t) for e in kb.not_assessable for t in (e.mechanism, e.evidence)]
    assert [(i, t) for i, t in texts if seed_number.search(t)] == []


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

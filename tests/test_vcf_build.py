"""The genome build of a VCF from its header: one case per kind of hint, the line shown as
`sample.genome_evidence`, and hints that disagree refused naming both."""

import pytest

from helpers import EXAMPLE_THERAPIES

#: an unannotated EGFR T790M record: read through the hotspot coordinates of the build
T790M = {"GRCh37": "7\t55249071\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:900,60\n",
         "GRCh38": "7\t55181378\t.\tC\tT\t.\tPASS\t.\tGT:AD\t0/1:900,60\n"}
COLUMNS = "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"

HINTS = [
    # (header line, build it says, evidence shown)
    ("##reference=file:///ref/hg38/v0/Homo_sapiens_assembly38.fasta", "GRCh38",
     "VCF header ##reference=.../Homo_sapiens_assembly38.fasta"),
    ("##reference=/data/b37/human_g1k_v37_decoy.fasta", "GRCh37",
     "VCF header ##reference=.../human_g1k_v37_decoy.fasta"),
    ("##assembly=GRCh37", "GRCh37", "VCF header ##assembly=GRCh37"),
    ("##assembly=hg38", "GRCh38", "VCF header ##assembly=hg38"),
    ("##contig=<ID=chr1,length=249250621>", "GRCh37",
     "VCF header ##contig=<ID=chr1,length=249250621>"),
    ("##contig=<ID=1,length=248956422>", "GRCh38", "VCF header ##contig=<ID=1,length=248956422>"),
    ("##contig=<ID=chrUn_KI270302v1,length=2274>", "GRCh38",
     "VCF header ##contig=<ID=chrUn_KI270302v1,length=2274>"),
    ("##contig=<ID=hs37d5,length=35477943>", "GRCh37",
     "VCF header ##contig=<ID=hs37d5,length=35477943>"),
    ("##contig=<ID=7,assembly=b37>", "GRCh37", "VCF header ##contig=<ID=7,assembly=b37>"),
    # liftover: the build the chain lifts to, whatever the first half of its name says
    ("##liftOverChainFile=/db/chainFiles/hg19Tohg38.over.chain.gz", "GRCh38",
     "VCF header ##liftOverChainFile=.../hg19Tohg38.over.chain.gz"),
    ("##liftOverFile=/vep/chainFiles/hg38ToHg19.over.chain.gz", "GRCh37",
     "VCF header ##liftOverFile=.../hg38ToHg19.over.chain.gz"),
    ("##new_reference_genome=/usr/local/share/vep/data/hg19/ucsc.hg19.fa", "GRCh37",
     "VCF header ##new_reference_genome=.../ucsc.hg19.fa"),
    ("##source=strelka2 --referenceFasta /genomes/GRCh38/genome.fa", "GRCh38",
     "VCF header ##source=strelka2 --referenceFasta /genomes/GRCh38/genome.fa"),
    ("##reference=/genomes/GRCh38/genome.fa", "GRCh38",
     "VCF header ##reference=.../GRCh38/genome.fa"),
    ('##VEP="v110" cache="homo_sapiens/110_GRCh37" assembly="GRCh37"', "GRCh37",
     'VCF header ##VEP="v110" cache="homo_sapiens/110_GRCh37" assembly="GRCh37"'),
    ('##GATKCommandLine=<ID=FilterMutectCalls,CommandLine="FilterMutectCalls --output f.vcf.gz '
     '--variant u.vcf.gz --reference /refs/hg19/ucsc.hg19.fasta --verbosity INFO",'
     'Version="4.4.0.0">', "GRCh37",
     "VCF header ##GATKCommandLine=.../refs/hg19/ucsc.hg19.fasta..."),
]


def _vcf(tmp_path, lines: list[str], build: str = "GRCh38"):
    """A VCF of one T790M record; a header listing contigs lists chromosome 7 too, named as
    they are."""
    prefix = "chr" if any("ID=chr" in line for line in lines) else ""
    if any(line.startswith("##contig") for line in lines):
        lines = [*lines, f"##contig=<ID={prefix}7>"]
    path = tmp_path / "calls.vcf"
    path.write_text("##fileformat=VCFv4.2\n" + "".join(f"{line}\n" for line in lines) +
                    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
                    + COLUMNS + prefix + T790M[build])
    return path


@pytest.mark.parametrize("line,build,evidence", HINTS, ids=[h[0][:40] for h in HINTS])
def test_the_build_comes_from_each_header_hint(cli, tmp_path, line, build, evidence):
    data = cli.annotate(_vcf(tmp_path, [line], build), *EXAMPLE_THERAPIES)
    assert data["sample"]["genome"] == build
    assert data["sample"]["genome_evidence"].endswith(evidence)
    # the record was read at that build's coordinates: T790M through the hotspot table
    assert [(f["gene"], f["alteration"]) for f in data["findings"]] == [("EGFR", "T790M")]


def test_conflicting_hints_are_an_error_naming_both(cli, tmp_path):
    path = _vcf(tmp_path, ["##reference=file:///ref/Homo_sapiens_assembly38.fasta",
                           "##contig=<ID=7,length=159138663>"])
    result = cli("annotate", path, "-o", "-")
    assert result.exit_code == 2
    assert "genome build unclear: the header's ##contig=<ID=7,length=159138663> says GRCh37 " \
        "but ##reference=.../Homo_sapiens_assembly38.fasta says GRCh38" in result.stderr
    # --genome settles it
    data = cli.annotate(path, "--genome", "GRCh38", *EXAMPLE_THERAPIES)
    assert data["sample"]["genome_evidence"] == "--genome GRCh38"


def test_a_tool_line_does_not_overrule_the_files_own_sequence(cli, tmp_path):
    """An annotation cache of another build names how a tool ran, not the file's sequence."""
    path = _vcf(tmp_path, ["##contig=<ID=7,length=159345973>",
                           '##VEP="v110" cache="homo_sapiens/110_GRCh37"'])
    data = cli.annotate(path, *EXAMPLE_THERAPIES)
    assert data["sample"]["genome"] == "GRCh38"
    assert data["sample"]["genome_evidence"] == \
        "VCF header ##contig=<ID=7,length=159345973>"


def test_a_silent_header_takes_the_option_and_says_so(cli, tmp_path):
    data = cli.annotate(_vcf(tmp_path, []), "--genome", "GRCh38", *EXAMPLE_THERAPIES)
    assert data["sample"]["genome_evidence"] == "--genome GRCh38"
    result = cli("annotate", _vcf(tmp_path, []), "-o", "-")
    assert result.exit_code == 2 and "genome build is not stated" in result.stderr

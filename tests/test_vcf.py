"""VCFs as callers write them: one fixture per producer, each with its real-world quirk."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from helpers import EXAMPLE_THERAPIES, EXAMPLE_VCF, ROOT, TEST_DATA
from test_cli import _summary

VCF = TEST_DATA / "vcf"
ANNOTATIONS = ROOT / "annotations"


def _alts(data):
    return {(f["gene"], f["alteration"]): f for f in data["findings"] + data["other_alterations"]}


def test_vep_several_transcripts_mane_chosen_and_multiallelic_split(cli):
    data = cli.annotate(VCF / "vep_several_transcripts.vcf")
    alts = _alts(data)
    assert ("EGFR", "T790M") in alts and ("EGFR", "T745M") not in alts
    assert alts[("EGFR", "T790M")]["vaf"] == 0.05
    # one record, two ALT alleles: two alterations, each with its own VAF
    assert alts[("KRAS", "G12D")]["vaf"] == 0.06 and alts[("KRAS", "G12V")]["vaf"] == 0.04
    assert data["accounting"]["input_records"] == 2 and data["accounting"]["alterations"] == 3


def test_vep_without_hgvs_uses_protein_position_and_amino_acids(cli):
    data = cli.annotate(VCF / "vep_without_hgvs.vcf", "--therapy", "osimertinib")
    finding = data["findings"][0]
    assert (finding["gene"], finding["alteration"], finding["hgvs_p"]) == \
        ("EGFR", "C797S", "p.Cys797Ser")


def test_vep_output_under_ann_tag_is_read_as_vep(cli):
    data = cli.annotate(VCF / "vep_under_ann.vcf")
    assert data["sample"]["driver"] is None  # no therapy given
    assert ("EGFR", "L858R") in _alts(data)


def test_vaf_from_ad_when_af_is_missing(cli):
    alt = _alts(cli.annotate(VCF / "af_missing_vaf_from_ad.vcf"))[("KRAS", "G12C")]
    assert alt["vaf"] == 0.05


@pytest.mark.parametrize(("caller", "fields", "allele", "expected"), [
    # Mutect2: FORMAT AF wins over AD; DP is the depth
    ("mutect2", "C\tT\t.\tPASS\t.\tGT:AD:AF:DP\t0/1:180,20:0.098:200", 1,
     (0.098, 200, 20, "FORMAT/AF")),
    # a multi-allelic record: the second ALT's AD against the sum of AD
    ("AD only", "C\tT,G\t.\tPASS\t.\tGT:AD\t1/2:70,20,10", 2, (0.1, 100, 10, "FORMAT/AD")),
    # a missing REF count (vcf2maf's test VCF): alt / DP, not alt / alt
    ("AD with '.'", "C\tT\t.\tPASS\t.\tGT:AD:DP\t0/1:.,21:54", 1,
     (0.388889, 54, 21, "FORMAT/AD and DP")),
    # Strelka SNVs: tier-1 counts of the REF (C) and ALT (T) bases
    ("strelka", "C\tT\t.\tPASS\tSOMATIC\tDP:FDP:SDP:SUBDP:AU:CU:GU:TU\t"
     "120:0:0:0:0,0:100,102:0,0:20,21", 1, (0.166667, 120, 20, "FORMAT/AU,CU,GU,TU (tier 1)")),
    # Strelka indels: TIR (alt) and TAR (other) tier-1 counts
    ("strelka indel", "CA\tC\t.\tPASS\tSOMATIC\tDP:DP2:TAR:TIR:TOR\t"
     "300:300:270,280:25,26:5,5", 1, (0.084746, 300, 25, "FORMAT/TIR,TAR (tier 1)")),
    # PCGR's example VCFs: tumour allelic depths ADT and depth DPT, INFO TVAF beside them
    ("pcgr", "C\tT\t.\tPASS\tTVAF=0.275862068966;TDP=29\tGT:DPC:DPT:ADC:ADT\t"
     "0/1:26:29:.,.:21,8", 1, (0.275862, 29, 8, "FORMAT/ADT")),
    # the same without per-sample fields: INFO TVAF and TDP
    ("tvaf", "C\tT\t.\tPASS\tTVAF=0.0612;TDP=817", 1, (0.0612, 817, None, "INFO/TVAF")),
    # LoFreq, sites-only: INFO AF, alt reads from DP4, INFO DP
    ("lofreq", "C\tT\t.\tPASS\tDP=500;AF=0.012;DP4=250,244,3,3", 1,
     (0.012, 500, 6, "INFO/AF")),
    # bcftools mpileup, sites-only: DP4 alone
    ("dp4", "C\tT\t.\tPASS\tDP4=250,244,3,3", 1, (0.012, 500, 6, "INFO/DP4")),
])
def test_allele_fraction_as_callers_write_it(caller, fields, allele, expected):
    from ctdna_resist.readers.vcf.fractions import allele_fraction
    from ctdna_resist.readers.vcf.records import Record

    record = Record(f"chr7\t55181378\t.\t{fields}", "test", 1)
    sample_index = 0 if len(record.fields) > 9 else None
    assert allele_fraction(record, allele, sample_index) == expected


def test_varscan_freq_is_a_percentage():
    from ctdna_resist.readers.vcf.fractions import allele_fraction
    from ctdna_resist.readers.vcf.records import Record

    record = Record("chr7\t55181378\t.\tC\tT\t.\tPASS\t.\tGT:DP:RD:AD:FREQ\t"
                    "0/1:80:60:20:25%", "test", 1)
    vaf, depth, _, source = allele_fraction(record, 1, 0)
    assert (vaf, depth, source) == (0.25, 80, "FORMAT/FREQ")


def test_tumour_normal_with_normal_first_reads_the_tumour_column(cli):
    data = cli.annotate(VCF / "mutect2_normal_first.vcf", "--therapy", "erlotinib")
    assert data["sample"]["id"] == "PT002_plasma"
    assert data["sample"]["genome"] == "GRCh37"  # human_g1k_v37 and GRCh37 contig lengths
    t790m = next(f for f in data["findings"] if f["alteration"] == "T790M")
    assert t790m["vaf"] == 0.041  # the tumour's, not the normal's 0.001
    assert data["sample"]["driver"] == {"gene": "EGFR", "alteration": "L858R"}
    normal = cli.annotate(VCF / "mutect2_normal_first.vcf", "--sample", "PT002_buffy_coat")
    assert _alts(normal)[("EGFR", "T790M")]["vaf"] == 0.001


def test_lofreq_sites_only_vaf_from_info_and_failed_filter_counted(cli):
    data = cli.annotate(VCF / "lofreq_sites_only.vcf")
    e545k = _alts(data)[("PIK3CA", "E545K")]
    assert e545k["vaf"] == 0.01809
    assert data["accounting"]["skipped_reasons"] == {"FILTER not PASS": 1}


def test_bnd_mate_pair_is_one_fusion(cli):
    data = cli.annotate(VCF / "manta_bnd_mate_pair.vcf")
    fusions = [a for a in data["findings"] + data["other_alterations"]
               if a["alteration"] == "fusion"]
    assert [(f["gene"], f["partner"]) for f in fusions] == [("ALK", "EML4")]
    assert data["accounting"]["input_records"] == 2
    assert data["accounting"]["alterations"] == 1


def test_failed_filter_never_becomes_a_finding(cli):
    data = cli.annotate(VCF / "failed_filter.vcf", *EXAMPLE_THERAPIES)
    assert "C797S" not in {f["alteration"] for f in data["findings"]}
    assert data["accounting"]["skipped_reasons"] == {"FILTER not PASS": 1}


def test_bcftools_csq_consequences(cli):
    alts = _alts(cli.annotate(VCF / "bcftools_csq.vcf"))
    assert alts[("EGFR", "T790M")]["hgvs_p"] == "p.Thr790Met"
    assert alts[("EGFR", "exon 19 deletion")]["hgvs_p"] == "p.Glu746_Ala750del"


def test_cnvkit_fold_change_gives_copy_number_and_gene_from_spans(cli):
    data = cli.annotate(VCF / "cnvkit_export.vcf")
    alts = _alts(data)
    met = alts[("MET", "amplification")]
    assert met.get("plasma_copy_number", met.get("copy_number")) == pytest.approx(8.2, abs=0.01)
    assert ("ERBB2", "amplification") not in alts  # log2 0.26: a gain, not an amplification


@pytest.mark.parametrize("fixture", ["example_patient.unannotated.vcf",
                                     "example_patient.snpeff.vcf"])
def test_example_patient_any_annotation_gives_the_vep_findings(cli, fixture):
    vep = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    other = cli.annotate(TEST_DATA / fixture, *EXAMPLE_THERAPIES)
    assert _summary(other) == _summary(vep)
    assert other["sample"]["driver"] == vep["sample"]["driver"]


def _sparse_fasta(path: Path, contigs: dict[str, int], windows: dict[str, list[tuple[int, int]]],
                  bases: dict[tuple[str, int], str], fill: str = "C") -> None:
    """A FASTA of real contig lengths written only in `windows` (a sparse file) + its .fai."""
    width = 60
    offset = 0
    fai = []
    with open(path, "wb") as fh:
        for name, length in contigs.items():
            header = f">{name}\n".encode()
            fh.seek(offset)
            fh.write(header)
            start = offset + len(header)
            fai.append(f"{name}\t{length}\t{start}\t{width}\t{width + 1}\n")
            for lo, hi in windows.get(name, ()):
                first_line, last_line = (lo - 1) // width, (min(hi, length) - 1) // width
                for line in range(first_line, last_line + 1):
                    seq = []
                    for p in range(line * width + 1, min((line + 1) * width, length) + 1):
                        seq.append(bases.get((name, p), fill))
                    fh.seek(start + line * (width + 1))
                    fh.write(("".join(seq) + "\n").encode())
            offset = start + length + (length + width - 1) // width
        fh.truncate(offset)
    path.with_name(path.name + ".fai").write_text("".join(fai))


def _example_fasta(tmp_path: Path) -> Path:
    """The example patient's contigs, written around the coding exons of its genes: filler
    bases except the real reference codons (codons.tsv) and the records' REF bases."""
    from ctdna_resist.kb import load_or_raise
    from ctdna_resist.readers.vcf.translate import COMPLEMENT

    models = load_or_raise(ANNOTATIONS).transcripts["GRCh38"]
    contigs = {"chr2": 242193529, "chr3": 198295559, "chr7": 159345973, "chr17": 83257441}
    windows: dict[str, list[tuple[int, int]]] = {}
    for gene in ("EGFR", "PIK3CA", "DNMT3A", "TP53", "MET"):
        tx = models[gene]
        windows.setdefault(f"chr{tx.chrom}", []).extend(
            (s - 10, e + 10) for s, e in tx.coding_exons)
    bases = {}
    with open(ANNOTATIONS / "codons.tsv") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            # positions are in transcript order: the minus strand holds the complement
            codon = row["ref_codon"] if row["strand"] == "+" else \
                row["ref_codon"].translate(COMPLEMENT)
            for pos, base in zip(row["grch38_positions"].split(","), codon, strict=True):
                bases[(f"chr{row['chrom']}", int(pos))] = base
    fasta = tmp_path / "genome.fa"
    _sparse_fasta(fasta, contigs, windows, bases)
    return fasta


def test_example_patient_unannotated_with_reference_fasta(cli, tmp_path):
    fasta = _example_fasta(tmp_path)
    vep = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    data = cli.annotate(TEST_DATA / "example_patient.unannotated.vcf", *EXAMPLE_THERAPIES,
                        "--reference", fasta)
    assert _summary(data) == _summary(vep)
    # translated from the FASTA, not only the hotspots: the CHIP and TP53 variants too
    assert {("DNMT3A", "R882H"), ("TP53", "R273H")} <= set(_alts(data))


def test_reference_coding_sequences_are_read_once_per_file(cli, tmp_path, monkeypatch):
    """With --reference, each gene's coding sequence is read from the FASTA once for the whole
    file, not once per record."""
    from ctdna_resist.readers.vcf import translate

    fasta = _example_fasta(tmp_path)
    built, read = [], []
    original_init, original_cds = translate.Translator.__init__, translate.Translator.cds

    def init(self, *args):
        built.append(self)
        original_init(self, *args)

    def cds(self, tx):
        if tx.gene not in self._cds:
            read.append(tx.gene)
        return original_cds(self, tx)

    monkeypatch.setattr(translate.Translator, "__init__", init)
    monkeypatch.setattr(translate.Translator, "cds", cds)
    data = cli.annotate(TEST_DATA / "example_patient.unannotated.vcf", *EXAMPLE_THERAPIES,
                        "--reference", fasta)
    assert {("DNMT3A", "R882H"), ("TP53", "R273H")} <= set(_alts(data))
    assert len(built) == 1
    assert sorted(read) == sorted(set(read)) and {"DNMT3A", "TP53"} <= set(read)


def test_ref_mismatch_with_the_fasta_is_an_error_naming_the_record(cli, tmp_path):
    fasta = _example_fasta(tmp_path)
    bad = tmp_path / "bad.vcf"
    text = (TEST_DATA / "example_patient.unannotated.vcf").read_text()
    bad.write_text(text.replace("chr7\t55181378\t.\tC\tT", "chr7\t55181378\t.\tG\tT"))
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "\t55181378\t" in row)
    result = cli("annotate", bad, "--reference", fasta, "-o", "-")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert str(bad) in message and "REF G does not match" in message and f":{line}:" in message


def test_indexed_and_streamed_reads_agree(cli, tmp_path):
    """The same records bgzipped + indexed, bgzipped only, and plain-gzipped: same result, and
    outside_kb_genes counted from the index equals the streamed count."""
    import gzip

    import pysam

    text = (VCF / "vep_several_transcripts.vcf").read_text().splitlines()
    header = [line for line in text if line.startswith("#")]
    body = [line for line in text if not line.startswith("#")]
    extra = ["chr1\t1000000\t.\tA\tG,T\t.\tPASS\t.\tGT:AD:DP:AF\t0/1:90,5,5:100:0.05,0.05",
             "chr7\t55018000\t.\tAGGGGGGGGGG\tA\t.\tPASS\t.\tGT:AD:DP:AF\t0/1:90,10:100:0.1",
             "chr7\t90000000\t.\tA\tG\t.\tLowQual\t.\tGT:AD:DP:AF\t0/1:90,10:100:0.1"]
    body = sorted(body + extra, key=lambda r: (r.split("\t")[0], int(r.split("\t")[1])))
    plain = tmp_path / "calls.vcf"
    plain.write_text("\n".join(header + body) + "\n")
    indexed = tmp_path / "calls.vcf.gz"
    pysam.tabix_compress(str(plain), str(indexed))
    pysam.tabix_index(str(indexed), preset="vcf")
    streamed = tmp_path / "copy.vcf.gz"
    shutil.copyfile(indexed, streamed)
    gzipped = tmp_path / "gzip.vcf.gz"
    gzipped.write_bytes(gzip.compress(plain.read_bytes()))
    results = [cli.annotate(p) for p in (plain, indexed, streamed, gzipped)]
    accounting = [r["accounting"] for r in results]
    assert all(a == accounting[0] for a in accounting), accounting
    assert accounting[0]["outside_kb_genes"] == 3  # one per record outside, whatever its ALTs
    assert accounting[0]["input_records"] == 5


def test_index_record_count_matches_the_records_in_the_file(tmp_path):
    import gzip

    from ctdna_resist.readers.vcf.index import index_record_count

    with gzip.open(EXAMPLE_VCF, "rt") as fh:
        records = sum(1 for line in fh if line.strip() and not line.startswith("#"))
    assert index_record_count(Path(str(EXAMPLE_VCF) + ".tbi")) == records == 7


def test_genome_build_conflict_and_unknown_contigs_are_errors(cli, tmp_path):
    conflict = cli("annotate", VCF / "mutect2_normal_first.vcf", "--genome", "GRCh38", "-o", "-")
    assert conflict.exit_code == 2 and "header describes GRCh37" in conflict.stderr
    odd = tmp_path / "refseq_contigs.vcf"
    text = (VCF / "vep_under_ann.vcf").read_text()
    odd.write_text(text.replace("ID=chr", "ID=NC_0000").replace("\nchr7\t", "\nNC_00007\t")
                   .replace("##reference=GRCh38\n", ""))
    result = cli("annotate", odd, "--genome", "GRCh38", "-o", "-")
    assert result.exit_code == 2 and "fit neither GRCh37 nor GRCh38" in result.stderr


def test_unannotated_codon_translation_without_reference(cli, tmp_path):
    """An SNV in a known codon that is not a curated hotspot (KRAS G12A, minus strand)."""
    vcf = tmp_path / "g12a.vcf"
    header = (VCF / "af_missing_vaf_from_ad.vcf").read_text().split("#CHROM")[0]
    vcf.write_text(header + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS\n"
                   "chr12\t25245350\t.\tC\tG\t.\tPASS\t.\tGT:AD:DP\t0/1:90,10:100\n")
    assert ("KRAS", "G12A") in _alts(cli.annotate(vcf))


def test_translation_of_indels_on_both_strands():
    from ctdna_resist.kb.entities import Transcript
    from ctdna_resist.readers.vcf.translate import Translator, revcomp

    cds = "ATG" + "GAA" + "CTG" + "AGA" + "GAA" + "GCA" + "ACA" + "TAA"  # M E L R E A T *
    genome = "NN" + cds + "NN"

    class Fasta:
        def __init__(self, seq):
            self.seq = seq

        def fetch(self, contig, start, end):
            return self.seq[start:end]

    plus = Transcript(gene="EGFR", chrom="7", strand="+", cds_start=3, cds_end=26,
                      exons=((3, 26),))
    translator = Translator(Fasta(genome), {"EGFR": plus}, lambda c: c)
    # delete GAACTGAGA (E2 L3 R4) after the ATG: MELREAT -> MEAT, written 3'-most
    assert translator.change("EGFR", 5, "GGAACTGAGA", "G", set()).text == "p.Leu3_Glu5del"
    assert translator.change("EGFR", 9, "C", "A", set()).text == "p.Leu3Met"
    minus_genome = "NN" + revcomp(cds) + "NN"
    minus = Transcript(gene="KRAS", chrom="12", strand="-", cds_start=3, cds_end=26,
                       exons=((3, 26),))
    translator = Translator(Fasta(minus_genome), {"KRAS": minus}, lambda c: c)
    # transcript codon 2 GAA at c.4-6 lies at genomic 21..23 (reverse strand): G->T at c.4
    assert translator.change("KRAS", 23, "C", "A", set()).text == "p.Glu2Ter"
    # duplication of codon 3 (CTG, genomic 20..18): CAG inserted after the anchor at 17
    anchor = minus_genome[16]
    assert translator.change("KRAS", 17, anchor, anchor + "CAG", set()).text == "p.Leu3dup"


def test_bcf_indexed_and_not_gives_the_vep_findings(cli, tmp_path):
    import pysam

    bcf = tmp_path / "example.bcf"
    with pysam.VariantFile(str(EXAMPLE_VCF)) as src, \
            pysam.VariantFile(str(bcf), "wb", header=src.header) as out:
        for record in src:
            out.write(record)
    vep = cli.annotate(EXAMPLE_VCF, *EXAMPLE_THERAPIES)
    assert _summary(cli.annotate(bcf, *EXAMPLE_THERAPIES)) == _summary(vep)
    pysam.tabix_index(str(bcf), preset="bcf", csi=True)
    from ctdna_resist.readers.vcf.index import index_record_count

    assert index_record_count(Path(str(bcf) + ".csi")) == 7
    indexed = cli.annotate(bcf, *EXAMPLE_THERAPIES)
    assert _summary(indexed) == _summary(vep)
    assert indexed["accounting"] == vep["accounting"]


#: a GRCh38 VCF header with a VEP CSQ field of seven columns, before its records
VEP_HEADER = (
    "##fileformat=VCFv4.2\n##reference=GRCh38\n"
    '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl '
    'VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Feature|HGVSc|HGVSp">\n'
    "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n")


def test_genes_outside_the_knowledge_base_are_named_as_examples(cli, tmp_path):
    """The annotation names the gene of a record outside the knowledge-base regions (and of
    an allele in a region whose consequence names another gene): counted, with examples."""
    path = tmp_path / "annotated.vcf"
    path.write_text(
        VEP_HEADER +
        "chr7\t55181378\t.\tC\tT\t.\tPASS\tCSQ=T|missense_variant|MODERATE|EGFR|"
        "ENST00000275493|c.2369C>T|p.Thr790Met\n"
        "chr21\t34792292\t.\tA\tC\t.\tPASS\tCSQ=C|missense_variant|MODERATE|RUNX1|"
        "ENST00000675419|c.10T>G|p.Ser4Ala\n"
        "chr21\t34880549\t.\tT\tC\t.\tPASS\tCSQ=C|synonymous_variant|LOW|SETD4|"
        "ENST00000332131|c.9A>G|p.Lys3=\n")
    accounting = cli.annotate(path)["accounting"]
    assert accounting["outside_kb_genes"] == 2
    assert accounting["outside_kb_gene_examples"] == ["RUNX1", "SETD4"]


def test_only_records_no_consequence_of_which_changes_a_protein_are_counted_unread(cli,
                                                                                   tmp_path):
    """Synonymous and intronic records are counted without being read in full; a record with
    one consequence that changes the protein (here on the second transcript) is read."""
    from ctdna_resist.readers.vcf.alleles import NO_PROTEIN_CHANGE

    path = tmp_path / "annotated.vcf"
    path.write_text(
        VEP_HEADER +
        "chr7\t55019230\t.\tG\tA\t.\tPASS\tCSQ=A|synonymous_variant|LOW|EGFR|"
        "ENST00000275493|c.920G>A|ENSP00000275493.7:p.Met307=\n"
        "chr7\t55020889\t.\tT\tC\t.\tPASS\tCSQ=C|intron_variant|MODIFIER|EGFR|"
        "ENST00000275493|c.2613+56G>A|\n"
        "chr7\t55181378\t.\tC\tT\t.\tPASS\tCSQ=T|intron_variant|MODIFIER|EGFR|"
        "ENST00000455089|c.2234-5C>T|,T|missense_variant|MODERATE|EGFR|"
        "ENST00000275493|c.2369C>T|p.Thr790Met\n")
    data = cli.annotate(path, "--therapy", "erlotinib")
    assert [(f["gene"], f["alteration"]) for f in data["findings"]] == [("EGFR", "T790M")]
    assert data["accounting"]["skipped_reasons"] == {NO_PROTEIN_CHANGE: 2}

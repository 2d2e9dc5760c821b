"""Every file under test_data/ and tests/corpus/, with what `ctdna-resist annotate` must do with
it: read it (exit 0) and account for what it holds, refuse it (exit 2, one line naming the file),
or refuse it as not an input at all. test_fixtures.py runs the table and checks that it names
every file and no other.

`Reads.count` is what the input holds in the unit of `accounting.alterations`, counted without
the package's readers: a counter from counting.py, or, for copy-number files (whose unit is the
called gene, not the row), a figure counted by hand from the file as the comment says.
`duplicates` is the number of repeats the input holds (the same alteration read twice).
"""

from __future__ import annotations

from dataclasses import dataclass

from counting import Count, alleles, foundation_variants, records, rows

#: how a Reads case gives the file to the command: its path, a named pipe (FIFO) a writer
#: fills, or bash process substitution `<(cat FILE)`
PATH, FIFO, PROCESS_SUBSTITUTION = "path", "fifo", "process substitution"


@dataclass(frozen=True)
class Reads:
    count: Count | int
    options: tuple[str, ...] = ()
    duplicates: int = 0
    #: (gene, alteration) of the findings, where a test of the corpus pins them
    findings: frozenset[tuple[str, str]] | None = None
    #: accounting.input_records, where a case pins it (counted without the package's readers)
    records: Count | int | None = None
    #: text one of sample.input_metadata's values holds (a note on how the input was read)
    note: str = ""
    via: str = PATH
    #: suffixes of the files beside the input made a day older than it before the run
    #: (an index older than its VCF: git does not keep modification times)
    older: tuple[str, ...] = ()
    #: run in a process of its own, so what htslib writes to file descriptor 2 is seen too
    own_process: bool = False


@dataclass(frozen=True)
class Refused:
    message: str  #: what stderr says after the file name
    options: tuple[str, ...] = ()
    #: a known defect: the test is expected to fail until it is fixed (strict xfail)
    defect: str = ""
    #: run in a process of its own, so what htslib writes to file descriptor 2 is seen too
    own_process: bool = False


@dataclass(frozen=True)
class Run:
    """A command line other than `annotate FILE -o -`, run in a temporary folder holding a copy
    of the file and of the corpus files named like it (the same name up to the first dot), an
    empty folder `sub` and a symbolic link `link` to the copy. `{input}` is the copy, `{dir}`
    the folder, `{name}` the file's name. With exit code 2, `message` is in the one line on
    stderr; whatever the exit code, the copied files are unchanged afterwards; `writes` are
    (file in `{dir}`, text it holds) after exit 0."""

    args: tuple[str, ...]
    exit_code: int
    message: str = ""
    writes: tuple[tuple[str, str], ...] = ()
    #: files in `{dir}` that must not exist afterwards (nothing partial left behind)
    absent: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotAnInput:
    reason: str


def sample(*value: str) -> tuple[str, ...]:
    return ("--sample", *value)


PANEL_FINDINGS = frozenset({("EGFR", "T790M"), ("MET", "amplification")})
T790M = frozenset({("EGFR", "T790M")})
SERIAL_SHEET = NotAnInput("a time-point sheet for `serial` (test_serial.py)")
SERIAL_BAD_SHEET = NotAnInput("a time-point sheet `serial` refuses (test_serial.py)")

RW = "test_data/real_world/"
REAL_WORLD: dict[str, tuple[Reads | Refused | NotAnInput, ...]] = {
    RW + "EXPECTED.tsv": (NotAnInput("the expected outcomes of the fixtures beside it"),),
    RW + "SOURCES.md": (NotAnInput("where the fixtures beside it come from"),),
    RW + "arriba/fusions.tsv": (Reads(rows("#gene1")),),
    # 5 shortVariants + 2 copyNumberAlterations (one gene each) + 2 rearrangements
    RW + "c-cat/LB-1401-P2.tumor_only_cfdna.cats": (Reads(9),),
    RW + "cbioportal/data_cna.entrez_only.txt": (
        Refused("has Entrez_Gene_Id but no Hugo_Symbol column"),),
    # LB-0301-P1: MET 2, CDKN2A -2, ERBB2 1, MYC 2; EGFR and KRAS 0
    RW + "cbioportal/data_cna.txt": (Reads(4, sample("LB-0301-P1")),),
    # LB-0301-P1: Amplification, Deep Deletion, Gain, 2; EGFR Diploid is no alteration
    RW + "cbioportal/data_cna_long.txt": (Reads(4, sample("LB-0301-P1")),),
    # the EML4-ALK fusion is listed once per gene (an EML4 row and an ALK row): one repeat
    RW + "cbioportal/data_fusions.txt": (
        Reads(rows("Hugo_Symbol", ("Tumor_Sample_Barcode", "LB-0301-P1")), sample("LB-0301-P1"),
              duplicates=1),),
    RW + "cbioportal/data_mutations.txt": (
        Reads(rows("Hugo_Symbol", ("Tumor_Sample_Barcode", "LB-0301-P1")),
              sample("LB-0301-P1")),),
    RW + "cbioportal/data_sv.txt": (
        Reads(rows("Sample_Id", ("Sample_Id", "LB-0301-P1")), sample("LB-0301-P1")),),
    # called segments (2 x 2^log2 >= 2.5 or < 1.5): 24 knowledge-base gene calls, one per gene
    # and call (BRAF amplified and deleted is two) + 41 other gene names, once each
    RW + "cnvkit/amplicon.cns": (Reads(65),),
    # 6 knowledge-base calls (EGFR; MET, CDK6, HGF, ABCB1, BRAF on the 7q gain) + 63 other names
    # (_CGH suffixes removed, intron probe names dropped) + 1 called `-` segment naming no gene
    RW + "cnvkit/nv3.excerpt.cns": (Reads(70),),
    RW + "cnvkit/p2-20_1.excerpt.cnr": (Refused("give the .cns or .call.cns"),),
    # cn column: CDKN2A and ABL1 deletions + 15 other names + 2 called `-` segments
    RW + "cnvkit/p2-9_2.excerpt.call.cns": (Reads(19),),
    # tcn.em 10 over MET, 0 over CDKN2A; the other segments 2 or 1
    RW + "facets/LB-1101-P1.cncf.txt": (Reads(2, ("--genome", "GRCh37")),),
    RW + "foundation/LB-1301-P2.f1lcdx_results_report.xml": (Reads(foundation_variants()),),
    RW + "fusioncatcher/final-list_candidate-fusion-genes.txt":
        (Reads(rows("Gene_1_symbol")),),
    RW + "gatk/mutect2.filtered.conflicting_build_hints.vcf": (Refused("genome build unclear"),),
    RW + "gatk/mutect2.filtered.reference_only.vcf": (Reads(alleles("GRCh38")),),
    RW + "generic/fusion_pairs.mixed_spellings.tsv": (Reads(rows("sample")),),
    # all_data_by_genes: 2 x 2^value, LB-0201-P1: MET 6.58, CDK6 2.55, CDKN2A 0.78, PTEN 1.48
    RW + "gistic2/all_data_by_genes.txt": (Reads(4, sample("LB-0201-P1")),),
    # LB-0201-P1: MET 2, CDK6 1, CDKN2A -2, MYC 1, PTEN -1; EGFR, ERBB2, KRAS 0
    RW + "gistic2/all_thresholded.by_genes.txt": (Reads(5, sample("LB-0201-P1")),),
    RW + "liquid-biopsy/LB-0601-P2.ctdna_calls.csv": (Reads(rows("Hugo_Symbol")),),
    RW + "nirvana/LB-0801-P1.json.gz": (NotAnInput("Illumina Nirvana JSON, not a supported "
                                                   "input"),),
    RW + "oncokb-annotator/example_cna.gistic_style.txt": (
        Refused("CDKN2A is on line 4 with -2 and again with -1", sample("LB-0101-T1")),
        # MET 2, ERBB2 1, + the disagreeing CDKN2A rows skipped as one gene
        Reads(3, (*sample("LB-0101-T1"), "--lenient")),
        # EGFR 2, CDKN2A -1 on two rows that agree: read once
        Reads(3, sample("LB-0102-T1"), duplicates=1),
    ),
    RW + "oncokb-annotator/example_fusions.txt": (
        Reads(rows("Tumor_Sample_Barcode", ("Tumor_Sample_Barcode", "LB-0101-T1")),
              sample("LB-0101-T1")),),
    # LB-0101-T1: Amplification, -2, Gain; EGFR 0
    RW + "oncokb-annotator/example_individual_cna.long.txt": (Reads(3, sample("LB-0101-T1")),),
    RW + "oncokb-annotator/example_sv.txt": (
        Reads(rows("Tumor_Sample_Barcode", ("Tumor_Sample_Barcode", "LB-0101-T1")),
              sample("LB-0101-T1")),),
    RW + "panel/comma_quoted.csv": (Reads(rows('"Gene"')),),
    RW + "panel/semicolon_decimal_comma.csv": (Reads(rows("Sample")),),
    RW + "panel/tab_percent_cfdna.tsv": (Reads(rows("Gene")),),
    RW + "pcgr/T001-BRCA.grch37.excerpt.egfr_edited.vcf.gz": (Reads(alleles("GRCh37")),),
    RW + "pcgr/T001-COAD.grch38.excerpt.vcf.gz": (Reads(alleles("GRCh38")),),
    # C 11 (MET) and 0 (CDKN2A); EGFR, KRAS 2, TP53 1
    RW + "purecn/LB-1201-P1_genes.csv": (Reads(2),),
    # CNt 9 over MET, 0 over CDKN2A; EGFR and KRAS 2, ERBB2 3
    RW + "sequenza/LB-1001-P1_segments.txt": (Reads(2, ("--genome", "GRCh38")),),
    RW + "star-fusion/star-fusion.fusion_candidates.final.abridged.FFPM":
        (Reads(rows("#FusionName")),),
    # 2 amplifications + 1 splice variant + 2 fusions + 6 small-variant rows
    RW + "tso500/LB-0501-P3_CombinedVariantOutput.tsv": (Reads(11, ("--genome", "GRCh37")),),
    RW + "vcf2maf/test_b38.contigs_only.egfr_edited.vcf": (Reads(alleles("GRCh38")),),
    RW + "vcf2maf/test_b38_output.excerpt.kras_egfr_edited.maf": (Reads(rows("Hugo_Symbol")),),
}

FIXTURES: dict[str, tuple[Reads | Refused | NotAnInput, ...]] = {
    # -- test_data ---------------------------------------------------------------------------
    "test_data/arriba/comma_separated_genes.fusions.tsv": (Reads(rows("#gene1")),),
    "test_data/cbioportal_sv/partnerless_row.data_sv.txt": (Reads(rows("Sample_Id")),),
    "test_data/cna/duplicated_gene_row.data_cna.txt": (
        Refused("holds 2 samples (PT003_T1, PT003_T2); choose one with --sample"),
        # PT003_T1 column: MET 2, ERBB2 1, CDKN2A -2, PTEN -1, MDM2 2, MET 2 again (a repeat);
        # EGFR 0 (diploid) and KRAS NA (not profiled) are no alteration
        Reads(6, sample("PT003_T1"), duplicates=1),
        # PT003_T2 column: MET 2, ERBB2 1, CDKN2A -2, PTEN -1, MET 2 again; EGFR, MDM2, KRAS 0
        Reads(5, sample("PT003_T2"), duplicates=1),
    ),
    # 7 rows; EGFR "Diploid" is no alteration
    "test_data/cna/words_and_codes.data_cna_long.txt": (Reads(6),),
    # copy number 2 x 2^log2 (no cn column), amplified at >= 2.5, deleted at <= 1.5
    # (annotations/thresholds.tsv): only the CAPZA2,MET,ST7 segment (log2 2.0356, 8.2 copies) is
    # called; MET and ST7 are knowledge-base genes, CAPZA2 is counted once outside
    "test_data/cnvkit/example_patient.met_amplified.cns": (Reads(3),),
    # cn 5: FGFR1 (_ex1-18 removed) + ADAM32; cn 0: CDKN2A, CDKN2B + MTAP; cn 3: CDK4
    # (|NM_000075 removed) + TSPAN31; cn 6: MDM2; cn 2: ERBB2 neutral; cn 4 Antitarget: a called
    # segment naming no gene, counted once. 2 + 3 + 2 + 1 + 0 + 1
    "test_data/cnvkit/several_genes_per_segment.call.cns": (Reads(9),),
    "test_data/example_cohort.samplesheet.tsv": (
        NotAnInput("the sample sheet for `batch` (test_batch.py)"),),
    "test_data/example_patient.panel.tsv": (Reads(rows("sample")),),
    "test_data/example_patient.snpeff.vcf": (Reads(alleles()),),
    "test_data/example_patient.unannotated.vcf": (Reads(alleles()),),
    "test_data/example_patient.vep.vcf.gz": (Reads(alleles()),),
    "test_data/example_patient.vep.vcf.gz.tbi": (
        NotAnInput("the tabix index of example_patient.vep.vcf.gz, read through it"),),
    "test_data/foundation/billion_laughs.xml": (
        Refused("refused: the XML declares entities or external references"),),
    "test_data/foundation/liquid_cdx.example_patient.xml": (Reads(foundation_variants()),),
    "test_data/fusion/example_patient.no_fusions.tsv": (Reads(rows("sample")),),
    "test_data/fusion/partnerless_row.5p_3p_columns.tsv": (Reads(rows("Sample ID")),),
    "test_data/fusion/reversed_partner_order.fusions.tsv": (Reads(rows("sample")),),
    "test_data/hostile_markup_in_sample_and_info.vcf": (Reads(alleles()),),
    "test_data/maf/example_patient.no_trailing_newline.maf": (Reads(rows("Hugo_Symbol")),),
    "test_data/maf/minimal_columns.two_samples.maf": (
        Refused("holds 2 samples (PT002_plasma_T1, PT002_plasma_T2); choose one with --sample"),
        *(Reads(rows("Hugo_Symbol", ("Tumor_Sample_Barcode", name)), sample(name))
          for name in ("PT002_plasma_T1", "PT002_plasma_T2")),
    ),
    "test_data/panel/example_patient.small_variants.tsv": (Reads(rows("sample")),),
    "test_data/panel/percent_cfdna_header.tsv": (Reads(rows("Gene")),),
    "test_data/panel/vendor_values.bom_crlf.csv": (Reads(rows("Gene")),),
    "test_data/segments/ascat_two_samples.segments.txt": (
        Refused("carry no genome build; give --genome GRCh37 or GRCh38", sample("PT008_T")),
        Refused("holds 2 samples (PT008_N, PT008_T); choose one with --sample",
                ("--genome", "GRCh38")),
        # total = nMajor + nMinor; amplified at >= amp_min_tumor_cn (5), deleted at 0; GRCh38
        # spans of genes.tsv. 7:54.8-56.0M total 2 (EGFR, neutral); 7:116.60-116.75M total 7
        # and 7:116.75-117.0M total 3 both over MET, the first covering more of it (77,805 vs
        # 48,377 bp): MET amplified; 9:21.9-22.1M total 0: CDKN2A deleted (CDKN2B has no span);
        # 12:68.8-69.3M total 8 over no knowledge-base gene: 1 outside; 17:7.6-7.7M total 1
        Reads(3, ("--genome", "GRCh38", *sample("PT008_T"))),
        # PT008_N: totals 2 and 2, no alteration
        Reads(0, ("--genome", "GRCh38", *sample("PT008_N"))),
    ),
    # -- test_data/real_world: files as the field writes them (test_real_world.py checks
    # what each reports; here, that everything read is accounted for) -------------------------
    **REAL_WORLD,
    "test_data/serial/PT002.timepoints.tsv": (SERIAL_SHEET,),
    "test_data/serial/PT002_baseline.panel.tsv": (Reads(rows("sample")),),
    "test_data/serial/PT002_later.panel.tsv": (Reads(rows("sample")),),
    "test_data/serial/PT002_progression.panel.tsv": (Reads(rows("sample")),),
    "test_data/serial/invalid/bad_date.csv": (SERIAL_BAD_SHEET,),
    "test_data/serial/invalid/dates_out_of_order.tsv": (SERIAL_BAD_SHEET,),
    "test_data/serial/invalid/missing_input_file.tsv": (SERIAL_BAD_SHEET,),
    "test_data/serial/invalid/missing_inputs_column.tsv": (SERIAL_BAD_SHEET,),
    "test_data/serial/invalid/misspelt_therapy.tsv": (SERIAL_BAD_SHEET,),
    "test_data/serial/invalid/one_timepoint.tsv": (SERIAL_BAD_SHEET,),
    "test_data/serial/therapy_switch/PT003.timepoints.csv": (SERIAL_SHEET,),
    "test_data/serial/therapy_switch/PT003_baseline.panel.tsv": (Reads(rows("sample")),),
    "test_data/serial/therapy_switch/PT003_progression_erlotinib.panel.tsv":
        (Reads(rows("sample")),),
    "test_data/serial/therapy_switch/PT003_progression_osimertinib.panel.tsv":
        (Reads(rows("sample")),),
    "test_data/serial/therapy_switch/PT003_week6_osimertinib.panel.tsv": (Reads(rows("sample")),),
    "test_data/star_fusion/gene_with_ensembl_id.star-fusion.fusion_predictions.tsv":
        (Reads(rows("#FusionName")),),
    "test_data/tso500/preamble_before_header.Fusions.csv": (Reads(rows("Sample,Name")),),
    "test_data/vcf/af_missing_vaf_from_ad.vcf": (Reads(alleles()),),
    "test_data/vcf/bcftools_csq.vcf": (Reads(alleles()),),
    "test_data/vcf/cnvkit_export.vcf": (Reads(alleles()),),
    "test_data/vcf/failed_filter.vcf": (Reads(alleles()),),
    "test_data/vcf/lofreq_sites_only.vcf": (Reads(alleles()),),
    "test_data/vcf/manta_bnd_mate_pair.vcf": (Reads(alleles()),),
    "test_data/vcf/mutect2_normal_first.vcf": (Reads(alleles()),),
    "test_data/vcf/vep_several_transcripts.vcf": (Reads(alleles()),),
    "test_data/vcf/vep_under_ann.vcf": (Reads(alleles()),),
    "test_data/vcf/vep_without_hgvs.vcf": (Reads(alleles()),),
    # -- tests/corpus: odd and bad inputs ---------------------------------------------------
    "tests/corpus/bad_binary_garbage.bin": (Refused("format not recognised"),),
    "tests/corpus/bad_copy_number_negative.tsv": (Refused(":2: copy number '-3' is negative"),),
    "tests/corpus/bad_copy_number_not_a_number.tsv": (
        Refused(":2: copy number 'lots' is not a number"),),
    "tests/corpus/bad_duplicate_columns.tsv": (
        Refused(":1: columns 'vaf' and 'VAF' both give the vaf"),),
    "tests/corpus/bad_empty.tsv": (Refused("is empty"),),
    "tests/corpus/bad_grch37_header.vcf": (
        Refused("header describes GRCh37, but --genome GRCh38 was given", ("--genome", "GRCh38")),
        # read as the GRCh37 its header says: its GRCh38 positions fall outside most GRCh37 gene
        # regions and are counted there, one per record
        Reads(alleles()),
    ),
    "tests/corpus/bad_missing_alteration_column.tsv": (
        Refused(":1: missing required column(s) alteration"),),
    "tests/corpus/bad_several_samples.tsv": (
        Refused("holds 2 samples (A, B); choose one with --sample"),
        Reads(rows("sample", ("sample", "A")), sample("A"),
              findings=frozenset({("EGFR", "T790M")})),
    ),
    "tests/corpus/bad_truncated_bgzip.vcf.gz": (
        Refused("cannot be decompressed"), Refused("cannot be decompressed", own_process=True)),
    "tests/corpus/bad_two_samples_no_tumor_header.vcf": (
        Refused("holds 2 samples (PT001_normal, PT001_plasma) and no ##tumor_sample header"),
        Reads(alleles(), sample("PT001_plasma")),
    ),
    "tests/corpus/bad_undecodable_bytes.tsv": (Refused(":3: is not UTF-8 text"),),
    "tests/corpus/bad_unreadable_alteration.tsv": (
        Refused(":2: cannot read alteration 'something odd'"),),
    "tests/corpus/bad_vaf_above_one.tsv": (
        Refused(":3: VAF '7' is above 1; write '7%' if it is a percentage"),),
    "tests/corpus/bad_vaf_negative.tsv": (Refused(":2: VAF '-0.01' is negative"),),
    "tests/corpus/bad_vaf_not_a_number.tsv": (Refused(":2: VAF 'high' is not a number"),),
    "tests/corpus/bad_whitespace_only.tsv": (Refused("is empty"),),
    "tests/corpus/bad_wrong_delimiter.txt": (Refused("format not recognised"),),
    "tests/corpus/valid_bom.tsv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    "tests/corpus/valid_comma.csv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    "tests/corpus/valid_crlf.tsv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    "tests/corpus/valid_gene_outside_kb.tsv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    "tests/corpus/valid_gzip_panel.tsv.gz": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    "tests/corpus/valid_header_only.vcf": (Reads(alleles(), findings=frozenset()),),
    "tests/corpus/valid_plain_gzip.vcf.gz": (Reads(alleles(), findings=frozenset({
        ("EGFR", "T790M"), ("EGFR", "C797S"), ("MET", "amplification"), ("PIK3CA", "E545K")})),),
    # -- tests/corpus: the second round of odd and hostile inputs (issue 17) ----------------
    # The VCFs hold EGFR T790M (line 14) and L858R (line 15), most a MET copy-number record
    # (line 16). Built from a small annotated VCF, each with the quirk its name says.
    # INFO/CN=inf, 1e309 and LOG2=2000 on MET's record: once Infinity in the JSON, or an
    # OverflowError; now refused, naming the field (numbers.py)
    "tests/corpus/vcf_copy_number_infinite.vcf": (
        Refused(":16: INFO/CN 'inf' is not a finite number"),
        Reads(alleles(), ("--lenient",), findings=T790M),
        # an infinite threshold was taken too, and written into the JSON
        Run(("annotate", "{input}", "--lenient", "--threshold",
             "amplification_copy_number=inf", "-o", "-"), 2,
            "--threshold amplification_copy_number 'inf' is not a finite number"),
    ),
    "tests/corpus/vcf_copy_number_1e309.vcf": (
        Refused(":16: INFO/CN '1e309' is not a finite number"),),
    "tests/corpus/vcf_log2_2000.vcf": (
        Refused(":16: INFO/LOG2 '2000' is not a usable log2 copy ratio"),),
    # indexed when it held T790M only; L858R and MET added since: an index older than the file
    # is not used (once EGFR was counted outside the genes and input_records came from it)
    "tests/corpus/vcf_index_stale.vcf.gz": (
        Reads(alleles(), records=records(), older=(".tbi",), note="is older than the file",
              findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")}),
              own_process=True),),
    "tests/corpus/vcf_index_stale.vcf.gz.tbi": (
        NotAnInput("the index of vcf_index_stale.vcf.gz, built before the file changed"),),
    # an index built when the file named its contigs 7 and 9: not the file's index
    "tests/corpus/vcf_index_other_contigs.vcf.gz": (
        Reads(alleles(), records=records(), note="does not name contig chr7",
              own_process=True),),
    "tests/corpus/vcf_index_other_contigs.vcf.gz.tbi": (
        NotAnInput("the index of another version of vcf_index_other_contigs.vcf.gz"),),
    # an index that is no index: read without it, and htslib's words never reach stderr
    "tests/corpus/vcf_index_corrupt.vcf.gz": (
        Reads(alleles(), records=records(), note="is not a tabix or CSI index",
              own_process=True),),
    "tests/corpus/vcf_index_corrupt.vcf.gz.tbi": (NotAnInput("bytes that are no index"),),
    # a .csi index beside a bgzipped VCF (pysam looked for a .tbi: "cannot be read through
    # its index") and beside a BCF: used (no note), the records on 7 under a chr7 header
    "tests/corpus/vcf_index_csi.vcf.gz": (
        Reads(alleles(), records=records(), own_process=True,
              findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")})),),
    "tests/corpus/vcf_index_csi.vcf.gz.csi": (
        NotAnInput("the CSI index of vcf_index_csi.vcf.gz"),),
    "tests/corpus/vcf_index_csi.bcf": (
        Reads(alleles(), own_process=True,
              findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")})),),
    "tests/corpus/vcf_index_csi.bcf.csi": (NotAnInput("the CSI index of vcf_index_csi.bcf"),),
    # header contigs chr7, chr9, MT; records on 7 and chrM: one contig each, read (once
    # counted outside the genes); indexed or not
    "tests/corpus/vcf_contigs_header_chr_records_bare.vcf": (
        Reads(alleles(), findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")})),),
    "tests/corpus/vcf_contigs_header_chr_records_bare.vcf.gz": (
        Reads(alleles(), findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")}),
              own_process=True),),
    "tests/corpus/vcf_contigs_header_chr_records_bare.vcf.gz.tbi": (
        NotAnInput("the tabix index of vcf_contigs_header_chr_records_bare.vcf.gz"),),
    # a record on a contig the header does not declare: never "outside the genes"
    "tests/corpus/vcf_contig_not_in_header.vcf": (
        Refused(":15: contig 'chrUn_KI270742v1' is not declared in the header"),
        Reads(alleles(), ("--lenient",), findings=T790M),
    ),
    # L858R's line written with spaces (once counted outside the genes), or a column short
    "tests/corpus/vcf_spaces_for_tabs.vcf": (
        Refused(":15: the line is not tab-separated (spaces?)"),),
    "tests/corpus/vcf_wrong_column_count.vcf": (
        Refused(":15: 9 columns where the #CHROM line has 10"),),
    # gVCF: T790M as C -> T,<NON_REF> (once skipped whole as a structural variant), a
    # reference block (<NON_REF> alone: no alteration) and L858R as T -> G,<*>
    "tests/corpus/vcf_gvcf_non_ref.vcf": (Reads(alleles(), findings=T790M),),
    # CSQ entries with two fields more than the header's Format (once read as "EGFR Transcript")
    "tests/corpus/vcf_csq_more_fields.vcf": (
        Refused(":14: a CSQ entry has 8 fields where the header's Format names 6"),),
    # two sample columns named PLASMA (--sample once took the first)
    "tests/corpus/vcf_duplicate_sample_names.vcf": (
        Refused(":13: sample name 'PLASMA' is used by two columns"),
        Refused(":13: sample name 'PLASMA' is used by two columns", sample("PLASMA")),
    ),
    # CR-only line ends: the whole file one header line (once read as holding nothing)
    "tests/corpus/vcf_cr_line_endings.vcf": (Refused(":1: has CR-only line ends"),),
    # a CDKN2A <DEL> whose END precedes POS (once reported as a deletion)
    "tests/corpus/vcf_del_end_before_pos.vcf": (
        Refused(":16: END 21968000 precedes POS 21974000"),
        Reads(alleles(), ("--lenient",), findings=T790M),
    ),
    # a BCF whose second record names a contig id the header lacks: htslib's OSError, and its
    # words, in one line
    "tests/corpus/vcf_corrupt_record.bcf": (
        Refused("cannot be read after record 1", own_process=True),),
    # a named pipe (it hung: the input was opened several times) and bash process substitution
    # (it was "empty": detection took the bytes the reader then looked for)
    "tests/corpus/stream_fifo.panel.tsv": (
        Reads(rows("sample"), via=FIFO, findings=PANEL_FINDINGS),),
    "tests/corpus/stream_process_substitution.vcf.gz": (
        Reads(alleles(), via=PROCESS_SUBSTITUTION,
              findings=frozenset({("EGFR", "T790M"), ("MET", "amplification")})),),
    # outputs naming an input, directly, through `..`, through a symbolic link, or its index
    # (each once replaced the input with the report, exit 0)
    "tests/corpus/overwrite_input.panel.tsv": (
        Reads(rows("gene"), findings=PANEL_FINDINGS),
        Run(("annotate", "{input}", "-o", "{input}"), 2, "is the input"),
        Run(("annotate", "{input}", "-o", "{dir}/out.json", "--tsv", "{dir}/sub/../{name}"), 2,
            "is the input", absent=("out.json",)),
        Run(("report", "{input}", "--html", "{input}"), 2, "is the input"),
        Run(("annotate", "{input}", "-o", "{dir}/link"), 2, "is the input"),
        Run(("report", "{input}", "--html", "{dir}/r.html", "--outcome", "{input}"), 2,
            "is the input", absent=("r.html",)),
        Run(("annotate", "{input}", "-o", "{dir}/out.json", "--tsv", "{dir}/out.json"), 2,
            "given for two outputs", absent=("out.json",)),
    ),
    "tests/corpus/overwrite_serial.timepoints.tsv": (
        SERIAL_SHEET,
        Run(("serial", "{input}", "--html", "{dir}/overwrite_serial.t2.panel.tsv"), 2,
            "is the input"),
        Run(("serial", "{input}", "--html", "{dir}/s.html", "--json", "{input}"), 2,
            "is the input", absent=("s.html",)),
        Run(("serial", "{input}", "--html", "{dir}/s.html", "--json", "{dir}/s.json"), 0,
            writes=(("s.html", "EGFR T790M"), ("s.json", "EGFR"))),
    ),
    "tests/corpus/overwrite_serial.t1.panel.tsv": (Reads(rows("gene")),),
    "tests/corpus/overwrite_serial.t2.panel.tsv": (Reads(rows("gene"), findings=T790M),),
    # sample overwrite_batch's TSV report would be written over its own input
    "tests/corpus/overwrite_batch.samplesheet.tsv": (
        NotAnInput("a sample sheet for `batch`"),
        Run(("batch", "{input}", "--outdir", "{dir}"), 2, "is the input",
            absent=("cohort_summary.tsv", "overwrite_batch.json")),
        Run(("batch", "{input}", "--outdir", "{dir}/out"), 0,
            writes=(("out/overwrite_batch.json", "T790M"),
                    ("out/cohort_summary.html", "overwrite_batch"))),
    ),
    "tests/corpus/overwrite_batch.tsv": (Reads(rows("gene"), findings=T790M),),
    # a full disk: one line naming the path, exit 2 (once "please report it"), and the outputs
    # this run wrote removed again
    "tests/corpus/full_disk.panel.tsv": (
        Reads(rows("gene"), findings=T790M),
        Run(("annotate", "{input}", "-o", "/dev/full"), 2,
            "/dev/full: cannot be written (No space left on device)"),
        Run(("annotate", "{input}", "-o", "{dir}/out.json", "--tsv", "/dev/full"), 2,
            "/dev/full: cannot be written", absent=("out.json",)),
    ),
    # a control character (U+0001) in a fusion partner and a time-point label, drawn into the
    # SVG figures (once UnsafeSvgError, exit 1, in report and serial)
    "tests/corpus/label_control_character.panel.tsv": (
        Reads(rows("gene"), findings=frozenset({("EGFR", "T790M"), ("ALK", "fusion")})),
        Run(("report", "{input}", "--therapy", "osimertinib", "--html", "{dir}/r.html",
             "--pdf", "{dir}/r.pdf"), 0, writes=(("r.html", "EML4-ALK fusion"),)),
    ),
    "tests/corpus/label_control_character.t1.panel.tsv": (Reads(rows("gene")),),
    "tests/corpus/label_control_character.timepoints.tsv": (
        SERIAL_SHEET,
        Run(("serial", "{input}", "--html", "{dir}/s.html"), 0,
            writes=(("s.html", "EML4-ALK fusion"), ("s.html", "baseline"))),
    ),
    # a lone '"' opening a cell (it swallowed the rows after it: 1 of 3 read), in a panel and
    # in a MAF; one row per line now
    "tests/corpus/panel_lone_quote.tsv": (
        Refused(":3: a cell opens a quote"),
        Reads(4, ("--lenient",)),  # 4 rows, one skipped (the csv module counts 2)
    ),
    "tests/corpus/maf_lone_quote.maf": (
        Refused(":3: a cell opens a quote"),
        Reads(3, ("--lenient",)),
    ),
    # CR-only line ends (old Excel for Mac; an internal error inside csv)
    "tests/corpus/panel_cr_line_endings.csv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    # a 200,000-character cell (an internal error inside csv), gzipped to stay small
    "tests/corpus/panel_oversized_cell.tsv.gz": (
        Refused(":3: a cell holds more than 131072 characters"),
        Reads(3, ("--lenient",)),
    ),
    # decimal commas in a percentage VAF and in a copy number (8,2 was refused while 3,5 %
    # was read)
    "tests/corpus/panel_decimal_commas.tsv": (Reads(rows("gene"), findings=PANEL_FINDINGS),),
    # two columns of one name: which to read cannot be told (the first was taken)
    "tests/corpus/cna_duplicate_sample_columns.data_cna.txt": (
        Refused(":1: sample column(s) PT1 named twice"),
        Refused(":1: sample column(s) PT1 named twice", sample("PT1")),
    ),
    "tests/corpus/maf_duplicate_columns.maf": (
        Refused(":1: columns 'HGVSp_Short' and 'HGVSp_Short' are one column to this reader"),),
    # two changes in one cell: a fusion of "gene" C797S with partner T790M (or unreadable);
    # now an error naming the line, counted under --lenient
    "tests/corpus/panel_two_changes_one_cell.tsv": (
        Refused(":3: 'T790M/C797S' for EGFR holds 2 changes in one cell"),
        Reads(rows("gene"), ("--lenient",), findings=frozenset({("MET", "amplification")})),
    ),
    # ERBB-2 is ERBB2 (it was an EGFR fusion with partner "2": ERBB alone is an EGFR alias);
    # NKX2-1 is one gene outside the knowledge base, not a fusion of NKX2 and "1"
    "tests/corpus/panel_gene_spelt_apart.tsv": (
        Reads(rows("gene"), findings=frozenset({("ERBB2", "amplification")})),),
    # --kb naming an empty folder: the error named VERSION:1 but not the folder
    "tests/corpus/kb_folder_empty.panel.tsv": (
        Reads(rows("gene"), findings=T790M),
        Run(("annotate", "{input}", "--kb", "{dir}/sub", "-o", "-"), 2,
            "/sub: holds no knowledge-base tables (VERSION, "),
    ),
}

#!/usr/bin/env nextflow
// ctdna-resist on a cohort: one report per sample (module CTDNA_RESIST), then the cohort
// summary. The sample sheet is the one `ctdna-resist batch` reads: CSV or TSV with columns
// sample, inputs (';'-separated, relative to the sheet's folder), therapies (';'-separated,
// in the order received, most recent last), and optionally driver, tumor_type,
// tumor_fraction, genome, input_sample, bam (indexed; relative to the sheet's folder).
//
//   nextflow run workflows/nextflow/main.nf --samplesheet SHEET.tsv --outdir results
//   nextflow run workflows/nextflow/main.nf -profile test --outdir results

include { CTDNA_RESIST } from './modules/ctdna_resist/main'

process CTDNA_RESIST_COHORT {
    label 'process_single'

    input:
    path reports

    output:
    path "cohort_summary.html"  , emit: html
    path "cohort_summary.tsv"   , emit: tsv
    path "ctdna_resist_*_mqc.*" , emit: multiqc  // MultiQC custom content

    script:
    """
    ctdna-resist cohort-summary ${reports} --outdir .
    """
}

// One sample sheet row -> [ meta, inputs, bam, bai, therapies ] (bam and bai [] when not given)
def sampleTuple(Map row, sheet) {
    def r = row.collectEntries { k, v ->
        [k.toString().replace('\uFEFF', '').trim().toLowerCase().replace(' ', '_'), (v ?: '').trim()]
    }
    def required = ['sample', 'inputs', 'therapies']
    def accepted = required + ['driver', 'tumor_type', 'tumor_fraction', 'genome', 'input_sample',
                               'bam']
    def columns = r.keySet()
    def missing = required.findAll { !(it in columns) }
    def unknown = columns.findAll { it && !(it in accepted) }
    if (missing || unknown) {
        error "${sheet}: " + [missing ? "missing required column(s) ${missing.join(', ')}" : '',
                              unknown ? "unknown column(s) ${unknown.join(', ')}" : '']
            .findAll { it }.join('; ') + " (accepted: ${accepted.join(', ')})"
    }
    if (!(r.sample ==~ /[A-Za-z0-9][A-Za-z0-9._-]{0,127}/) || r.sample.toLowerCase() == 'cohort_summary') {
        error "${sheet}: sample '${r.sample}' cannot be used as a file name"
    }
    def split = { String cell -> (cell ?: '').tokenize(';')*.trim().findAll { it } }
    def values = [r.sample, r.driver, r.tumor_type, r.tumor_fraction, r.genome, r.input_sample] + split(r.therapies)
    if (values.any { it?.contains("'") }) {
        error "${sheet}: sample '${r.sample}': values may not contain a single quote"
    }
    def meta = [
        id            : r.sample,
        driver        : r.driver ?: null,
        tumor_type    : r.tumor_type ?: null,
        tumor_fraction: r.tumor_fraction ?: null,
        genome        : r.genome ?: null,
        input_sample  : r.input_sample ?: null,
    ]
    def inputs = split(r.inputs).collect { sheet.parent.resolve(it) }
    if (!inputs) {
        error "${sheet}: sample '${r.sample}': no inputs given"
    }
    def bam = r.bam ? sheet.parent.resolve(r.bam) : null
    def bai = bam ? bamIndex(bam) : null
    if (bam && !bai) {
        error "${sheet}: sample '${r.sample}': ${bam} has no index (.bai or .csi next to it); create one with 'samtools index'"
    }
    return [meta, inputs, bam ?: [], bai ?: [], split(r.therapies)]
}

// The index next to a BAM: x.bam.bai, x.bai or x.bam.csi (as samtools and pysam look for it)
def bamIndex(bam) {
    def name = bam.toString()
    return ["${name}.bai", name.replaceAll(/\.bam$/, '.bai'), "${name}.csi"]
        .collect { file(it) }
        .find { it.exists() }
}

workflow {
    if (!params.samplesheet) {
        error "give --samplesheet SHEET.tsv (the sample sheet of `ctdna-resist batch`), or -profile test"
    }
    def sheet = file(params.samplesheet, checkIfExists: true)
    def separator = sheet.readLines().find { it.trim() }.contains('\t') ? '\t' : ','

    samples = Channel.fromPath(sheet)
        .splitCsv(header: true, sep: separator)
        .filter { row -> row.values().any { it?.trim() } }
        .map { row -> sampleTuple(row, sheet) }

    CTDNA_RESIST(samples)
    CTDNA_RESIST_COHORT(CTDNA_RESIST.out.json.map { meta, json -> json }.collect())
}

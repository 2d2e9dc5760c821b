// ctdna-resist report for one sample: findings as JSON and TSV, and the HTML report.
// `ctdna-resist` must be on PATH in the task environment: install it there, or give this
// process a container or conda environment in your pipeline's configuration.
// `bam` and `bai` are optional: reads for phasing nearby variants (EGFR C797S with T790M);
// pass [] for both when the sample has none.
process CTDNA_RESIST {
    tag "$meta.id"
    label 'process_single'

    input:
    tuple val(meta), path(inputs), path(bam), path(bai), val(therapies)

    output:
    tuple val(meta), path("${prefix}.json"), emit: json
    tuple val(meta), path("${prefix}.tsv") , emit: tsv
    tuple val(meta), path("${prefix}.html"), emit: html
    path "versions.yml"                    , emit: versions

    when:
    task.ext.when == null || task.ext.when

    script:
    def args = task.ext.args ?: ''
    prefix = task.ext.prefix ?: "${meta.id}"
    def therapy_args = therapies.collect { "--therapy '${it}'" }.join(' ')
    def bam_args = bam ? "--bam '${bam}'" : ''
    """
    ctdna-resist report \\
        ${inputs} \\
        --sample-id '${meta.id}' \\
        ${therapy_args} \\
        ${bam_args} \\
        ${args} \\
        --json ${prefix}.json \\
        --tsv ${prefix}.tsv \\
        --html ${prefix}.html

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        ctdna-resist: \$(ctdna-resist --version | sed 's/.* //')
    END_VERSIONS
    """

    stub:
    prefix = task.ext.prefix ?: "${meta.id}"
    """
    touch ${prefix}.json ${prefix}.tsv ${prefix}.html

    cat <<-END_VERSIONS > versions.yml
    "${task.process}":
        ctdna-resist: \$(ctdna-resist --version | sed 's/.* //')
    END_VERSIONS
    """
}

"""Command line: parse options into a `Request`, call `api`, write outputs. The only place
that exits. Exit codes: 0 success; 2 usage error or invalid input; 1 internal error."""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

from .errors import CtdnaResistError, OutputError
from .version import __version__

DEBUG_ENV = "CTDNA_RESIST_DEBUG"
#: a path option or argument: existence and permissions are checked by the code that opens it,
#: which says what is wrong in one line naming the file (click's check prints a usage block)
PATH = click.Path(path_type=Path, readable=False)


def _parse_thresholds(ctx, param, values) -> dict[str, str]:
    """NAME=VALUE pairs; the values are read (numbers.py) and checked by the api, which says
    what is wrong with one in one line."""
    out: dict[str, str] = {}
    for text in values:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"'{text}' is not NAME=NUMBER (e.g. low_vaf=0.002)")
        out[name.strip()] = value
    return out


#: every option of the per-sample commands, declared once; `serial` takes those marked
#: `serial` (its time-point sheet gives the inputs, therapies and tumour fractions)
OPTIONS = {
    "sample_id": click.option("--sample-id", help="Sample (or patient) name shown in outputs "
                              "(default: from the input, or the sheet's file name)."),
    "therapies": click.option(
        "--therapy", "therapies", multiple=True, metavar="DRUG",
        help="A therapy received; repeat in the order received, the most recent LAST "
        "(resistance is assessed against it). Brand names and codes are accepted (Tagrisso, "
        "AZD9291); combinations as a+b; classes such as chemotherapy."),
    "driver": click.option("--driver", metavar='"GENE ALTERATION"',
                           help='The sensitising driver, e.g. "EGFR L858R" (default: inferred '
                           "as the known driver the most recent therapy targets)."),
    "tumor_type": click.option("--tumor-type", default="NSCLC", show_default=True,
                               help="Tumour type; the knowledge base documents NSCLC."),
    "genome": click.option("--genome", type=click.Choice(["GRCh37", "GRCh38"]),
                           help="Genome build when the input does not say (VCF header, MAF "
                           "NCBI_Build); needed to map allele-specific segments to genes."),
    "sample": click.option("--sample", help="Which sample of a multi-sample input (VCF column, "
                           "MAF Tumor_Sample_Barcode, CNA matrix column, panel/fusion 'sample' "
                           "column)."),
    "tumor_fraction": click.option("--tumor-fraction", metavar="FRACTION",
                                   help="Tumour fraction of the plasma sample, if measured: "
                                   "0.12 or 12%."),
    "kb_dir": click.option("--kb", "kb_dir", type=PATH,
                           help="Use another knowledge-base folder instead of the shipped one."),
    "input_format": click.option(
        "--input-format", default="auto", show_default=True,
        help="Input format: auto, vcf, maf, panel, cnvkit, cna, cna_long, segments, fusion, "
        "star_fusion, arriba, tso500_fusions, cbioportal_sv, foundation_xml. Auto-detection "
        "never guesses: a file no format or two formats recognise is an error."),
    "lenient": click.option("--lenient", is_flag=True, help="Skip invalid records (counted, "
                            "with reasons) instead of stopping."),
    "reference": click.option("--reference", type=PATH,
                              help="Reference FASTA, for unannotated VCFs."),
    "bam": click.option("--bam", type=PATH,
                        help="Reads (BAM, indexed) for phasing nearby variants (EGFR C797S with "
                        "T790M: cis or trans)."),
    "panel_genes": click.option(
        "--panel-genes", type=PATH, metavar="FILE",
        help="What the assay covers: a gene list or a BED of target regions. Mechanisms in "
        "genes it covers that were not detected are listed as looked for, not detected."),
    "thresholds": click.option(
        "--threshold", "thresholds", multiple=True, metavar="NAME=VALUE",
        callback=_parse_thresholds, help="Change a threshold (repeatable), e.g. "
        "low_vaf=0.002; names and defaults in annotations/thresholds.tsv."),
}
SERIAL_OPTIONS = ("sample_id", "driver", "tumor_type", "genome", "sample", "kb_dir",
                  "input_format", "lenient", "reference", "thresholds")


def with_options(*names: str):
    """Decorate a command with the named options of OPTIONS, in their declared order."""
    def decorate(command):
        for name in reversed([n for n in OPTIONS if n in names]):
            command = OPTIONS[name](command)
        return command
    return decorate


def shared_options(command):
    """The inputs and every option of a per-sample command (DESIGN.md, "Command line")."""
    command = with_options(*OPTIONS)(command)
    return click.argument("inputs", nargs=-1, required=True,
                          type=PATH)(command)


def make_request(params: dict):
    from .api import Request

    return Request(inputs=list(params.pop("inputs")), therapies=list(params.pop("therapies")),
                   thresholds=dict(params.pop("thresholds") or {}), **params)


def handle_errors(func):
    """Domain errors (the input, the options, an output that cannot be written) -> one line
    on stderr and exit 2; anything else -> exit 1."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CtdnaResistError as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            if isinstance(exc, OutputError) and exc.path == "standard output":
                quiet_stdout()  # what could not be written is not tried again at exit
            click.echo(f"ctdna-resist: error: {one_line(exc)}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("ctdna-resist: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # the reader of standard output went away (`... --pdf - | head -c 10`): not an
            # error of ours; stop quietly, as a process ended by SIGPIPE (128 + 13)
            quiet_stdout()
            sys.exit(141)
        except (click.exceptions.Exit, click.exceptions.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the contract: internal errors exit 1
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo(f"ctdna-resist: internal error: {type(exc).__name__}: {one_line(exc)} "
                       f"(set {DEBUG_ENV}=1 for a traceback; please report it)", err=True)
            sys.exit(1)
    return wrapper


def one_line(message: object) -> str:
    """A message as one printable line: it may quote what an input holds (a vertical tab, an
    escape sequence), which must neither break the line nor reach the terminal."""
    from .model.text import printable

    return printable(str(message))


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush of what was left
    for a closed pipe raises nothing at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test runner's stream)
        pass
    finally:
        os.close(devnull)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ctdna-resist")
def cli():
    """Explain targeted-therapy resistance from what a ctDNA assay found.

    Reads plasma findings (VCF, panel export), matches them against a curated knowledge base of
    resistance alterations, and says which ones explain progression on the most recent therapy,
    with documented rescue options. Nothing is fetched from the network.
    """


@cli.command()
@shared_options
@click.option("-o", "--output", required=True, metavar="OUT.json",
              help="Findings as JSON; '-' writes to standard output.")
@click.option("--tsv", "tsv_path", metavar="OUT.tsv", help="Findings as TSV, one row each.")
@handle_errors
def annotate(output, tsv_path, **params):
    """Annotate one sample: findings as JSON (and TSV)."""
    from .api import Outputs, report

    report(make_request(params), Outputs(json=output, tsv=tsv_path))


@cli.command()
@shared_options
@click.option("--html", "html_path", required=True, metavar="OUT.html", help="The report.")
@click.option("--pdf", "pdf_path", metavar="OUT.pdf", help="The same report as PDF.")
@click.option("--json", "json_path", metavar="OUT.json", help="Findings as JSON too.")
@click.option("--tsv", "tsv_path", metavar="OUT.tsv", help="Findings as TSV too.")
@click.option("--outcome", "outcome_path", type=PATH, metavar="OUT.json",
              help="Also record how this run ended (reported, with the JSON report's path; or "
              "failed, with the reason), written even when the sample fails: "
              "'cohort-summary' reads it, listing failed samples (a pipeline's aggregate "
              "step). The exit code is unchanged.")
@handle_errors
def report(html_path, pdf_path, json_path, tsv_path, outcome_path, **params):
    """Write a report for reviewers (HTML, optionally PDF), and JSON/TSV if asked."""
    from .api import Outputs, files_read, recording_outcome
    from .api import report as run

    request = make_request(params)
    outputs = Outputs(html=html_path, pdf=pdf_path, json=json_path, tsv=tsv_path)
    if outcome_path is None:
        run(request, outputs)
        return
    name = request.sample_id or request.sample or Path(request.inputs[0]).name.split(".")[0]
    recording_outcome(outcome_path, lambda: run(request, outputs), sample=name,
                      report_json=json_path, outputs=outputs.paths(), reads=files_read(request))


@cli.command()
@click.argument("timepoints", type=PATH)
@click.option("--html", "html_path", required=True, metavar="OUT.html", help="The report.")
@click.option("--json", "json_path", metavar="OUT.json", help="Alterations over time as JSON.")
@with_options(*SERIAL_OPTIONS)
@handle_errors
def serial(timepoints, html_path, json_path, **params):
    """Follow one patient's plasma over time (TIMEPOINTS: a CSV/TSV sheet with columns
    timepoint, date (optional), inputs, therapy; rows in time order)."""
    from .api import serial as run

    run(timepoints, html=html_path, json=json_path,
        **{**params, "thresholds": dict(params["thresholds"] or {})})


@cli.command()
@click.argument("samplesheet", type=PATH)
@click.option("--outdir", required=True, type=PATH, metavar="DIR",
              help="Where DIR/<sample>.json|.tsv|.html, DIR/cohort_summary.html|.tsv and "
              "the MultiQC files DIR/ctdna_resist_*_mqc.* go (created when missing).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Samples annotated in parallel (processes).")
@with_options("kb_dir", "lenient")
@handle_errors
def batch(samplesheet, outdir, jobs, kb_dir, lenient):
    """Report every sample of SAMPLESHEET, then a cohort summary.

    SAMPLESHEET is CSV or TSV with columns sample, inputs (';'-separated paths relative to the
    sheet's folder), therapies (';'-separated, in the order received), and optionally driver,
    tumor_type, tumor_fraction, genome, input_sample, bam (reads for phasing); any other column
    is an error. A failing sample does not stop the others; failures are listed at the end.
    Exit code 0 when every sample was reported, 2 when any had invalid input, 1 when any hit
    an internal error.
    """
    from .api import batch as run

    with progress_bar() as progress:
        result = run(samplesheet, outdir, jobs=jobs, kb_dir=kb_dir, lenient=lenient,
                     progress=progress)
    for failure in result.failures:
        click.echo(f"sample {failure.sample}: {one_line(failure.message)}", err=True)
    reported = len(result.outcomes) - len(result.failures)
    click.echo(f"ctdna-resist: {reported} of {len(result.outcomes)} samples reported in "
               f"{outdir}" + (f"; {len(result.failures)} failed" if result.failures else "")
               + f"; cohort summary: {', '.join(str(p) for p in result.summary_paths)}",
               err=True)
    sys.exit(result.exit_code)


class progress_bar:
    """A progress bar on standard error when it is a terminal; nothing otherwise."""

    def __init__(self):
        self.bar = None

    def __enter__(self):
        return self.update if sys.stderr.isatty() else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="samples", file=sys.stderr,
                                         show_pos=True, show_eta=True).__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc_info):
        if self.bar is not None:
            self.bar.__exit__(*exc_info)


@cli.command("cohort-summary")
@click.argument("reports", nargs=-1, required=True, type=PATH,
                metavar="REPORT.json...")
@click.option("--outdir", required=True, type=PATH, metavar="DIR",
              help="Where DIR/cohort_summary.html|.tsv and the MultiQC files "
              "DIR/ctdna_resist_*_mqc.* go (created when missing).")
@handle_errors
def cohort_summary(reports, outdir):
    """Cohort summary from per-sample JSON reports (a pipeline's aggregate step).

    Gives the same summary as 'batch' for the same samples. A REPORT.json may also be the
    record 'report --outcome' writes: a failed sample's record lists it as not reported.
    """
    from .api import cohort_summary as run

    paths = run(list(reports), outdir)
    click.echo(f"ctdna-resist: cohort summary of {len(reports)} samples: "
               f"{', '.join(str(p) for p in paths)}", err=True)


@cli.group()
def kb():
    """Inspect and validate the knowledge base."""


@kb.command("validate")
@with_options("kb_dir")
@handle_errors
def kb_validate(kb_dir):
    """Check every table; list each problem as file:line: column: message."""
    from .kb import default_dir, load_knowledge_base

    directory = Path(kb_dir) if kb_dir else default_dir()
    loaded, problems = load_knowledge_base(directory)
    if problems:
        for problem in problems:
            click.echo(problem)
        click.echo(f"{len(problems)} problem(s) in {directory}", err=True)
        sys.exit(2)
    from .kbview import counts

    click.echo(f"knowledge base {directory} version {loaded.version}: OK: "
               f"{len(loaded.resistance)} resistance entries ({counts(loaded.resistance)}), "
               f"{len(loaded.rescue)} rescue options ({counts(loaded.rescue)}), "
               f"{len(loaded.conflicts)} disagreements between the sources, "
               f"{len(loaded.not_assessable)} not-assessable mechanisms, "
               f"{len(loaded.drugs.drugs)} drugs, {len(loaded.genes.symbols)} genes")


@kb.command("list")
@with_options("kb_dir")
@handle_errors
def kb_list(kb_dir):
    """One line per resistance entry, grouped by gene."""
    from .api import load_kb
    from .kbview import list_entries

    click.echo(list_entries(load_kb(kb_dir)))


@kb.command("show")
@click.argument("gene")
@with_options("kb_dir")
@handle_errors
def kb_show(gene, kb_dir):
    """Everything the knowledge base holds for GENE (aliases accepted)."""
    from .api import load_kb
    from .kbview import show_gene

    click.echo(show_gene(load_kb(kb_dir), gene))


def _terminate(signum, frame):
    """SIGTERM behaves like Ctrl-C: unwind, so no temporary output file is left behind."""
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="ctdna-resist")


if __name__ == "__main__":
    main()

"""The genome build a VCF header states, and the header line that states it.

Each kind of header line is a hint read its own way:
- `##contig=<ID=chr1,length=249250621>`: the length of a main chromosome (every one differs
  between GRCh37 and GRCh38: chr1 is 249250621 in GRCh37, 248956422 in GRCh38); a contig ID
  only one build has (GRCh38's unplaced `KI270…` contigs, the `hs37d5` decoy of the 1000
  Genomes GRCh37 reference); the `assembly=` attribute;
- `##reference=`, `##assembly=`, CrossMap's `##new_reference_genome=`: a build named in the
  path or name (`Homo_sapiens_assembly38.fasta`, `ucsc.hg19.fa`, `human_g1k_v37.fasta`, ...);
- liftover lines (`##liftOverChainFile=…/hg19Tohg38.over.chain.gz`, `##liftOverFile=…`): the
  build the chain lifts *to*, the second half of its name;
- `##source=` lines and tool command lines (`##GATKCommandLine`, `##VEP`, `##…Command=`): a
  build they name.
The lines describing the file's own sequence (contigs, reference, liftover) decide; a tool's
command line or `##source` names the build that tool ran with, which need not be the file's (an
annotation cache), and is used only when no line describes the sequence. Hints that agree give
the build, with the first line of the strongest kind as its evidence; hints that disagree leave
it unclear, naming one line of each build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .genome import BUILD_LENGTHS, bare_chrom

_GRCH38_WORDS = re.compile(r"(?<![a-z0-9])(grch38|hg38|hs38\w*|b38|gca_000001405\.15|"
                           r"homo_sapiens_assembly38)(?![0-9])", re.I)
_GRCH37_WORDS = re.compile(r"(?<![a-z0-9])(grch37|hg19|hs37\w*|b37|human_g1k_v37|"
                           r"gca_000001405\.1|homo_sapiens_assembly19)(?![0-9])", re.I)
#: `hg19Tohg38`, `hg38ToHg19`, `GRCh37_to_GRCh38`, `b37ToHg38`: the build lifted to
_CHAIN = re.compile(r"(?:hg19|hg38|grch37|grch38|b37|b38)_?to_?(hg19|hg38|grch37|grch38|b37|b38)",
                    re.I)
_CONTIG_LINE = re.compile(r"^##contig=<(.*)>")
_PATH_LINES = ("##reference=", "##assembly=", "##new_reference_genome=",
               "##reference_genome=")
#: `##source=`, `##VEP=`, and the command lines tools write (`##GATKCommandLine`,
#: `##bcftools_normCommand`, `##VEP-command-line`)
_COMMAND_LINE = re.compile(r"^##(source|VEP[\w-]*|[\w-]*(command|commandline|command-line|cmdline))"
                           r"[=<]", re.I)
#: kinds of hint, strongest first: the evidence shown is the first line of the strongest kind
_KINDS = ("contig length", "contig ID", "reference", "liftover", "contig assembly", "command")


@dataclass(frozen=True)
class Hint:
    build: str
    kind: str
    line: str  # the header line, shortened for the report

    @property
    def evidence(self) -> str:
        return f"VCF header {self.line}"


def _named_build(text: str) -> str | None:
    """GRCh37 or GRCh38 when `text` names exactly one of them."""
    named = {build for pattern, build in ((_GRCH38_WORDS, "GRCh38"), (_GRCH37_WORDS, "GRCh37"))
             if pattern.search(text)}
    return named.pop() if len(named) == 1 else None


def _chain_target(text: str) -> str | None:
    targets = {_named_build(m.group(1)) for m in _CHAIN.finditer(text)}
    targets.discard(None)
    return targets.pop() if len(targets) == 1 else None


def _says(text: str) -> bool:
    return bool(_CHAIN.search(text) or _GRCH38_WORDS.search(text) or _GRCH37_WORDS.search(text))


def _short(line: str) -> str:
    """The line as evidence, short and keeping the words that name the build: a path from the
    folder or file naming it (`##reference=.../Homo_sapiens_assembly38.fasta`), a long command
    line as its key and the argument naming it."""
    key, eq, value = line.partition("=")
    if eq and "/" in value and " " not in value.strip() and not value.startswith("<"):
        parts = value.rstrip("/").split("/")
        at = max((i for i, part in enumerate(parts) if _says(part)), default=len(parts) - 1)
        return f"{key}=" + (".../" if at > 0 else "") + "/".join(parts[at:])
    if len(line) <= 100:
        return line
    token = next((t for t in re.split(r"[\s,\"'<>]+", value) if _says(t)), "")
    return f"{re.match(r'##[^=<]*', line).group(0)}=...{token}..."


def _contig_hints(line: str) -> list[Hint]:
    m = _CONTIG_LINE.match(line)
    if not m:
        return []
    fields = dict(kv.split("=", 1) for kv in re.findall(r"(\w+=[^,>]+)", m.group(1)))
    contig, length = fields.get("ID", ""), fields.get("length", "")
    hints = []
    by_length = BUILD_LENGTHS.get((bare_chrom(contig), int(length))) if length.isdigit() \
        else None
    if by_length:
        hints.append(Hint(by_length, "contig length", line))
    if re.search(r"KI270\d", contig):
        hints.append(Hint("GRCh38", "contig ID", line))
    elif contig.lower() == "hs37d5":
        hints.append(Hint("GRCh37", "contig ID", line))
    assembly = _named_build(fields.get("assembly", ""))
    if assembly:
        hints.append(Hint(assembly, "contig assembly", line))
    return hints


def hints_of(lines: list[str]) -> list[Hint]:
    """Every build hint of the header's lines, in header order."""
    hints: list[Hint] = []
    for line in lines:
        if line.startswith("##contig="):
            hints.extend(_contig_hints(line))
            continue
        lower = line.lower()
        if "liftover" in lower or "chain" in lower:
            target = _chain_target(line)
            if target:
                hints.append(Hint(target, "liftover", _short(line)))
            continue
        if line.startswith(_PATH_LINES):
            build = _named_build(line.partition("=")[2])
            if build:
                hints.append(Hint(build, "reference", _short(line)))
        elif _COMMAND_LINE.match(line):
            build = _chain_target(line) or _named_build(line)
            if build:
                hints.append(Hint(build, "command", _short(line)))
    return hints


def build_from_header(lines: list[str]) -> tuple[str | None, str]:
    """(build, evidence) from the header: (None, "silent") when no line says, and (None, what
    each build's line says) when they disagree."""
    hints = hints_of(lines)
    if not hints:
        return None, "silent"
    own = [h for h in hints if h.kind != "command"]
    hints = own or hints
    builds = {h.build for h in hints}
    if len(builds) > 1:
        first = {build: next(h for h in sorted(hints, key=_rank) if h.build == build)
                 for build in sorted(builds)}
        return None, " but ".join(f"{h.line} says {h.build}" for h in
                                  sorted(first.values(), key=_rank))
    return builds.pop(), min(hints, key=_rank).evidence


def _rank(hint: Hint) -> int:
    return _KINDS.index(hint.kind)

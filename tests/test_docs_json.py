"""docs/json-output.md documents every key the JSON report writes, in a table under the heading
that names the object's dataclass (a heading ending in "(`Finding`)"), in the JSON's order and
with the schema version that added it; the values of the closed vocabularies the report writes;
the keys of the serial JSON; and its worked example is this version's JSON. A field added to
the model without a line in the document fails here, naming the object and the key."""

from __future__ import annotations

import json
import re
import typing
from dataclasses import is_dataclass
from enum import StrEnum

import pytest

from ctdna_resist.kb.schema import CONFLICT_KINDS, NOT_ASSESSABLE_KINDS
from ctdna_resist.merging import AMP_ORDER
from ctdna_resist.model import (
    READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    Applicability,
    Conflict,
    Finding,
    Flag,
    NotAssessable,
    ReasonKind,
    Result,
)
from ctdna_resist.model.jsonable import json_field_names
from helpers import ROOT, TEST_DATA

DOC = ROOT / "docs" / "json-output.md"
EXAMPLE = TEST_DATA / "example_patient.vep.vcf.gz"
FIELD_HEADER = ["key", "type", "since", "meaning"]
#: objects of the report that are plain dicts, not dataclasses: their heading, and where the
#: JSON holds them
PLAIN_OBJECTS = {"`tool`": ("tool",), "`knowledge_base`": ("knowledge_base",),
                 "`sample.driver`": ("sample", "driver")}
#: fields typed as plain strings whose values are nonetheless a closed list
STRING_VOCABULARIES = {(Finding, "flags"): [flag.value for flag in Flag],
                       (Conflict, "kind"): list(CONFLICT_KINDS),
                       (NotAssessable, "kind"): list(NOT_ASSESSABLE_KINDS)}


# -- the document -----------------------------------------------------------------------------

def doc_sections() -> dict[str, str]:
    """Each heading's title and its text up to the next heading of any level (lines inside
    code blocks are never headings)."""
    sections: dict[str, str] = {}
    title, lines, fenced = None, [], False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            if title is not None:
                sections[title] = "\n".join(lines)
            title, lines = heading.group(1).strip(), []
        else:
            lines.append(line)
    if title is not None:
        sections[title] = "\n".join(lines)
    return sections


def section_of(sections: dict[str, str], marker: str) -> str:
    """The section whose heading ends with `marker`: `(`Finding`)` or `` `tool` ``."""
    found = [text for title, text in sections.items() if title.endswith(marker)]
    assert len(found) == 1, f"docs/json-output.md: {len(found)} headings end with {marker}"
    return found[0]


def table_rows(text: str) -> list[tuple[list[str], list[str]]]:
    """(header, cells) of every row of every table in `text`."""
    rows, header = [], None
    for line in text.splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not all(set(cell) <= set("-: ") for cell in cells):
            rows.append((header, cells))
    return rows


def documented_keys(text: str, header: list[str] | None = None) -> dict[str, list[str]]:
    """The keys named (in backticks) in the first cell of the rows of tables with `header`
    (any table when None), in order, each with its row's cells."""
    keys: dict[str, list[str]] = {}
    for row_header, cells in table_rows(text):
        if header is None or row_header == header:
            for name in re.findall(r"`([^`]+)`", cells[0]):
                keys.setdefault(name, cells)
    return keys


# -- the model --------------------------------------------------------------------------------

def json_fields(cls: type) -> list[tuple[str, str]]:
    """(field name, JSON key) of what the JSON writes of `cls`, in order. A field named after a
    Python keyword has a trailing underscore, which its `to_json` leaves out (`Phase.with_`)."""
    if cls is Result:
        return [(name, name) for name in Result.JSON_ORDER]
    return [(name, name.removesuffix("_")) for name in json_field_names(cls)]


def json_keys(cls: type) -> list[str]:
    return [key for _, key in json_fields(cls)]


def leaf_types(hint) -> list:
    """`list[Reason]` -> [Reason]; `Phase | None` -> [Phase, NoneType]."""
    args = typing.get_args(hint)
    return [leaf for arg in args for leaf in leaf_types(arg)] if args else [hint]


def nested(cls: type) -> dict[str, type]:
    """JSON key -> the dataclass its value is made of (alone, in a list, or null)."""
    hints = typing.get_type_hints(cls)
    return {key: leaf for name, key in json_fields(cls) for leaf in leaf_types(hints[name])
            if is_dataclass(leaf)}


def report_classes() -> list[type]:
    """Every dataclass the report JSON writes, reached from `Result` through the field types."""
    seen, queue = [], [Result]
    while queue:
        cls = queue.pop(0)
        if cls not in seen:
            seen.append(cls)
            queue.extend(nested(cls).values())
    return seen


def objects_of(data: dict, cls: type):
    """(dataclass, JSON object) for `data` written from `cls` and every object nested in it."""
    yield cls, data
    for key, inner in nested(cls).items():
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                yield from objects_of(item, inner)


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    return doc_sections()


@pytest.fixture(scope="module")
def report() -> dict:
    """The worked example's report, as the JSON renderer writes it."""
    from ctdna_resist.api import annotate
    from ctdna_resist.render.json_out import render_json

    return json.loads(render_json(annotate(EXAMPLE, therapies=["erlotinib", "osimertinib"])))


# -- the tests --------------------------------------------------------------------------------

def test_the_report_objects_are_the_ones_this_test_walks(report):
    """Every object of a real report is one the walk from `Result` reaches, and writes the keys
    the walk expects in their order (a `to_json` of its own writes no other key)."""
    seen = set()
    for cls, data in objects_of(report, Result):
        seen.add(cls.__name__)
        expected = json_keys(cls)
        assert set(data) <= set(expected), (cls.__name__, set(data) - set(expected))
        assert list(data) == [key for key in expected if key in data], cls.__name__
    assert {"Finding", "Phase", "PhaseReads", "Alternative", "RescueOption", "Reason",
            "Conflict", "ConflictEvidence", "NotDetected", "NotAssessed", "NotAssessable",
            "OtherAlteration"} <= seen <= {cls.__name__ for cls in report_classes()}


@pytest.mark.parametrize("cls", report_classes(), ids=lambda cls: cls.__name__)
def test_every_key_is_documented_under_its_object_in_order_with_its_version(sections, cls):
    text = section_of(sections, f"(`{cls.__name__}`)")
    rows = documented_keys(text, FIELD_HEADER)
    expected = json_keys(cls)
    missing = [key for key in expected if key not in rows]
    assert not missing, f"docs/json-output.md, section of {cls.__name__}: no row for {missing}"
    assert [key for key in rows if key in expected] == expected, \
        f"docs/json-output.md, section of {cls.__name__}: keys not in the JSON's order"
    for key in expected:
        since = re.match(r"\d+(\.\d+)?", rows[key][2])
        assert since and since.group() in READABLE_SCHEMA_VERSIONS, \
            f"{cls.__name__}.{key}: 'since' is {rows[key][2]!r}, not a schema version"
        assert rows[key][1] and rows[key][3], f"{cls.__name__}.{key}: type or meaning empty"


@pytest.mark.parametrize("heading", PLAIN_OBJECTS)
def test_the_keys_of_plain_objects_are_documented(sections, report, heading):
    value = report
    for step in PLAIN_OBJECTS[heading]:
        value = value[step]
    rows = documented_keys(section_of(sections, heading), FIELD_HEADER)
    missing = [key for key in value if key not in rows]
    assert not missing, f"docs/json-output.md, section {heading}: no row for {missing}"


def vocabularies() -> list[tuple[type, str, list[str]]]:
    """(class, field, values) of every closed vocabulary the report writes: fields typed with
    a StrEnum, `amp_level` fields, and the string fields of STRING_VOCABULARIES."""
    out = []
    for cls in report_classes():
        hints = typing.get_type_hints(cls)
        for name, key in json_fields(cls):
            for leaf in leaf_types(hints[name]):
                if isinstance(leaf, type) and issubclass(leaf, StrEnum):
                    out.append((cls, key, [member.value for member in leaf]))
            if key == "amp_level":
                out.append((cls, key, list(AMP_ORDER)))
            if (cls, key) in STRING_VOCABULARIES:
                out.append((cls, key, STRING_VOCABULARIES[(cls, key)]))
    return out


@pytest.mark.parametrize("cls, key, values", [
    pytest.param(cls, key, values, id=f"{cls.__name__}.{key}")
    for cls, key, values in vocabularies()])
def test_every_value_of_a_vocabulary_is_listed_under_its_object(sections, cls, key, values):
    text = section_of(sections, f"(`{cls.__name__}`)")
    missing = [value for value in values if f"`{value}`" not in text]
    assert not missing, f"docs/json-output.md, section of {cls.__name__}: {key} values " \
                        f"{missing} not listed"


def test_vocabularies_cover_reasons_options_and_flags():
    found = {(cls.__name__, key) for cls, key, _ in vocabularies()}
    assert {("Reason", "kind"), ("RescueOption", "applicability"), ("Finding", "flags"),
            ("Finding", "category"), ("RescueOption", "condition_status")} <= found


def test_every_reason_kind_is_explained(sections):
    text = section_of(sections, "(`Reason`)")
    kinds = documented_keys(text, ["kind", "effect", "meaning"])
    missing = [kind.value for kind in ReasonKind if kind.value not in kinds]
    assert not missing, f"docs/json-output.md, section of Reason: no row for kinds {missing}"
    for kind in ReasonKind:
        assert all(kinds[kind.value][1:]), f"reason kind {kind}: effect or meaning empty"


def test_every_applicability_is_explained(sections):
    row = documented_keys(section_of(sections, "(`RescueOption`)"), FIELD_HEADER)
    meaning = row["applicability"][3]
    missing = [a.value for a in Applicability if f"`{a.value}`" not in meaning]
    assert not missing, f"docs/json-output.md, rescue_options[].applicability: {missing} not said"


def worked_example() -> dict:
    text = doc_sections()["Worked example"]
    blocks = re.findall(r"```json\n(.*?)\n```", text, flags=re.DOTALL)
    assert len(blocks) == 1, "the worked example has one JSON block"
    return json.loads(blocks[0])


def test_worked_example_is_this_versions_json_with_every_key():
    """Trimmed lists aside, the excerpt is a report of this version: each object has exactly
    the keys the model writes, in order (after a field is added, run the command the section
    gives again and update the excerpt)."""
    example = worked_example()
    assert example["schema_version"] == SCHEMA_VERSION
    assert list(example) == list(Result.JSON_ORDER)
    for cls, data in objects_of(example, Result):
        expected = json_keys(cls)
        optional = {"method", "excluded"} if cls.__name__ == "Phase" else set()
        missing = [key for key in expected if key not in data and key not in optional]
        unknown = [key for key in data if key not in expected]
        assert not missing and not unknown, \
            f"worked example, a {cls.__name__}: lacks {missing}, has unknown keys {unknown}"
        assert list(data) == [key for key in expected if key in data], \
            f"worked example, a {cls.__name__}: keys not in the JSON's order"


def test_all_json_blocks_parse():
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)\n```", text, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        json.loads(block)


# -- the serial JSON --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def serial_json() -> dict:
    from ctdna_resist.api import serial

    return json.loads(json.dumps(serial(TEST_DATA / "serial" / "PT002.timepoints.tsv").to_dict()))


def serial_objects(data: dict, cls: type):
    """(dataclass, JSON object) of a serial JSON, following the keys it actually writes."""
    yield cls, data
    hints = typing.get_type_hints(cls)
    for key, value in data.items():
        inner = [leaf for leaf in leaf_types(hints[key]) if is_dataclass(leaf)]
        for item in (value if isinstance(value, list) else [value]) if inner else []:
            if item is not None:
                yield from serial_objects(item, inner[0])


def test_every_key_of_the_serial_json_is_documented(sections, serial_json):
    from ctdna_resist.model import SerialResult

    seen = {}
    for cls, data in serial_objects(serial_json, SerialResult):
        seen.setdefault(cls, data)
    assert len(seen) >= 6, [cls.__name__ for cls in seen]
    for cls, data in seen.items():
        text = section_of(sections, f"(`{cls.__name__}`)")
        names = documented_keys(text)
        missing = [key for key in data if key not in names]
        assert not missing, f"docs/json-output.md, section of {cls.__name__}: no row for {missing}"
        assert [key for key in names if key in data] == list(data), \
            f"docs/json-output.md, section of {cls.__name__}: keys not in the JSON's order"

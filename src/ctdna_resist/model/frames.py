"""Results as pandas tables, for notebooks: one row per finding, per rescue option, per other
alteration, and a cohort's samples x mechanisms. pandas is an optional dependency
(`pip install 'ctdna-resist[notebook]'`), imported only when a table is asked for.

Columns are the JSON field names, in the JSON's order, and cells hold the JSON values (lists
stay lists), so a table and `to_dict()` say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .jsonable import json_field_names

if TYPE_CHECKING:
    import pandas

#: the finding's fields that name it in the rescue-option table
FINDING_KEYS = ("gene", "alteration", "partner")


def pandas_module():
    try:
        import pandas
    except ImportError:
        raise ImportError("tables need pandas: pip install 'ctdna-resist[notebook]' (or pip "
                          "install pandas)") from None
    return pandas


def table(rows: list[dict[str, Any]], columns: list[str]) -> pandas.DataFrame:
    return pandas_module().DataFrame(rows, columns=columns)


class ResultFrames:
    """Tables of a `Result` (mixed into it: needs `to_dict()` and the row types as class
    attributes `FINDING`, `RESCUE_OPTION`, `OTHER_ALTERATION`)."""

    def findings_frame(self) -> pandas.DataFrame:
        """One row per finding, in the report's order; columns: the finding's JSON fields."""
        return table(self.to_dict()["findings"], list(json_field_names(self.FINDING)))

    def options_frame(self) -> pandas.DataFrame:
        """One row per documented rescue option of each finding, in the report's order;
        columns: the finding's `gene`, `alteration`, `partner`, then the option's JSON
        fields."""
        rows = [{**{key: finding[key] for key in FINDING_KEYS}, **option}
                for finding in self.to_dict()["findings"]
                for option in finding["rescue_options"]]
        return table(rows, [*FINDING_KEYS, *json_field_names(self.RESCUE_OPTION)])

    def other_frame(self) -> pandas.DataFrame:
        """One row per other alteration (read, not a finding: the reason says why)."""
        return table(self.to_dict()["other_alterations"],
                     list(json_field_names(self.OTHER_ALTERATION)))


def mechanisms_frame(samples: list[str], mechanisms: dict[str, list[str]],
                     order: list[str]) -> pandas.DataFrame:
    """Samples x mechanisms: True where the sample's report counts the mechanism (a finding
    documented as resistance to the therapy it was assessed against). `order`: the columns."""
    frame = pandas_module().DataFrame(
        [[mechanism in mechanisms.get(sample, []) for mechanism in order] for sample in samples],
        index=pandas_module().Index(samples, name="sample"), columns=order, dtype=bool)
    frame.columns.name = "mechanism"
    return frame

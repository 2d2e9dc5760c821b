"""Drug names: generic names, brands, development codes and misspellings -> one generic name;
therapy lines (`dabrafenib+trametinib`, a class such as `chemotherapy`) -> a `Therapy`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import UsageError


def name_key(name: str) -> str:
    """'AZD-9291', 'azd 9291' and 'AZD9291' are one key."""
    return re.sub(r"[\s\-_()®™]+", "", name.strip().lower())


@dataclass(frozen=True, kw_only=True)
class Drug:
    name: str
    classes: tuple[tuple[str, str | None], ...]  # (class, generation or None)
    targets: tuple[str, ...] = ()  # gene symbols the drug inhibits
    brand_names: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    spellings_seen: tuple[str, ...] = ()

    def in_class(self, drug_class: str, generations: tuple[str, ...] = ()) -> bool:
        return any(c == drug_class and (not generations or g in generations)
                   for c, g in self.classes)


@dataclass(frozen=True, kw_only=True)
class Therapy:
    """A line of therapy: one drug, a combination, or a class given as a class."""

    name: str  # display: 'osimertinib', 'dabrafenib+trametinib', 'chemotherapy'
    drugs: tuple[str, ...]


@dataclass
class DrugIndex:
    drugs: dict[str, Drug] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    #: classes the sources name with no drug of them (drug_classes.tsv)
    declared_classes: set[str] = field(default_factory=set)
    _names: dict[str, str] = field(default_factory=dict)  # name key -> generic
    _members: dict[tuple[str, tuple[str, ...]], list[str]] = field(
        default_factory=dict, repr=False, compare=False)  # (class, generations) -> drugs

    def add(self, drug: Drug) -> list[str]:
        """Index a drug; returns the names that clash with another drug's."""
        self.drugs[drug.name] = drug
        self._members.clear()
        self.classes.update(c for c, _ in drug.classes)
        clashes = []
        for name in (drug.name, *drug.brand_names, *drug.codes, *drug.spellings_seen):
            key = name_key(name)
            if self._names.get(key, drug.name) != drug.name:
                clashes.append(name)
                continue
            self._names[key] = drug.name
        return clashes

    def resolve(self, name: str) -> str | None:
        return self._names.get(name_key(name))

    def class_named(self, name: str) -> str | None:
        key = name_key(name)
        return next((c for c in self.classes if name_key(c) == key), None)

    def in_class(self, drug_class: str, generations: tuple[str, ...] = ()) -> list[str]:
        """The drugs of a class (of those generations), sorted; memoised until the next `add`
        (the loader asks for the same classes once per cell that names them)."""
        key = (drug_class, generations)
        members = self._members.get(key)
        if members is None:
            members = self._members[key] = sorted(
                d.name for d in self.drugs.values() if d.in_class(drug_class, generations))
        return list(members)

    def closest(self, name: str, n: int = 3) -> list[str]:
        """Known spellings closest to an unknown name, for the error message."""
        candidates = {**{name_key(c): c for c in self.classes},
                      **{k: (self.drugs[g].name if k == name_key(g) else k)
                         for k, g in self._names.items()}}
        import difflib  # only for a name nothing matched

        keys = difflib.get_close_matches(name_key(name), list(candidates), n=n, cutoff=0.6)
        shown = []
        for k in keys:
            generic = self._names.get(k)
            label = candidates[k] if generic is None or candidates[k] == generic \
                else f"{candidates[k]} ({generic})"
            shown.append(label)
        return shown

    def therapy(self, text: str) -> Therapy:
        """Resolve one `--therapy` value: drugs and drug classes joined by `+`
        (`osimertinib+chemotherapy`); a class stands for its drugs. An unknown name is a
        UsageError naming close ones."""
        parts = [p.strip() for p in text.split("+")]
        if not text.strip() or any(not p for p in parts):
            raise UsageError(f"--therapy '{text}': empty drug name")
        names: list[str] = []
        drugs: list[str] = []
        for part in parts:
            generic = self.resolve(part)
            drug_class = self.class_named(part) if generic is None else None
            if generic is None and drug_class is None:
                close = self.closest(part)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise UsageError(f"--therapy: unknown drug '{part}'{hint}")
            name = generic or drug_class
            if name not in names:
                names.append(name)
            members = [generic] if generic else self.in_class(drug_class)
            drugs.extend(d for d in members if d not in drugs)
        return Therapy(name="+".join(names), drugs=tuple(drugs))

"""Gene symbols: HGNC symbols, aliases and previous symbols, plus curated literature spellings."""

from __future__ import annotations

from dataclasses import dataclass, field


def _key(name: str) -> str:
    return name.strip().upper()


@dataclass
class GeneIndex:
    """Maps any known spelling to the HGNC symbol. Symbols win over aliases; an alias shared by
    two genes is ambiguous and is not resolved."""

    symbols: set[str] = field(default_factory=set)
    _aliases: dict[str, str] = field(default_factory=dict)
    _ambiguous: set[str] = field(default_factory=set)
    #: literature spellings that name an alteration too (HER2D16 -> ERBB2 exon 16 skipping)
    alteration_aliases: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add_symbol(self, symbol: str) -> None:
        self.symbols.add(symbol)

    def add_alias(self, alias: str, symbol: str) -> None:
        key = _key(alias)
        if not key or key in self._ambiguous:
            return
        known = self._aliases.get(key)
        if known is not None and known != symbol:
            del self._aliases[key]
            self._ambiguous.add(key)
            return
        self._aliases[key] = symbol

    def resolve(self, name: str) -> str | None:
        """The HGNC symbol for `name`, or None when it is unknown or ambiguous."""
        key = _key(name)
        if key in self.symbols:
            return key
        return self._aliases.get(key)

    def normalise(self, name: str) -> str:
        """The symbol when known; otherwise the name as written, upper-cased (a gene outside the
        knowledge base is still a gene)."""
        return self.resolve(name) or _key(name)

    def __contains__(self, symbol: str) -> bool:
        return symbol in self.symbols

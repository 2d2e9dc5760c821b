"""Text from inputs made fit to show: the one place labels lose the characters no report can
carry.

A gene, partner, alteration or time-point label is whatever an input wrote, and a control
character in it (a stray `\\x01`, a form feed) is invalid in the XML of an SVG figure and
invisible or misleading in HTML and PDF; a bidirectional override (`U+202E`) makes text read
backwards. `printable` removes control, format, surrogate and non-characters and turns tabs and
line breaks into spaces. Labels are made printable where they are made (`alteration_label`,
time-point labels), and the report templates pass every value through it too, so no renderer
has to.
"""

from __future__ import annotations

import unicodedata

#: categories removed: control (Cc), format (Cf: bidi overrides, zero-width), surrogate (Cs),
#: private use (Co), unassigned (Cn)
_UNFIT = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_SPACES = frozenset("\t\n\r\v\f\x85\u2028\u2029")


def printable(text: str) -> str:
    """`text` without the characters no report can show (tabs and line breaks as spaces)."""
    if text.isprintable():  # every ordinary label: one pass in C
        return text
    return "".join(" " if c in _SPACES else c for c in text
                   if c in _SPACES or unicodedata.category(c) not in _UNFIT)

"""The one rule for free text typed or imported by people, applied once at the door by every form, import and service.

Text that passes it can be stored by SQLite and PostgreSQL and written into Word and Excel files, so no export can
fail later on stored data. Right-to-left scripts, combining marks and emoji pass; what would break a file or mislead
a reader does not.
"""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that reorder or hide text: "Anna \u202eeborP" is shown as "Anna Probe".
BIDI_CONTROLS = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
# Zero-width characters that make two identical-looking names differ. ZWJ and ZWNJ are left alone: Persian words and
# emoji sequences need them.
ZERO_WIDTH = {
    "\u200b": "zero-width space",
    "\u2060": "word joiner",
    "\ufeff": "zero-width no-break space",
}
LINE_BREAKS_ALLOWED = {"\n", "\t"}
# What XML 1.0, and so a Word or Excel file, cannot hold at all.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def is_noncharacter(ch: str) -> bool:
    """U+FDD0–U+FDEF and every code point ending in FFFE or FFFF: Unicode reserves them, XML (and so Word) refuses them."""
    code = ord(ch)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def problem(text: str, *, multiline: bool = False, max_length: int | None = None) -> str | None:
    """Why this text cannot be accepted, or None. One-line fields refuse every control character; multi-line text
    (paragraphs, comments, summaries) admits line breaks and tabs."""
    if max_length is not None and len(text) > max_length:
        return f"is too long ({len(text):,} characters; at most {max_length:,})"
    if text.isprintable():
        return None  # every character refused below is a control, format, surrogate or unassigned one: none is printable
    for ch in text:
        if ch == "\x00" or 0xD800 <= ord(ch) <= 0xDFFF:
            return f"contains characters that cannot be stored (broken encoding, {_describe(ch)})"
        if is_noncharacter(ch):
            return f"contains a character that is not a valid letter or symbol ({_describe(ch)})"
        if ch in BIDI_CONTROLS:
            return f"contains an invisible {BIDI_CONTROLS[ch]} character ({_describe(ch)}) that would change how it reads"
        if ch in ZERO_WIDTH:
            return f"contains an invisible {ZERO_WIDTH[ch]} ({_describe(ch)})"
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in LINE_BREAKS_ALLOWED):
            if multiline:
                return f"contains an invisible control character ({_describe(ch)})"
            return f"contains control characters (tabs, line breaks or invisible codes, {_describe(ch)})"
    return None


def one_line_problem(text: str, max_length: int | None = None) -> str | None:
    return problem(text, max_length=max_length)


def multiline_problem(text: str, max_length: int | None = None) -> str | None:
    return problem(text.replace("\r\n", "\n"), multiline=True, max_length=max_length)


def writable(text: object) -> str:
    """Stored text as a Word or Excel file can hold it: what XML refuses is dropped (tabs and line breaks kept).

    The door refuses such text, but rows stored before it did, or written to the database by other means, must not
    make an export fail for everyone."""
    return XML_ILLEGAL.sub("", "" if text is None else str(text))

"""Checks on free text typed or imported by people, shared by every form and import."""
from __future__ import annotations

import unicodedata


def has_control_characters(text: str) -> bool:
    """Tabs, line breaks, NUL, bell …: never wanted in a name, an email or a one-line field."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def is_storable(text: str) -> bool:
    """False for NUL (PostgreSQL refuses it), lone surrogates and other code points no database can hold."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def one_line_problem(text: str) -> str | None:
    if not is_storable(text):
        return "contains characters that cannot be stored (broken encoding)"
    if has_control_characters(text):
        return "contains control characters (tabs, line breaks or invisible codes)"
    return None

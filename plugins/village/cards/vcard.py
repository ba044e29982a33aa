"""vCard 3.0 (RFC 2426) files for the contact card: a villager taps one and the cadre is in the phone.

3.0 rather than 4.0 because the phones villagers use (older Android, WeChat's browser) import it
reliably. UTF-8, CRLF line ends, text values escaped, lines folded at 75 octets without splitting
a character.
"""

from __future__ import annotations

from village.source.names import surname

FOLD_OCTETS = 75


def escape(value: str) -> str:
    """A text value: backslash, comma, semicolon and line breaks escaped (RFC 2426 section 5)."""
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuation lines starting with a space."""
    pieces, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = FOLD_OCTETS if not pieces else FOLD_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def vcard(person, village: dict, page_url: str) -> str:
    family = surname(person.name)
    given = person.name[len(family):]
    org = person.org or f"{village.get('region', '')}{village['name']}"
    unit = "驻村工作队" if person.group == "驻村" else "村两委"
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape(family)};{escape(given)};;;",
        f"FN:{escape(person.name)}",
        f"ORG:{escape(org)};{escape(unit)}",
        f"TITLE:{escape(person.title)}",
        f"TEL;TYPE=WORK,VOICE:{person.tel}",
        f"CATEGORIES:{escape(village['name'])},{escape(unit)}",
    ]
    if person.duties:
        lines.append(f"NOTE:{escape('分工：' + person.duties)}")
    lines += [f"URL:{page_url}", "END:VCARD"]
    return "".join(fold(line) + "\r\n" for line in lines)

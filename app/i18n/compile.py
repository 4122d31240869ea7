"""Compile a catalog: ``python -m app.i18n.compile locales/se/LC_MESSAGES/messages.po``.

Unlike ``pybabel compile``, an untranslated plural entry is left out of the
.mo file. Babel writes the English msgid there instead, which would stop the
se → nb fallback for every plural string se does not translate yet.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalog(po_path: Path, mo_path: Path) -> int:
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    for message in list(catalog):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(strings)):
            catalog.delete(message.id, message.context)
    with open(mo_path, "wb") as f:
        write_mo(f, catalog)
    return len(catalog)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: python -m app.i18n.compile PO_FILE [PO_FILE ...]", file=sys.stderr)
        return 2
    for name in argv:
        po_path = Path(name)
        if not po_path.is_file():
            print(f"error: {po_path} does not exist", file=sys.stderr)
            return 1
        count = compile_catalog(po_path, po_path.with_suffix(".mo"))
        print(f"compiled {po_path}: {count} translated messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())

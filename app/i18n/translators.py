"""A translator's round trip, without touching the code.

``python -m app.i18n.translators export se [-o FILE]`` writes the strings se does
not have yet as a PO file a translator's tool opens (Poedit, Lokalize, Weblate…),
each with where it is shown, the Norwegian and English text, and what every
placeholder and plural form means.

``python -m app.i18n.translators merge se FILE`` takes the returned file back.
It checks every entry first and writes nothing if any is wrong: a msgid the app
no longer has, placeholders that differ from the msgid's, the wrong number of
plural forms, a text copied from Norwegian or English. Entries the translator
marked as not verified (``#, fuzzy``, or ``#, machine`` for machine-made text)
are left out, so only verified text reaches the catalog. Then it compiles the
catalog and prints the new coverage.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import PoFileError, read_po, write_po

from app.arguments import ArgumentParser
from app.i18n import LANGUAGES, LOCALES_DIR
from app.i18n.check import check_catalogs, format_problem, placeholders
from app.i18n.compile import compile_catalog

PROJECT_ROOT = LOCALES_DIR.parent
#: Flags a translator (or their tool) sets on text that is not verified yet.
UNVERIFIED_FLAGS = frozenset({"fuzzy", "machine", "machine-translated", "mt"})


def _texts(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def catalog_path(lang: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / "messages.po"


def _read(path: Path, lang: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=lang, abort_invalid=True)


def untranslated(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id and (m.fuzzy or not all(_texts(m.string)))]


# ---- where a string is shown -------------------------------------------------------------


def where_shown(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """msgid → the files (and lines) that show it, from the same extraction as `make catalogs`."""
    with open(root / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    places: dict[str, list[str]] = defaultdict(list)
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        msgid = _texts(message)[0]
        places[msgid].append(f"{filename}:{lineno}")
    return places


# ---- what the placeholders and plural forms mean ---------------------------------------------

_PLURAL_CATEGORY_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "few": "a few",
    "many": "many",
    "other": "every other number",
}


def plural_forms_help(lang: str) -> list[str]:
    """One line per msgstr[i], in the catalog's order (CLDR's categories, 'other' last)."""
    rule = Locale.parse(lang).plural_form
    categories = [*sorted(rule.rules), "other"]
    lines = []
    for index, category in enumerate(categories):
        condition = rule.rules.get(category)
        when = re.sub(r"^n (in|is) ", "", condition) if condition else _PLURAL_CATEGORY_WORDS[category]
        lines.append(f"msgstr[{index}]: the form used when the number is {when} (CLDR: {category})")
    return lines


def placeholder_help(text: str) -> list[str]:
    notes = []
    for token in dict.fromkeys(placeholders(text)):
        if token == "#":
            notes.append("# is replaced by a number when the page is shown; keep it")
        else:
            kind = "a number" if token[-1] in "df" else "a text"
            name = f" ({token[2:-2]})" if token.startswith("%(") else ""
            notes.append(f"{token} is replaced by {kind}{name} when the page is shown; keep it exactly")
    return notes


def _shown_text(catalog: Catalog, message: Message) -> str | None:
    known = catalog.get(message.id, message.context)
    if known is None or known.fuzzy or not all(_texts(known.string)):
        return None
    return " | ".join(_texts(known.string))


# ---- export ------------------------------------------------------------------------------


def export(lang: str, locales_dir: Path = LOCALES_DIR, root: Path = PROJECT_ROOT) -> Catalog:
    """A catalog of what ``lang`` still lacks, with a translator's context on each entry."""
    target = _read(catalog_path(lang, locales_dir), lang)
    others = {other: _read(catalog_path(other, locales_dir), other) for other in ("nb", "en")}
    places = where_shown(root)
    out = Catalog(locale=lang, project="Innboks", msgid_bugs_address="innboks@example.invalid")
    # Babel's own table lacks se; the catalog's header has CLDR's three forms.
    out.mime_headers = [("Plural-Forms", target.plural_forms)]
    plural_help = plural_forms_help(lang)
    for message in untranslated(target):
        msgid = _texts(message.id)[0]
        notes = [f"Shown in: {place}" for place in places.get(msgid, [])[:5]]
        for other, catalog in others.items():
            text = _shown_text(catalog, message)
            if text:
                notes.append(f"{other}: {text}")
        notes.extend(placeholder_help(" ".join(_texts(message.id))))
        if message.pluralizable:
            notes.extend(plural_help)
        empty = tuple("" for _ in range(out.num_plurals)) if message.pluralizable else ""
        out.add(message.id, empty, auto_comments=notes, context=message.context)
    return out


# ---- merge -------------------------------------------------------------------------------


@dataclass
class MergeResult:
    errors: list[str]
    merged: int = 0
    left_out: int = 0
    coverage: float = 0.0
    translated: int = 0
    total: int = 0


def _is_copy(text: str, others: Iterable[str]) -> bool:
    """A translation equal to the Norwegian or English text is not one (se falls back to nb
    by itself); a single word such as a name may legitimately stay the same."""
    return len(text.split()) > 1 and any(text.strip() == other.strip() for other in others)


def check_returned(
    lang: str, returned: Catalog, locales_dir: Path, label: str
) -> tuple[list, list[str], int]:
    """(entries to merge, errors, entries left out as not verified)."""
    target = _read(catalog_path(lang, locales_dir), lang)
    sources = [_read(catalog_path(other, locales_dir), other) for other in ("nb", "en")]
    errors: list[str] = []
    to_merge = []
    left_out = 0
    if returned.locale is not None and str(returned.locale) != lang:
        errors.append(f"{label}: the file is for language {returned.locale}, not {lang}")
        return [], errors, 0
    has_plurals = any(m.pluralizable for m in returned if m.id)
    if has_plurals and returned.num_plurals != target.num_plurals:
        errors.append(
            f"{label}: the file's Plural-Forms header gives {returned.num_plurals} plural forms, "
            f"{lang} has {target.num_plurals}; set it to {target.plural_forms!r} in your tool "
            f"(or export a new file) and fill every form"
        )
        return [], errors, 0
    for message in returned:
        if not message.id:
            continue
        where = f"{label}:{message.lineno}"
        msgid = _texts(message.id)[0]
        strings = _texts(message.string)
        if not any(strings):
            continue  # still untranslated: nothing to merge
        if UNVERIFIED_FLAGS & set(message.flags):
            left_out += 1
            continue
        known = target.get(message.id, message.context)
        if known is None:
            errors.append(
                f"{where}: {msgid!r} is no longer in the app (changed or removed); export again "
                "and translate the new file"
            )
            continue
        if known.pluralizable != isinstance(message.string, tuple) or (
            known.pluralizable and len(strings) != target.num_plurals
        ):
            errors.append(
                f"{where}: {msgid!r} needs {target.num_plurals if known.pluralizable else 1} "
                f"form(s) (msgstr[0] … msgstr[{target.num_plurals - 1}] for a plural), "
                f"the file has {len(strings)}"
            )
            continue
        if not all(strings):
            errors.append(f"{where}: {msgid!r}: fill every plural form, or leave them all empty")
            continue
        # The same rule as `make check-catalogs`: every form keeps the msgid's placeholders.
        wanted = placeholders(msgid)
        for text in strings:
            found = placeholders(text)
            if found != wanted:
                errors.append(
                    f"{where}: {msgid!r}: the placeholders must stay as in the original "
                    f"({', '.join(wanted) or 'none'}), the translation has "
                    f"({', '.join(found) or 'none'}) in {text!r}"
                )
                break
            if problem := format_problem(msgid, text):
                errors.append(f"{where}: {msgid!r}: {problem}: {text!r}")
                break
            source_texts = [
                t
                for catalog in sources
                if (m := catalog.get(message.id, message.context))
                for t in _texts(m.string)
            ]
            if _is_copy(text, [*_texts(message.id), *source_texts]):
                errors.append(
                    f"{where}: {msgid!r}: the translation is the Norwegian or English text; leave "
                    f"it empty (the page then shows Norwegian, marked as such) or translate it"
                )
                break
        else:
            to_merge.append(message)
    return to_merge, errors, left_out


def merge(lang: str, returned_path: Path, locales_dir: Path = LOCALES_DIR) -> MergeResult:
    label = str(returned_path)
    try:
        raw = returned_path.read_bytes()
    except OSError as error:
        return MergeResult(errors=[f"{label}: cannot be read ({error.strerror})"])
    try:
        returned = read_po(io.BytesIO(raw), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as error:
        return MergeResult(errors=[f"{label}: cannot be read as a PO file ({error})"])
    to_merge, errors, left_out = check_returned(lang, returned, locales_dir, label)
    if errors:
        return MergeResult(errors=errors, left_out=left_out)
    path = catalog_path(lang, locales_dir)
    target = _read(path, lang)
    for message in to_merge:
        known = target.get(message.id, message.context)
        assert known is not None  # checked above
        known.string = message.string
        known.flags.discard("fuzzy")
    buffer = io.BytesIO()
    # The same options as `make catalogs`, so a merge changes only what it merges.
    write_po(buffer, target, no_location=True, sort_output=True, width=76)
    path.write_bytes(buffer.getvalue())
    compile_catalog(path, path.with_suffix(".mo"))
    report = check_catalogs(locales_dir)
    total = sum(1 for m in target if m.id)
    translated = total - len(untranslated(target))
    return MergeResult(
        errors=[],
        merged=len(to_merge),
        left_out=left_out,
        coverage=report.coverage.get(lang, 0.0),
        translated=translated,
        total=total,
    )


# ---- command line ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = ArgumentParser(prog="python -m app.i18n.translators", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ex = commands.add_parser("export", help="write the untranslated strings of a language as a PO file")
    ex.add_argument("lang", choices=LANGUAGES)
    ex.add_argument("-o", "--output", type=Path, help="where to write (default: <lang>-untranslated.po)")
    mg = commands.add_parser("merge", help="check a translated PO file and merge it into the catalog")
    mg.add_argument("lang", choices=LANGUAGES)
    mg.add_argument("file", type=Path)
    for command in (ex, mg):
        command.add_argument("--locales-dir", type=Path, default=LOCALES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.command == "export":
        catalog = export(args.lang, args.locales_dir)
        output = args.output or Path(f"{args.lang}-untranslated.po")
        with open(output, "wb") as f:
            write_po(f, catalog, width=76, include_lineno=False)
        print(f"wrote {output}: {len(catalog)} strings for {args.lang} to translate")
        return 0

    result = merge(args.lang, args.file, args.locales_dir)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if result.errors:
        print(
            f"nothing merged: {len(result.errors)} problem(s) in {args.file}; fix them and run again",
            file=sys.stderr,
        )
        return 1
    print(
        f"merged {result.merged} string(s) into {catalog_path(args.lang, args.locales_dir)}"
        + (f"; left out {result.left_out} marked fuzzy or machine-made" if result.left_out else "")
    )
    print(f"{args.lang}: {result.translated} of {result.total} strings translated ({result.coverage:.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

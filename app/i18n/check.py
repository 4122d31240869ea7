"""Check the shared catalogs: ``python -m app.i18n.check [locales-dir]``.

nb and en must translate every message; se carries only what is known to be
right and falls back to nb, so its coverage is reported, not required.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po
from babel.plural import to_gettext

from app.i18n import LANGUAGES, LOCALES_DIR

MUST_BE_COMPLETE = ("nb", "en")
# Python %-placeholders, and Material's "#" that its JavaScript replaces with a number.
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sdf]|%[sdf]|#")


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    coverage: dict[str, float] = field(default_factory=dict)


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


_NAMED = re.compile(r"%\(([A-Za-z_]+)\)([sdf])")


def format_problem(msgid: str, text: str) -> str | None:
    """Why ``text`` would fail where ``msgid`` is formatted (Jinja formats every string it
    translates), or None. A lone "%" must be written "%%" wherever the msgid's is."""
    values = {name: 1 if conversion in "df" else "x" for name, conversion in _NAMED.findall(msgid)}
    try:
        msgid % values
    except (ValueError, TypeError, KeyError):
        return None  # the msgid itself is never formatted
    try:
        text % values
    except (ValueError, TypeError, KeyError):
        return "a percent sign in the text must be written %% (the page would fail to show it)"
    return None


def _texts(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def check_catalogs(locales_dir: Path = LOCALES_DIR) -> Report:
    report = Report()
    with open(locales_dir / "messages.pot", "rb") as f:
        template_ids = {m.id for m in read_po(f) if m.id}
    for lang in LANGUAGES:
        path = locales_dir / lang / "LC_MESSAGES" / "messages.po"
        if not path.is_file():
            report.errors.append(f"{path}: missing; run `make catalogs`")
            continue
        with open(path, "rb") as f:
            catalog = read_po(f, locale=lang)
        expected = to_gettext(Locale.parse(lang).plural_form)
        nplurals = int(expected.split("nplurals=", 1)[1].split(";", 1)[0])
        if catalog.num_plurals != nplurals:
            report.errors.append(
                f"{path}: Plural-Forms has nplurals={catalog.num_plurals}; "
                f"CLDR says {nplurals} for {lang}: {expected}"
            )
        messages = [m for m in catalog if m.id]
        ids = {m.id for m in messages}
        if ids != template_ids:
            report.errors.append(
                f"{path}: out of step with messages.pot ({len(template_ids - ids)} missing, "
                f"{len(ids - template_ids)} obsolete); run `make catalogs`"
            )
        translated = 0
        for m in messages:
            msgid = _texts(m.id)[0]
            strings = [s for s in _texts(m.string) if s]
            if m.fuzzy:
                report.errors.append(
                    f"{path}: fuzzy entry for {msgid!r}: review it and remove the fuzzy flag"
                )
            if strings and len(strings) == len(_texts(m.string)):
                translated += 1
            elif lang in MUST_BE_COMPLETE:
                report.errors.append(f"{path}: {msgid!r} is not translated")
            for s in strings:
                if problem := format_problem(msgid, s):
                    report.errors.append(f"{path}: {msgid!r}: {problem}: {s!r}")
                if placeholders(s) != placeholders(msgid):
                    report.errors.append(
                        f"{path}: placeholders differ for {msgid!r}: "
                        f"{placeholders(msgid)} in msgid, {placeholders(s)} in {s!r}"
                    )
        report.coverage[lang] = 100.0 * translated / len(messages) if messages else 100.0
    return report


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    report = check_catalogs(Path(argv[0]) if argv else LOCALES_DIR)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for lang, pct in report.coverage.items():
        print(f"{lang}: {pct:.1f} % of messages translated")
    if report.errors:
        print(f"{len(report.errors)} catalog error(s)", file=sys.stderr)
        return 1
    print("catalogs OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

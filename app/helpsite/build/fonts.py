"""The site's typefaces, served from our own origin (issue 16).

Material for MkDocs loads Roboto and Roboto Mono from Google's font servers,
which tells a third party who reads which page. We keep the same typefaces in
``overrides/assets/fonts/`` instead: the woff2 files and licences of the npm
packages pinned in package.json, and a stylesheet made from those packages' own
``@font-face`` rules. The build copies them into every language's
``assets/fonts/``; ``overrides/main.html`` links the stylesheet in place of
Google's.

After changing a pin in package.json, ``npm ci`` and then
``.venv/bin/python -m app.helpsite.build.fonts`` rewrites the folder;
tests/helpsite/build/test_fonts.py fails while it differs from the packages.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
FONTS_DIR = ROOT / "overrides" / "assets" / "fonts"
STYLESHEET = "fonts.css"


@dataclass(frozen=True)
class Typeface:
    package: str  # the npm package under node_modules/@fontsource/
    family: str  # the CSS family name, as Material's --md-*-font variables name it
    css_variable: str
    # What Material asked Google for (base.html, block fonts): weights and styles.
    styles: tuple[str, ...]


TYPEFACES = (
    Typeface(
        "roboto",
        "Roboto",
        "--md-text-font",
        ("300", "300-italic", "400", "400-italic", "700", "700-italic"),
    ),
    Typeface("roboto-mono", "Roboto Mono", "--md-code-font", ("400", "400-italic", "700", "700-italic")),
)
# Norwegian needs latin; Northern Sámi's á č đ ŋ š ŧ ž are in latin-ext.
SUBSETS = ("latin-ext", "latin")

_FACE = re.compile(r"/\* (?P<name>[a-z0-9-]+) \*/\s*(?P<rule>@font-face\s*\{[^}]*\})")
_SRC = re.compile(r"src:[^;]*;")


def package_version(typeface: Typeface) -> str:
    package_json = NODE_MODULES / "@fontsource" / typeface.package / "package.json"
    return json.loads(package_json.read_text(encoding="utf-8"))["version"]


def expected_files() -> dict[str, bytes]:
    """Every file ``overrides/assets/fonts/`` should hold, made from node_modules."""
    files: dict[str, bytes] = {}
    css = [
        "/* Made by app/helpsite/build/fonts.py from the npm packages pinned in package.json;",
        "   do not edit. */",
    ]
    for typeface in TYPEFACES:
        package = NODE_MODULES / "@fontsource" / typeface.package
        if not package.is_dir():
            raise FileNotFoundError(f"{package} is missing: run `npm ci`")
        version = package_version(typeface)
        files[f"LICENSE-{typeface.package}.txt"] = (package / "LICENSE").read_bytes()
        css.append(f"\n/* @fontsource/{typeface.package} {version} */")
        for style in typeface.styles:
            faces = {m["name"]: m["rule"] for m in _FACE.finditer((package / f"{style}.css").read_text())}
            weight, _, italic = style.partition("-")
            for subset in SUBSETS:
                name = f"{typeface.package}-{subset}-{weight}-{italic or 'normal'}"
                files[f"{name}.woff2"] = (package / "files" / f"{name}.woff2").read_bytes()
                # The package's own rule, with its unicode-range, pointing at our woff2 alone
                # (every browser that runs the site reads woff2).
                css.append(_SRC.sub(f"src: url({name}.woff2) format('woff2');", faces[name]))
    variables = ";".join(f'{t.css_variable}:"{t.family}"' for t in TYPEFACES)
    css.append(f"\n:root{{{variables}}}\n")
    files[STYLESHEET] = "\n".join(css).encode("utf-8")
    return files


def write(target: Path = FONTS_DIR) -> None:
    target.mkdir(parents=True, exist_ok=True)
    wanted = expected_files()
    for old in target.iterdir():
        if old.name not in wanted:
            old.unlink()
    for name, content in wanted.items():
        (target / name).write_bytes(content)


if __name__ == "__main__":
    write()
    print(f"Wrote {len(list(FONTS_DIR.iterdir()))} files to {FONTS_DIR.relative_to(ROOT)}", file=sys.stderr)

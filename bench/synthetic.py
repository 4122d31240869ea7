"""Synthetic help sites of N pages per language, in the shape a grown help site has.

Pages are short, medium or long (a fixed, seeded mix: the same N gives the same
site), with the real pages' front matter (title, last_updated, owner), headings
down to level 4, paragraphs, lists, tables, admonitions (note and warning),
fenced code, an image (a small PNG written beside the pages) and links to
other pages, some of them to an anchor. The navigation is nested: six topics,
each in parts of ten pages, four of which sit one level further down, so
sections hold sections hold sections. Every page exists in nb and en; every
third page also in se, the rest fall back to nb.

The same Markdown is laid out three times: for this project (``content/<lang>/``
and a copy of the project's ``mkdocs.yml`` and ``overrides/``); for Material +
mkdocs-static-i18n (``docs/<lang>/``, one build for all languages); and for one
plain build per language (``docs/<lang>/`` with the nb pages copied in where se
has none, and a ``<lang>.yml`` each, which Material and Zensical both read).
"""

from __future__ import annotations

import math
import os
import random
import re
import shutil
import struct
import zlib
from pathlib import Path

LANGS = ("nb", "en", "se")
SEED = 17  # the issue that asked for these pages; any fixed number gives a reproducible site
OWNER = {"nb": "Norsk helsenett", "en": "Norsk Helsenett", "se": "Norsk helsenett"}
TOPICS = {
    "nb": ["Innboks", "Timeavtaler", "Resepter", "Pasientjournal", "Fullmakt", "Vaksiner"],
    "en": ["Inbox", "Appointments", "Prescriptions", "Patient records", "Power of attorney", "Vaccines"],
    "se": ["Sisboksa", "Áigeguovdilis", "Reseapttat", "Pasieantajournála", "Fápmudus", "Vaksiinnat"],
}
PART_SIZE = 10  # pages in a part of a topic
PART_TOP = 6  # of them, at the part's own level; the rest one level further down
WORDS = {
    "nb": (
        "Når du har fått brev fra sykehus, vil du se dette i innboksen din etter du har logget inn "
        "på Helsenorge. Du får varsel om nye brev på SMS eller e-post, slik at du vet når du skal "
        "logge inn. Meldingene fra deg blir bare lest av ansatte som har lov til å se opplysninger "
        "om deg."
    ),
    "en": (
        "When you receive a letter from a hospital, you will see it in your inbox after you have "
        "logged in to Helsenorge. You will receive notifications of new letters via SMS or e-mail, "
        "so that you know when to log in. Your messages are only read by employees who are "
        "permitted to see information about you."
    ),
    "se": (
        "Go don leat ožžon reivve buohcciviesus, de oainnát dan sisboksastat go leat logaheapmán "
        "Helsenorge:i. Don oaččut dieđu ođđa reivviid birra SMS:s dahje e-poasttas."
    ),
}
HEADINGS = {
    "nb": ("Brev og meldinger fra sykehus", "Time på sykehus i Helse Sør-Øst", "Slik svarer du"),
    "en": ("Letters and messages from hospitals", "Appointments in the South-Eastern region", "How to reply"),
    "se": ("Reivvet ja dieđut buohcciviesus", "Áigi buohcciviesus Lulli-Nuorttas", "Nu vástidat"),
}
SUBHEADINGS = {
    "nb": ("Før du begynner", "Hvis noe går galt", "Hvem kan se brevet"),
    "en": ("Before you start", "If something goes wrong", "Who can see the letter"),
    "se": ("Ovdal go álggát", "Jus juoga manná boasttu", "Gii sáhttá oaidnit reivve"),
}
NOTE = {
    "nb": "Du kan alltid ringe veiledningen hvis du trenger hjelp.",
    "en": "You can always call the guidance service if you need help.",
    "se": "Don sáhtát álo riŋget bagadussii jus dárbbašat veahki.",
}
WARNING = {
    "nb": "Ikke send sensitive opplysninger på e-post.",
    "en": "Do not send sensitive information by e-mail.",
    "se": "Ale sádde hearkkes dieđuid e-poasttain.",
}
TABLE_HEAD = {
    "nb": ("Hva", "Hvem", "Når"),
    "en": ("What", "Who", "When"),
    "se": ("Mii", "Gii", "Goas"),
}
TABLE_ROWS = {
    "nb": [
        ("Brev", "Sykehus", "Samme dag"),
        ("Svar", "Fastlege", "Innen en uke"),
        ("Time", "Kommune", "Neste dag"),
    ],
    "en": [
        ("Letter", "Hospital", "Same day"),
        ("Reply", "GP", "Within a week"),
        ("Appointment", "Municipality", "Next day"),
    ],
    "se": [
        ("Reive", "Buohcciviessu", "Seamma beaivvi"),
        ("Vástádus", "Doavttir", "Vahku siste"),
        ("Áigi", "Suohkan", "Boahtte beaivvi"),
    ],
}
ALT = {
    "nb": "Innboksen med tre nye brev",
    "en": "The inbox with three new letters",
    "se": "Sisboksa mas leat golbma ođđa reivve",
}
CODE = (
    "Helsenorge: Du har fått et nytt brev.\n"
    "Logg inn på helsenorge.no for å lese det.\n"
    "Svar ikke på denne meldingen."
)
ANCHOR = "slik-svarer-du"
SEE_ALSO = {"nb": "Se også", "en": "See also", "se": "Geahča maiddái"}
IMAGE = "bilder/innboks.png"


def _layout(i: int, n: int) -> tuple[int, int, bool]:
    """Where page i (> 0) sits: its topic, its part in the topic, and whether one level further down."""
    per_topic = math.ceil((n - 1) / len(TOPICS["nb"]))
    k = i - 1
    within = k % per_topic
    return k // per_topic, within // PART_SIZE, within % PART_SIZE >= PART_TOP


def page_path(i: int, n: int) -> str:
    """Page i's source file inside a language's folder."""
    if i == 0:
        return "index.md"
    topic, part, deeper = _layout(i, n)
    return f"tema-{topic + 1}/del-{part + 1}/" + ("mer/" if deeper else "") + f"side-{i:04d}.md"


def page_url(i: int, n: int) -> str:
    """Page i's address inside a language's site ("" for the start page)."""
    return "" if i == 0 else page_path(i, n).removesuffix(".md") + "/"


def title(lang: str, i: int) -> str:
    topics = TOPICS[lang]
    return topics[0] if i == 0 else f"{topics[i % len(topics)]} {i}"


def has_page(lang: str, i: int) -> bool:
    """nb and en have every page; se every third (and the start page), the rest fall back."""
    return lang != "se" or i % 3 == 0


def _link(lang: str, source: str, j: int, n: int, anchor: str = "") -> str:
    target = os.path.relpath(page_path(j, n), os.path.dirname(source) or ".")
    return f"[{title(lang, j)}]({target}{anchor})"


def _table(lang: str, rng: random.Random) -> str:
    head = TABLE_HEAD[lang]
    rows = [TABLE_ROWS[lang][r % 3] for r in range(rng.randint(3, 8))]
    return "\n".join(
        [f"| {' | '.join(head)} |", "|---|---|---|", *(f"| {' | '.join(row)} |" for row in rows)]
    )


def _block(lang: str, kind: str, source: str, rng: random.Random) -> str:
    if kind == "table":
        return _table(lang, rng)
    if kind == "note":
        return f"!!! note\n\n    {NOTE[lang]} {WORDS[lang]}"
    if kind == "warning":
        return f"!!! warning\n\n    {WARNING[lang]}"
    if kind == "image":
        image = os.path.relpath(IMAGE, os.path.dirname(source) or ".")
        return f"![{ALT[lang]}]({image})"
    if kind == "code":
        return f"```text\n{CODE}\n```"
    return "\n".join(f"- {line}" for line in WORDS[lang].split(". ")[: rng.randint(2, 4)])


# short, medium and long pages, in these shares: (share, sections, blocks per section)
KINDS = ((0.4, 1, 1), (0.4, 3, 2), (0.2, 8, 3))
BLOCKS = ("table", "note", "warning", "image", "code", "list")


def page(lang: str, i: int, n: int) -> str:
    """Page i in ``lang``. The shape (sections, blocks) is drawn from a generator seeded by
    the page's number, so every language's page i has the same shape whatever N is."""
    rng = random.Random(SEED * 100_000 + i)
    sections, blocks = _shape(rng.random()) if i else (1, 1)
    source = page_path(i, n)
    nxt, prev = (i + 1) % n, (i - 1) % n
    h2a, h3, h2b = HEADINGS[lang]
    text = WORDS[lang]
    parts = [
        f"---\ntitle: {title(lang, i)}\nlast_updated: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f"owner: {OWNER[lang]}\n---",
        f"# {title(lang, i)}",
        text,
    ]
    for s in range(sections):
        parts += [f"## {h2a} {s + 1}" if sections > 1 else f"## {h2a}", text]
        for b in range(blocks):
            parts.append(_block(lang, rng.choice(BLOCKS), source, rng))
            if b % 2 == 0:
                parts += [f"### {h3}" if b == 0 else f"### {SUBHEADINGS[lang][b % 3]}", text]
                if rng.random() < 0.3:
                    parts += [f"#### {SUBHEADINGS[lang][s % 3]}", text]
    parts += [
        f"- {_link(lang, source, nxt, n)}\n- {_link(lang, source, prev, n)}",
        # A fixed id: a fallback (nb) page links into pages that may be translated.
        f"## {h2b} {{#{ANCHOR}}}",
        text,
        f"{SEE_ALSO[lang]} {_link(lang, source, nxt, n, '#' + ANCHOR)}.",
    ]
    return "\n\n".join(parts) + "\n"


def _shape(draw: float) -> tuple[int, int]:
    """The kind of page a uniform draw in [0, 1) falls on: (sections, blocks per section)."""
    for share, sections, blocks in KINDS:
        if draw < share:
            return sections, blocks
        draw -= share
    return KINDS[-1][1:]


def png(width: int = 96, height: int = 64) -> bytes:
    """A small picture of stripes, as a real PNG: the builds copy it like any image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\0" + b"".join(bytes((0, 96 + 64 * ((x // 8 + y // 8) % 2), 160)) for x in range(width))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def write_pages(folder: Path, n: int, fallback: bool = False) -> int:
    """Writes the pages into ``folder/<lang>/``; returns how many pages it wrote.
    With ``fallback``, se gets a copy of the nb page wherever it has none of its own."""
    written = 0
    picture = png()
    for lang in LANGS:
        (folder / lang / IMAGE).parent.mkdir(parents=True, exist_ok=True)
        (folder / lang / IMAGE).write_bytes(picture)
        for i in range(n):
            if has_page(lang, i) or fallback:
                path = folder / lang / page_path(i, n)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page(lang if has_page(lang, i) else "nb", i, n), encoding="utf-8")
                written += 1
    return written


def nav_yaml(n: int) -> str:
    """The nested navigation: topic > part > the part's further pages (titles in nb)."""
    lines = ["nav:", f"  - {page_path(0, n)}"]
    place = None
    for i in range(1, n):
        topic, part, deeper = _layout(i, n)
        if place is None or place[0] != topic:
            lines.append(f"  - {TOPICS['nb'][topic]}:")
        if place is None or place[:2] != (topic, part):
            lines.append(f"    - Del {part + 1}:")
        if deeper and (place is None or not place[2] or place[:2] != (topic, part)):
            lines.append("      - Mer:")
        lines.append(("        - " if deeper else "      - ") + page_path(i, n))
        place = (topic, part, deeper)
    return "\n".join(lines) + "\n"


def nav_top(n: int) -> int:
    """How many entries the navigation's top level has: the start page and each topic used."""
    return 1 + len({_layout(i, n)[0] for i in range(1, n)})


def ours(project_root: Path, target: Path, n: int) -> Path:
    """This project's `make site` configuration over N synthetic pages; returns its mkdocs.yml."""
    write_pages(target / "content", n)
    shutil.copytree(project_root / "overrides", target / "overrides")
    config = (project_root / "mkdocs.yml").read_text(encoding="utf-8")
    # The project's configuration as it is, with the synthetic pages' nav.
    config, count = re.subn(r"^nav:\n(?:[ \t#].*\n|\n)*", nav_yaml(n) + "\n", config, flags=re.M)
    if count != 1:
        raise SystemExit("bench: mkdocs.yml has no top-level 'nav:' block to replace")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


# What both off-the-shelf set-ups share: Material with the project's Markdown extensions.
_COMMON = """\
site_name: Helsenorge Innboks
theme:
  name: material
  language: {theme_language}
  features:
    - navigation.footer
markdown_extensions:
  - attr_list
  - admonition
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""

STATIC_I18N = """\
# Off-the-shelf: Material + mkdocs-static-i18n, folder structure, three languages.
site_url: http://127.0.0.1:8000/
docs_dir: docs
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      languages:
        - locale: nb
          name: Norsk bokmål
          default: true
        - locale: en
          name: English
        - locale: se
          name: Davvisámegiella
          # Material has no Sámi language file; the build stops without this.
          theme:
            language: nb
"""


def bare(target: Path, n: int) -> Path:
    """Material + mkdocs-static-i18n over the same pages; returns its mkdocs.yml."""
    write_pages(target / "docs", n)
    config = STATIC_I18N + _COMMON.format(theme_language="nb") + nav_yaml(n)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return target / "mkdocs.yml"


def per_language(target: Path, n: int, pruned: bool = False) -> dict[str, Path]:
    """One plain build per language over the same pages (se's missing pages copied from nb,
    as a site without an i18n plugin has to); returns each language's configuration.
    Material has no Sámi language file, so se's theme speaks nb. ``pruned``: the same
    with Material's navigation.prune, as ours has, in configurations of their own
    (``<lang>-pruned.yml``) beside the others, over the same pages."""
    if not pruned:
        write_pages(target / "docs", n, fallback=True)
    configs = {}
    for lang in LANGS:
        common = _COMMON.format(theme_language="nb" if lang == "se" else lang)
        if pruned:
            common = common.replace(
                "    - navigation.footer\n", "    - navigation.footer\n    - navigation.prune\n"
            )
        configs[lang] = target / f"{lang}{'-pruned' if pruned else ''}.yml"
        configs[lang].write_text(
            f"# One language, plain: no i18n plugin.\nsite_url: http://127.0.0.1:8000/{lang}/\n"
            f"docs_dir: docs/{lang}\nsite_dir: site/{lang}\nplugins:\n  - search\n" + common + nav_yaml(n),
            encoding="utf-8",
        )
    return configs

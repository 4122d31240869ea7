"""Synthetic help sites of N pages per language, in the shape of the real ones.

Every page has the real pages' front matter (title, last_updated, owner), an
H1, H2 and H3 headings with Norwegian (and Sámi) letters, paragraphs, a list,
and links to other pages, some of them to an anchor. Every page exists in nb
and en; every third page also in se, the rest fall back to nb.

The same Markdown is laid out twice: for this project (``content/<lang>/`` and
a copy of the project's ``mkdocs.yml`` and ``overrides/``) and for the bare
off-the-shelf set-up (Material + mkdocs-static-i18n, ``docs/<lang>/``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

LANGS = ("nb", "en", "se")
OWNER = {"nb": "Norsk helsenett", "en": "Norsk Helsenett", "se": "Norsk helsenett"}
TOPICS = {
    "nb": ["Innboks", "Timeavtaler", "Resepter", "Pasientjournal", "Fullmakt", "Vaksiner"],
    "en": ["Inbox", "Appointments", "Prescriptions", "Patient records", "Power of attorney", "Vaccines"],
    "se": ["Sisboksa", "Áigeguovdilis", "Reseapttat", "Pasieantajournála", "Fápmudus", "Vaksiinnat"],
}
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
ANCHOR = "slik-svarer-du"
SEE_ALSO = {"nb": "Se også", "en": "See also", "se": "Geahča maiddái"}


def page_name(i: int) -> str:
    return "index.md" if i == 0 else f"side-{i:04d}.md"


def title(lang: str, i: int) -> str:
    topics = TOPICS[lang]
    return topics[0] if i == 0 else f"{topics[i % len(topics)]} {i}"


def has_page(lang: str, i: int) -> bool:
    """nb and en have every page; se every third (and the start page), the rest fall back."""
    return lang != "se" or i % 3 == 0


def page(lang: str, i: int, n: int) -> str:
    nxt, prev = (i + 1) % n, (i - 1) % n
    h2a, h3, h2b = HEADINGS[lang]
    text = WORDS[lang]
    return (
        f"---\ntitle: {title(lang, i)}\nlast_updated: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
        f"owner: {OWNER[lang]}\n---\n\n"
        f"# {title(lang, i)}\n\n{text}\n\n"
        f"## {h2a}\n\n{text}\n\n{text}\n\n"
        f"### {h3}\n\n{text}\n\n"
        f"- [{title(lang, nxt)}]({page_name(nxt)})\n- [{title(lang, prev)}]({page_name(prev)})\n\n"
        # A fixed id: a fallback (nb) page links into pages that may be translated.
        f"## {h2b} {{#{ANCHOR}}}\n\n{text}\n\n"
        f"{SEE_ALSO[lang]} [{title(lang, nxt)}]({page_name(nxt)}#{ANCHOR}).\n"
    )


def write_pages(folder: Path, n: int) -> int:
    """Writes the pages into ``folder/<lang>/``; returns how many files it wrote."""
    written = 0
    for lang in LANGS:
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            if has_page(lang, i):
                (folder / lang / page_name(i)).write_text(page(lang, i, n), encoding="utf-8")
                written += 1
    return written


def nav_yaml(n: int) -> str:
    return "nav:\n" + "".join(f"  - {page_name(i)}\n" for i in range(n))


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


BARE_CONFIG = """\
# Off-the-shelf: Material + mkdocs-static-i18n, folder structure, three languages.
site_name: Helsenorge Innboks
site_url: http://127.0.0.1:8000/
docs_dir: docs
theme:
  name: material
  language: nb
  features:
    - navigation.footer
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
markdown_extensions:
  - attr_list
  - admonition
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower
"""


def bare(target: Path, n: int) -> Path:
    """The bare off-the-shelf configuration over the same pages; returns its mkdocs.yml."""
    write_pages(target / "docs", n)
    (target / "mkdocs.yml").write_text(BARE_CONFIG + nav_yaml(n), encoding="utf-8")
    return target / "mkdocs.yml"

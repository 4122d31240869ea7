"""Rules for one page on its own: its name, its place in the navigation, that it
has text, headings, images, link texts, readability."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from app.helpsite.content_check.link_text import is_vague
from app.helpsite.content_check.page_facts import PageFacts
from app.helpsite.content_check.site_settings import SiteSettings
from app.helpsite.content_check.sources import Problem

# A page's name becomes its address: lowercase letters, digits and single hyphens
# read and type the same everywhere; a space would be %20 and capitals are easy to mistype.
_GOOD_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "á": "a"})


def suggested_name(name: str) -> str:
    """The file name for a page named ``name`` (without .md): "Fullmakt Og Barn" -> "fullmakt-og-barn"."""
    plain = name.lower().translate(_NORWEGIAN_LETTERS)
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "side"


def file_name_problem(path: Path, rel: str) -> Problem | None:
    parts = rel.removesuffix(".md").split("/")
    if all(_GOOD_NAME.fullmatch(part) for part in parts):
        return None
    better = "/".join(suggested_name(part) for part in parts) + ".md"
    return Problem(
        path,
        1,
        f"the file name '{rel}' becomes the page's web address, so it may hold only lowercase letters "
        f"(a-z), digits and hyphens. Rename the file to '{better}' (in every language) and change the "
        "links and mkdocs.yml's nav to match.",
    )


def nav_problem(path: Path, rel: str, settings: SiteSettings) -> Problem | None:
    """A page left out of ``nav`` cannot be reached from any menu; the build refuses it."""
    if not settings.belongs_in_nav(rel):
        return None
    return Problem(
        path,
        1,
        f"the page is not in the navigation: add the line '  - {rel}' under 'nav:' in mkdocs.yml, "
        "where it belongs in the menu.",
    )


def missing_nav_pages(pages: Iterable[str], settings: SiteSettings) -> list[Problem]:
    """Entries of ``nav`` naming a page that does not exist: the build refuses them too."""
    existing = set(pages)
    lines = settings.config_file.read_text(encoding="utf-8").splitlines()
    return [
        Problem(
            settings.config_file,
            next((n for n, line in enumerate(lines, 1) if rel in line), 1),
            f"the navigation lists '{rel}', but there is no such page in content/nb/: "
            "correct the name, or remove the line.",
        )
        for rel in settings.nav_pages or ()
        if rel not in existing
    ]


def blank_page_problem(path: Path, facts: PageFacts) -> Problem | None:
    """A page with front matter and nothing else would be published empty."""
    if facts.headings or facts.images or facts.has_words:
        return None
    return Problem(
        path,
        1,
        "the page has no text after its front matter, so it would be published blank. "
        "Write the page, or delete the file (and its line in mkdocs.yml's nav).",
    )


def heading_problems(path: Path, facts: PageFacts) -> list[Problem]:
    """One h1, and no level skipped: screen-reader users move by heading level.

    The theme shows the page title as the h1 when the page has none, so the
    first heading may be a level 2.
    """
    problems = []
    first_h1 = None
    previous = 1
    for heading in facts.headings:
        if heading.level == 1:
            if first_h1 is None:
                first_h1 = heading
            else:
                problems.append(
                    Problem(
                        path,
                        heading.line,
                        f"more than one main heading: '# {heading.text}' is a second level-1 heading "
                        f"(the first is '# {first_h1.text}' on line {first_h1.line}). A page has one; "
                        f"make this one '## {heading.text}'.",
                    )
                )
        elif heading.level > previous + 1:
            problems.append(
                Problem(
                    path,
                    heading.line,
                    f"heading '{heading.text}' skips a level: it is level {heading.level} "
                    f"('{'#' * heading.level}') right after level {previous}. Make it "
                    f"'{'#' * (previous + 1)} {heading.text}', or add the missing heading above it.",
                )
            )
        previous = heading.level
    return problems


def image_problems(path: Path, facts: PageFacts) -> list[Problem]:
    return [
        Problem(
            path,
            image.line,
            f"image '{image.src}' has no alt text, so screen-reader users do not know what it "
            f"shows. Describe it between the brackets: ![what the image shows]({image.src})",
        )
        for image in facts.images
        if not image.alt.strip()
    ]


def link_text_problems(path: Path, facts: PageFacts) -> list[Problem]:
    problems = []
    for link in facts.links:
        if not link.text:
            problems.append(
                Problem(
                    path,
                    link.line,
                    f"the link to '{link.href}' has no text. Write where it goes between the brackets: "
                    f"[name of the page]({link.href})",
                )
            )
        elif is_vague(link.text):
            problems.append(
                Problem(
                    path,
                    link.line,
                    f"the link text '{link.text}' says nothing on its own (screen-reader users often "
                    f"hear links out of context). Use the name of what it opens instead, e.g. "
                    f"[name of the page]({link.href})",
                )
            )
    return problems


def readability_problems(path: Path, facts: PageFacts, lix_max: float) -> list[Problem]:
    score = facts.readability
    if not score.meaningful or score.value <= lix_max:
        return []
    line = facts.headings[0].line if facts.headings else facts.body_line
    per_sentence = score.words / max(score.sentences, 1)
    long_share = 100 * score.long_words / score.words
    # Say which half of the index is high: LIX is words per sentence plus % long words.
    remedies = []
    if per_sentence > 15:
        remedies.append("split long sentences")
    if long_share > 30:
        remedies.append("use shorter, everyday words")
    advice = " and ".join(remedies or ["use shorter sentences and shorter, everyday words"])
    return [
        Problem(
            path,
            line,
            f"the text may be hard to read: its LIX readability index is {score.value:.0f}, over the "
            f"site's limit of {lix_max:g} ({per_sentence:.0f} words per sentence on average, "
            f"{long_share:.0f}% long words). To bring it down, {advice}.",
            "warning",
        )
    ]

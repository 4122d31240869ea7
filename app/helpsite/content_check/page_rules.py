"""Rules for one page on its own: headings, images, link texts, readability."""

from __future__ import annotations

from pathlib import Path

from app.helpsite.content_check.link_text import is_vague
from app.helpsite.content_check.page_facts import PageFacts
from app.helpsite.content_check.sources import Problem


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

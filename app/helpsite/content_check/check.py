"""Every finding on the help pages: the rules of each module here, run page by page.

Errors stop the site build (:mod:`app.helpsite.content_check.gate`); warnings
and info are for the editor only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.helpsite.content_check import date_guard, link_rules, page_rules, translation_rules
from app.helpsite.content_check.content_tree import ContentTree
from app.helpsite.content_check.page_facts import Rendered
from app.helpsite.content_check.site_settings import SiteSettings
from app.helpsite.content_check.sources import Problem
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    pages: int

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)


def check_content(
    content_root: Path,
    settings: SiteSettings,
    only: list[tuple[str, str]] | None = None,
    lix_max: float | None = None,
    jobs: int | None = None,
    rendered: Mapping[str, Rendered] | None = None,
) -> Report:
    """Check every page of ``content_root`` (or the pages ``only`` names, with
    links still resolved against the whole tree); readability only with ``lix_max``.
    A whole tree of many pages is read by ``jobs`` processes (default: one per core);
    the pages in ``rendered`` (what a build rendered of them) are not rendered again."""
    tree = ContentTree(content_root, settings, rendered)
    wanted = set(only) if only is not None else None
    if only is None:
        tree.read_all(jobs)
    problems: list[Problem] = []
    checked = 0
    dated: dict[Path, int] = {}  # the pages checked, and the line of their last_updated
    for lang in LANGUAGES:
        for rel in tree.paths[lang]:
            if wanted is not None and (lang, rel) not in wanted:
                continue
            problems.extend(_page_problems(tree, lang, rel, lix_max))
            page = tree.page(lang, rel)
            if page is not None and page.meta:
                dated[page.path.resolve()] = page.field_lines.get("last_updated", 1)
            checked += 1
    problems.extend(date_guard.forgotten_dates(content_root, dated))
    if only is None:
        problems.extend(page_rules.missing_nav_pages(tree.paths[DEFAULT_LANGUAGE], settings))
    return Report(problems, checked)


def _page_problems(tree: ContentTree, lang: str, rel: str, lix_max: float | None) -> list[Problem]:
    page = tree.page(lang, rel)
    assert page is not None, "one of the tree's own paths"
    problems = [
        translation_rules.orphan_problem(tree, lang, rel),
        page_rules.file_name_problem(page.path, rel),
        *page.problems,
    ]
    if lang == DEFAULT_LANGUAGE:  # translations take the Norwegian page's place in the menu
        problems.append(page_rules.nav_problem(page.path, rel, tree.settings))
    if page.facts is not None:
        problems.append(page_rules.blank_page_problem(page.path, page.facts))
        problems += page_rules.heading_problems(page.path, page.facts)
        problems += page_rules.image_problems(page.path, page.facts)
        problems += page_rules.link_text_problems(page.path, page.facts)
        problems += link_rules.link_problems(tree, page)
        if lix_max is not None:
            problems += page_rules.readability_problems(page.path, page.facts, lix_max)
    problems.append(translation_rules.outdated_problem(tree, page))
    found = sorted((p for p in problems if p), key=lambda p: p.line)
    if lang == DEFAULT_LANGUAGE:
        found += translation_rules.missing_translations(tree, rel)
    return found

"""Each page's navigation holds the way to it, and the site map per language holds the rest.

A page's primary navigation shows every top-level entry, the entries of the
sections on the path to it, and the other sections closed (Material's
navigation.prune), so a page does not grow with the pages of other sections.
The site map lists every page in the navigation's order and nesting, and
every page links to it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from app.helpsite.build import build_site
from app.helpsite.build.plugin import SITE_MAP_URL
from app.i18n import LANGUAGES
from bench import synthetic

ROOT = Path(__file__).resolve().parents[3]
#: Pages that stand for whole folders of output, not pages.
NOT_PAGES = {"assets", "search"}


def page_name(i: int) -> str:
    """Page i's file, at the top of its language's folder: the same in a site of any size."""
    return "index.md" if i == 0 else f"side-{i:04d}.md"


def write_pages(content: Path, n: int) -> None:
    """Short pages with the benchmark's titles, front matter and text, and no links, so that a
    page is the same whatever else the site holds; se lacks the pages the benchmark's lacks."""
    for lang in LANGUAGES:
        (content / lang).mkdir(parents=True, exist_ok=True)
        for i in range(n):
            if not synthetic.has_page(lang, i):
                continue
            heading = synthetic.HEADINGS[lang][0]
            (content / lang / page_name(i)).write_text(
                f"---\ntitle: {synthetic.title(lang, i)}\nlast_updated: 2022-01-{1 + i % 28:02d}\n"
                f"owner: {synthetic.OWNER[lang]}\n---\n\n# {synthetic.title(lang, i)}\n\n"
                f"{synthetic.WORDS[lang]}\n\n## {heading}\n\n{synthetic.WORDS[lang]}\n",
                encoding="utf-8",
            )


def sectioned_nav(other_section_pages: int) -> tuple[str, list]:
    """Three sections, the first with a subsection; the other two each hold
    ``other_section_pages`` pages. Each section starts with the same page in any
    size, so that a closed section links to the same address.

    Returns the nav as YAML and as a tree of (title, children) and page numbers."""
    rest = iter(range(9, 9 + 2 * other_section_pages))
    tree: list = [
        0,
        ("Del 1", [1, 4, 5, ("Del 1.1", [6, 7, 8])]),
        ("Del 2", [2, *(next(rest) for _ in range(other_section_pages - 1))]),
        ("Del 3", [3, *(next(rest) for _ in range(other_section_pages - 1))]),
    ]

    def lines(items: list, indent: str) -> list[str]:
        out = []
        for item in items:
            if isinstance(item, tuple):
                out.append(f"{indent}- {item[0]}:")
                out.extend(lines(item[1], indent + "  "))
            else:
                out.append(f"{indent}- {page_name(item)}")
        return out

    return "nav:\n" + "\n".join(lines(tree, "  ")) + "\n", tree


def build_sectioned(folder: Path, other_section_pages: int) -> tuple[Path, list]:
    nav, tree = sectioned_nav(other_section_pages)
    write_pages(folder / "content", 9 + 2 * (other_section_pages - 1))
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, count = re.subn(r"^nav:\n(?:[ \t#].*\n|\n)*", nav + "\n", text, flags=re.M)
    assert count == 1, "mkdocs.yml has no top-level nav: block"
    config = folder / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    build_site(config, folder / "site")
    return folder / "site", tree


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory) -> tuple[Path, Path, list]:
    small, _ = build_sectioned(tmp_path_factory.mktemp("small"), 5)
    large, large_tree = build_sectioned(tmp_path_factory.mktemp("large"), 50)
    return small, large, large_tree


def page_html(site: Path, lang: str, number: int) -> str:
    url = page_name(number).removesuffix(".md")
    return (site / lang / ("" if number == 0 else url) / "index.html").read_text(encoding="utf-8")


def primary_nav(html: str):
    return BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")


def entries(nav) -> list[str]:
    """The navigation's entries as their text, a closed section's link included."""
    return [" ".join(a.get_text().split()) for a in nav.select("a.md-nav__link, label.md-nav__link[for]")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("number", [1, 6])
def test_a_page_does_not_grow_with_the_pages_of_other_sections(small_and_large, lang, number):
    small, large, _ = small_and_large
    assert len(page_html(large, lang, number)) == len(page_html(small, lang, number))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_navigation_opens_the_way_to_the_page_and_closes_the_rest(small_and_large, lang):
    _, large, _ = small_and_large
    nav = primary_nav(page_html(large, lang, 6))
    top = nav.select(":scope > ul > li")
    assert len(top) == 4  # the start page and the three sections

    def title(i: int) -> str:
        return synthetic.title("nb" if not synthetic.has_page(lang, i) else lang, i)

    open_section, closed = top[1], top[2:]
    # The section on the way, its subsection holding the page, and their entries.
    shown = entries(open_section)
    for i in (1, 4, 5, 6, 7, 8):
        assert title(i) in shown
    assert "Del 1" in shown and "Del 1.1" in shown
    assert open_section.select_one('[aria-current="page"], .md-nav__link--active') is not None
    # The other sections: their link to their first page, none of their entries.
    for section, first in zip(closed, (2, 3), strict=True):
        assert "md-nav__item--pruned" in section["class"]
        links = section.select("a")
        assert len(links) == 1
        assert links[0]["href"] == f"../{page_name(first).removesuffix('.md')}/"
    assert title(9) not in entries(nav)


def site_map(site: Path, lang: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / lang / SITE_MAP_URL / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def listed(ul, base: str) -> list:
    """The site map's list as a tree like sectioned_nav's: (title, children), and addresses."""
    out = []
    for li in ul.find_all("li", recursive=False):
        sub = li.find("ul", recursive=False)
        if sub is None:
            out.append(urljoin(base, li.find("a")["href"]))
        else:
            out.append((li.find(string=True, recursive=False).strip(), listed(sub, base)))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_site_map_lists_every_page_in_order_and_nesting(small_and_large, lang):
    _, large, tree = small_and_large
    base = f"/{lang}/{SITE_MAP_URL}"

    def addresses(items: list) -> list:
        return [
            (item[0], addresses(item[1]))
            if isinstance(item, tuple)
            else f"/{lang}/" + ("" if item == 0 else page_name(item).removesuffix(".md") + "/")
            for item in items
        ]

    page = site_map(large, lang)
    assert listed(page.select_one("ul.innboks-site-map"), base) == addresses(tree)
    assert page.html["lang"] == lang


def test_untranslated_titles_on_the_sami_site_map_are_marked_norwegian(small_and_large):
    _, large, _ = small_and_large
    for link in site_map(large, "se").select("ul.innboks-site-map a"):
        number = int(re.search(r"(\d+)/$", link["href"]).group(1)) if "side-" in link["href"] else 0
        assert link.get("lang") == (None if synthetic.has_page("se", number) else "nb"), link
        assert link.get_text(strip=True) == synthetic.title(
            "se" if synthetic.has_page("se", number) else "nb", number
        )


@pytest.mark.parametrize("lang,title", [("nb", "Nettstedskart"), ("en", "Site map"), ("se", "Nettstedskart")])
def test_the_site_map_has_its_languages_title(built_site, lang, title):
    page = site_map(built_site, lang)
    assert page.find("h1").get_text(strip=True) == title
    assert page.title.get_text().startswith(f"{title} - ")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_real_site_map_lists_every_page_of_the_navigation(built_site, lang):
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages = [name.removesuffix(".md").removesuffix("index") for name in config.nav]
    expected = [f"/{lang}/{name}" + ("/" if name else "") for name in pages]
    assert (
        listed(site_map(built_site, lang).select_one("ul.innboks-site-map"), f"/{lang}/{SITE_MAP_URL}")
        == expected
    )


def every_page(site: Path, lang: str):
    for html in sorted((site / lang).rglob("*.html")):
        relative = html.relative_to(site / lang)
        if relative.parts[0] not in NOT_PAGES:
            yield relative.as_posix(), html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_to_the_site_map(built_site, lang):
    target = f"/{lang}/{SITE_MAP_URL}"
    checked = 0
    for relative, html in every_page(built_site, lang):
        footer = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one("footer")
        hrefs = [urljoin(f"/{lang}/{relative}", a["href"]) for a in footer.select("a[href]")]
        assert target in hrefs, relative
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_page_offers_the_site_map(built_site, lang):
    page = BeautifulSoup((built_site / lang / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one(f'article a[href="/{lang}/{SITE_MAP_URL}"]') is not None


def test_the_site_map_is_in_no_sitemap_and_no_search_index(built_site):
    # Deliberately: crawlers find every page in sitemap.xml already, and a search for a
    # title would find the site map beside the page itself.
    assert SITE_MAP_URL not in (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert SITE_MAP_URL not in (built_site / lang / "search" / "search_index.json").read_text(
            encoding="utf-8"
        )

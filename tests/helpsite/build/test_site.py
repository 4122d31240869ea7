"""The built help site, read as HTML."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from app.i18n import LANGUAGES, full_date

PAGES = [
    "",
    "innboks/",
    "innboks/timeavtaler/",
    "innboks/ny-melding/",
    "innboks/velg/",
    "innboks/fullmakter/",
    "innboks/logg/",
    "om-innboks/",
    "dialog-med-kommunale-hjemmetjenester/",
    "foreldre-barn-og-fullmakt/",
]


def soup(site: Path, lang: str, url: str = "om-innboks/") -> BeautifulSoup:
    return BeautifulSoup((site / lang / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text().split())


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("en", "Last updated Friday, July 22, 2022"),
        ("se", "Maŋimusat ođastuvvon 2022 geassemánnu 2, duorasdat"),
        ("nb", "Sist oppdatert torsdag 2. juni 2022"),
    ],
)
def test_last_updated_in_each_languages_format(built_site, lang, expected):
    assert text(soup(built_site, lang).select_one(".innboks-updated")) == expected


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("en", "Content provided by Norsk Helsenett"),
        ("se", "Sisdoalu lea almmuhan Norsk helsenett"),
        ("nb", "Innholdet er levert av Norsk helsenett"),
    ],
)
def test_attribution(built_site, lang, expected):
    assert text(soup(built_site, lang).select_one(".innboks-owner")) == expected


@pytest.mark.parametrize(
    "lang,hours",
    [
        ("nb", "Hverdager 08:00–15:30"),
        ("en", "Weekdays 08:00–15:30"),
        ("se", "Árgabeivviid d. 08:00 - 15:30"),
    ],
)
def test_guidance_box(built_site, lang, hours):
    box = soup(built_site, lang).select_one("aside.innboks-guidance")
    assert text(box.find("h2")) == {"en": "Helsenorge guidance"}.get(lang, "Veiledning Helsenorge")
    phone = box.find("a")
    assert phone["href"] == "tel:+4723327000" and text(phone) == "23 32 70 00"
    assert hours in text(box)


def test_citation_in_sami(built_site):
    citation = soup(built_site, "se").select_one(".innboks-citation")
    build_day = dt.date.fromisoformat(citation.find("time")["datetime"])
    assert text(citation) == (
        "Norsk helsenett. Om Innboks. [Interneahtta]. Oslo: Dearvvašvuođadirektoráhta; "
        f"ođasmahtton 2022 geassemánnu 2, duorasdat [vižžon {full_date(build_day, 'se')}]. "
        "Oažžumis dáppe: http://127.0.0.1:8000/se/om-innboks/"
    )


def test_citation_in_english_and_norwegian(built_site):
    en = text(soup(built_site, "en").select_one(".innboks-citation"))
    assert en.startswith(
        "Norsk Helsenett. About Inbox. [Internet]. Oslo: Norwegian Directorate of Health; "
        "updated Friday, July 22, 2022 [retrieved "
    )
    assert en.endswith("]. Available from: http://127.0.0.1:8000/en/om-innboks/")
    nb = text(soup(built_site, "nb").select_one(".innboks-citation"))
    assert nb.startswith(
        "Norsk helsenett. Om Innboks. [Internett]. Oslo: Helsedirektoratet; "
        "oppdatert torsdag 2. juni 2022 [hentet "
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("url", PAGES)
def test_html_lang_and_hreflang_set(built_site, lang, url):
    page = soup(built_site, lang, url)
    assert page.html["lang"] == lang
    alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
    assert alternates == {
        "nb": f"http://127.0.0.1:8000/nb/{url}",
        "en": f"http://127.0.0.1:8000/en/{url}",
        "se": f"http://127.0.0.1:8000/se/{url}",
        "x-default": f"http://127.0.0.1:8000/nb/{url}",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_lands_on_the_same_page(built_site, lang):
    page_dir = built_site / lang / "om-innboks"
    links = soup(built_site, lang).select("a.md-select__link")
    assert [(a["hreflang"], a["lang"], text(a)) for a in links] == [
        ("nb", "nb", "Norsk bokmål"),
        ("en", "en", "English"),
        ("se", "se", "Davvisámegiella"),
    ]
    for a in links:
        target = (page_dir / a["href"] / "index.html").resolve()
        assert target == (built_site / a["hreflang"] / "om-innboks" / "index.html").resolve()
        assert target.is_file()
    assert [a["hreflang"] for a in links if a.get("aria-current")] == [lang]


def test_sami_page_falls_back_to_norwegian_body(built_site):
    page = soup(built_site, "se")
    body = page.select_one('article div[lang="nb"]')
    assert body is not None and text(body.find("h1")) == "Om Innboks"
    assert "I innboksen din får du oversikt" in text(body)
    notice = page.select_one(".innboks-fallback-notice")
    # No Sámi text for the notice exists yet, so it falls back to nb, never to English.
    assert text(notice) == "Denne siden er ikke oversatt ennå. Teksten under er på norsk."
    assert notice["lang"] == "nb"  # the notice's text is Norwegian too until se has it
    # It comes right after the h1, where the skip link lands.
    assert notice.find_previous_sibling().name == "h1"
    assert page.select_one("#innboks-guidance-title")["lang"] == "nb"
    assert not page.select_one(".innboks-updated").has_attr("lang")  # Sámi text, as the page
    # The chrome around it is Sámi.
    assert text(page.select_one(".innboks-updated")).startswith("Maŋimusat ođastuvvon")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_translated_pages_are_not_marked_as_fallback(built_site, lang):
    page = soup(built_site, lang)
    assert page.select_one(".innboks-fallback-notice") is None
    assert page.select_one("article div[lang]") is None


def nav_titles(page: BeautifulSoup) -> list[str]:
    return [
        text(a)
        for a in page.select(
            "nav.md-nav--primary > ul > li > a.md-nav__link, "
            "nav.md-nav--primary > ul > li > label.md-nav__link"
        )
    ]


def test_fallback_page_keeps_its_place_in_the_navigation(built_site):
    nb = soup(built_site, "nb", "")
    se = soup(built_site, "se", "")
    assert nav_titles(nb) == [
        "Hjelp til Innboks",
        "Innboks",
        "Om Innboks",
        "Dialog med kommunale hjemmetjenester",
        "Foreldre, barn og fullmakt",
    ]
    assert nav_titles(se) == nav_titles(nb)
    assert nav_titles(soup(built_site, "en", "")) == [
        "Help with Inbox",
        "Inbox",
        "About Inbox",
        "Dialogues with the municipal home healthcare services",
        "Parents, children and powers of attorney",
    ]


@pytest.mark.parametrize("lang", ["nb", "se"])
@pytest.mark.parametrize("url", PAGES)
def test_no_english_theme_text_on_nb_and_se_pages(built_site, lang, url):
    page = soup(built_site, lang, url)
    visible = text(page.body)
    labels = " ".join(
        el.get(attr, "")
        for attr in ("aria-label", "title", "placeholder")
        for el in page.find_all(attrs={attr: True})
    )
    config = json.loads(page.select_one("#__config").string)
    words = f"{visible} {labels} {' '.join(config['translations'].values())}"
    for english in (
        "Skip to content",
        "Search",
        "Footer",
        "Header",
        "Reject",
        "RSS feed",
        "Type to start searching",
        "Copy to clipboard",
        "Select language",
        "Navigation",
    ):
        assert not re.search(rf"\b{english}\b", words), english


def test_anchors_keep_norwegian_letters(built_site):
    page = soup(built_site, "nb")
    assert page.find(id="time-på-sykehus-i-helse-sør-øst") is not None
    link = soup(built_site, "nb", "dialog-med-kommunale-hjemmetjenester/").select_one('article a[href*="#"]')
    assert link["href"] == "../om-innboks/#meldinger-fra-helse--og-omsorgstjenestene-i-kommunen"


def test_sitemap_lists_every_page_with_alternates(built_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(built_site / "sitemap.xml").getroot()
    entries = {u.find("s:loc", ns).text: u for u in root.findall("s:url", ns)}
    assert len(entries) == len(PAGES) * len(LANGUAGES)
    entry = entries["http://127.0.0.1:8000/se/om-innboks/"]
    assert entry.find("s:lastmod", ns).text == "2022-06-02"
    links = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert links["x-default"] == "http://127.0.0.1:8000/nb/om-innboks/"
    assert set(links) == {"nb", "en", "se", "x-default"}
    assert entries["http://127.0.0.1:8000/en/om-innboks/"].find("s:lastmod", ns).text == "2022-07-22"
    for lang in LANGUAGES:
        assert not (built_site / lang / "sitemap.xml").exists()


@pytest.mark.parametrize("lang,title", [("nb", "Søk"), ("en", "Search"), ("se", "Søk")])
def test_404_page_per_language(built_site, lang, title):
    page = BeautifulSoup((built_site / lang / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == lang
    assert page.select_one("input.md-search__input")["placeholder"] == title
    hrefs = [a["href"] for a in page.select("a.md-select__link")]
    assert hrefs == ["/nb/", "/en/", "/se/"]


def test_search_index_per_language(built_site):
    def index(lang):
        return json.loads((built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))

    en, nb, se = index("en"), index("nb"), index("se")
    assert en["config"]["lang"] == ["en"] and nb["config"]["lang"] == ["no"]
    en_text = " ".join(d["text"] for d in en["docs"])
    assert "appointment letter" in en_text and "innkallingsbrevet" not in en_text
    se_docs = {d["location"]: d for d in se["docs"]}
    # The se index has every page, with the Norwegian text of pages that fall back.
    assert (
        "om-innboks/" in se_docs
        and "innkallingsbrevet" in se_docs["om-innboks/#time-på-sykehus-i-helse-sør-øst"]["text"]
    )
    assert {d["location"] for d in se["docs"]} == {d["location"] for d in nb["docs"]}


def test_english_fallback_notice_is_marked_english(project_copy):
    """An en page without an English file: Norwegian body, English notice inside it."""
    from app.helpsite.build import build_site

    (project_copy / "content" / "en" / "index.md").unlink()
    build_site(project_copy / "mkdocs.yml", project_copy / "site")
    page = soup(project_copy / "site", "en", "")
    notice = page.select_one('div[lang="nb"] .innboks-fallback-notice')
    assert notice["lang"] == "en" and text(notice).startswith("This page has not been translated yet.")
    assert page.select_one("#innboks-guidance-title").get("lang") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_pages_link_to_the_inbox_features_they_describe(built_site, lang):
    about = {a["href"] for a in soup(built_site, lang).select("article a[href]")}
    assert {"../innboks/", "../innboks/timeavtaler/", "../innboks/ny-melding/"} <= about
    dialogue = {
        a["href"]
        for a in soup(built_site, lang, "dialog-med-kommunale-hjemmetjenester/").select("article a[href]")
    }
    assert {"../innboks/", "../innboks/ny-melding/"} <= dialogue


def test_help_page_says_how_helse_midt_norge_works(built_site):
    assert "Helse Midt-Norge fungerer på samme måte" in text(soup(built_site, "nb").select_one("article"))
    assert "(Helse Midt-Norge) hospitals work the same way" in text(
        soup(built_site, "en").select_one("article")
    )


@pytest.mark.parametrize("url", ["innboks/", "innboks/timeavtaler/", "innboks/logg/"])
def test_inbox_pages_have_no_previous_and_next_of_the_help_pages(built_site, url):
    footer_nav = soup(built_site, "nb", url).select_one("nav.md-footer__inner")
    assert footer_nav is None or footer_nav.has_attr("hidden")


def test_help_pages_keep_their_previous_and_next(built_site):
    footer_nav = soup(built_site, "nb", "om-innboks/").select_one("nav.md-footer__inner")
    assert footer_nav is not None and not footer_nav.has_attr("hidden")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_language_mark_is_left_in_any_file(built_site, lang):
    """Marks become lang attributes or go, also where JSON escapes them (Material's page
    config holds the search's messages, which its script shows to the reader)."""
    leftover = re.compile(r"[\ue000-\ue005]|\\ue00[0-5]", re.IGNORECASE)
    files = [p for p in (built_site / lang).rglob("*") if p.suffix in {".html", ".json", ".xml"}]
    assert len(files) > 5
    for path in files:
        assert not leftover.search(path.read_text(encoding="utf-8")), path
    config = soup(built_site, lang).find("script", id="__config")
    assert json.loads(config.string)["translations"]["search.result.none"]

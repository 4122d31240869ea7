"""Language marks (app/i18n/marks.py): each string on a mixed-language page ends up in an
element marked with its language; marks never reach a reader."""

from __future__ import annotations

import html as html_lib
import json
import re

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from app.i18n import marks

PAGE = "se"
DATE = {"se": "2027 ođđajagemánnu 11", "nb": "11. januar 2027"}


def test_a_fallback_string_gets_its_language_and_a_page_language_string_nothing():
    out = marks.apply(f"<p>{marks.mark('Logg ut', 'nb')}</p><p>{marks.mark('Árgabeivviid', 'se')}</p>", PAGE)
    assert out == '<p lang="nb">Logg ut</p><p>Árgabeivviid</p>'


def test_a_string_inside_a_sentence_gets_a_span():
    out = marks.apply(f"<p>{marks.mark('Sendt', 'nb')}: 3</p>", PAGE)
    assert out == '<p><span lang="nb">Sendt</span>: 3</p>'


def test_a_page_language_string_inside_a_fallback_sentence_is_marked_back():
    inner = marks.mark("Dearvvašvuođadirektoráhta", "se")
    out = marks.apply(f"<p>{marks.mark(f'Fra {inner} i dag', 'nb')}</p>", PAGE)
    assert out == '<p><span lang="nb">Fra <span lang="se">Dearvvašvuođadirektoráhta</span> i dag</span></p>'


def test_a_date_takes_the_language_of_its_sentence():
    date = marks.choice({"se": "2027 ođđajagemánnu 11", "nb": "11. januar 2027"})
    out = marks.apply(f"<p>{marks.mark(f'Svar innen {date}', 'nb')}</p><td>{date}</td>", PAGE)
    assert out == '<p lang="nb">Svar innen 11. januar 2027</p><td>2027 ođđajagemánnu 11</td>'


def test_where_html_cannot_mark_a_language_the_marks_go():
    search = marks.mark("Søk", "nb")
    page = (
        f'<title>{search}</title><input placeholder="{search}" aria-label="{search}">'
        f'<script type="application/json">{{"t": "{search}"}}</script><option value="1">{search}</option>'
    )
    out = marks.apply(page, PAGE)
    assert not marks.has_marks(out)
    assert out == (
        '<title>Søk</title><input placeholder="Søk" aria-label="Søk">'
        '<script type="application/json">{"t": "Søk"}</script><option value="1" lang="nb">Søk</option>'
    )


def test_marks_that_json_escaped_are_dropped_too():
    """Material writes its page config, search messages among them, with Jinja's tojson, whose
    \\uXXXX escapes hid the marks: Sámi pages' search said "…nb…Ingen treff…"."""
    config = json.dumps({"search.result.none": marks.mark("Ingen treff", "nb"), "d": marks.choice(DATE)})
    out = marks.apply(f'<p>x</p><script id="__config" type="application/json">{config}</script>', PAGE)
    assert not marks.has_marks(out)
    assert json.loads(out.split('type="application/json">')[1].removesuffix("</script>")) == {
        "search.result.none": "Ingen treff",
        "d": DATE[PAGE],
    }


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_json_escaped_marks_go_as_the_marks_themselves_do(data):
    text = data.draw(_marked())
    page_lang = data.draw(st.sampled_from(["se", "nb"]))
    out = marks.apply(f'<script type="application/json">{json.dumps({"t": text})}</script>', page_lang)
    assert not marks.has_marks(out)
    assert json.loads(out.removeprefix('<script type="application/json">').removesuffix("</script>")) == {
        "t": marks.strip(text, page_lang)
    }


def test_a_mark_split_over_elements_wraps_them():
    out = marks.apply(f"<p>{marks.mark('Les <a href=x>mer</a> her', 'nb')}</p>", PAGE)
    assert out == '<p><span lang="nb">Les <a href=x>mer</a> her</span></p>'


def test_text_that_looks_like_a_mark_is_left_as_it_is():
    """A sender cannot forge a mark: the marks carry a nonce of this process."""
    forged = "\ue000nb\ue001Hei\ue002 \ue003se\ue001x\ue005"
    page = f"<p>{forged}</p><p>{marks.mark('Logg ut', 'nb')}</p>"
    assert marks.apply(page, PAGE) == f'<p>{forged}</p><p lang="nb">Logg ut</p>'


def test_pages_without_marks_are_returned_as_they_are():
    page = "<p>Hei</p>"
    assert marks.apply(page, "nb") is page


_WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@st.composite
def _marked(draw, depth=0) -> str:
    """Escaped text, with marked runs and choices nested in it."""
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "mark", "choice"] if depth < 3 else ["text"]))
        if kind == "text":
            parts.append(html_lib.escape(draw(_WORDS)))
        elif kind == "mark":
            parts.append(marks.mark(draw(_marked(depth + 1)), draw(st.sampled_from(["nb", "se", "en"]))))
        else:
            parts.append(marks.choice({"se": "S" + html_lib.escape(draw(_WORDS)), "nb": "N"}))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(_marked(), st.sampled_from(["se", "nb"]))
def test_no_mark_survives_and_every_character_is_in_an_element_of_its_language(text, page_lang):
    out = marks.apply(f"<div><p>{text}</p></div>", page_lang)
    assert not marks.has_marks(out)
    soup = BeautifulSoup(out, "html.parser")
    # What a reader sees is the text without the marks, each choice in its sentence's language.
    for element in soup.find_all(lang=True):
        assert element["lang"] in {"nb", "se", "en"}
        assert element.parent is not None
    expected = BeautifulSoup(_expected_text(text, page_lang), "html.parser").get_text()
    # Compared as a reader sees it, with runs of white space as one: Beautiful Soup turns a
    # text node of white space only into one space, so "<span> </span> " reads "  " where
    # the same text in one node reads " " (found by this property, in CI).
    assert _collapsed(soup.get_text()) == _collapsed(expected)


def _collapsed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _expected_text(text: str, page_lang: str) -> str:
    """The reader's text, worked out separately from apply(): walk the marks with a stack."""
    stack, out, position = [page_lang], [], 0
    n = re.escape(marks._NONCE)
    pattern = re.compile(rf"\ue000{n}([a-z]+)\ue001|\ue002{n}|\ue003{n}(.*?)\ue005{n}", re.S)
    for m in pattern.finditer(text):
        out.append(text[position : m.start()])
        position = m.end()
        if m.group(1):
            stack.append(m.group(1))
        elif m.group(2) is not None:
            choices = dict(part.split("\ue001", 1) for part in m.group(2).split("\ue004"))
            out.append(choices.get(stack[-1]) or next(iter(choices.values())))
        else:
            stack.pop()
    out.append(text[position:])
    return "".join(out)


def test_white_space_in_a_mark_and_after_it_reads_as_white_space():
    """The case the property found: a marked space, then a space."""
    out = marks.apply(f"<div><p>{marks.mark(' ', 'se')} </p></div>", "nb")
    assert out == '<div><p><span lang="se"> </span> </p></div>'

"""The sanitizer's work is bounded: a hostile letter is refused before it costs seconds of CPU."""

import time

import pytest

from app.inbox.sanitize import MAX_NESTING, TooDeep, clean_html, nesting_depth

MAX_CONTENT = 100_000  # the document's body.content maxLength (tests/api/test_limits.py checks it)


@pytest.mark.parametrize(
    "html,depth",
    [
        ("<p>Hei <b>du</b></p>", 1),  # <p> closes with the next one: it adds no depth
        ("<div><div><span>x</span></div></div>", 3),
        ("<div></div><div><b></b></div>", 2),
        ("<div></span></span><div>", 2),  # a stray end tag closes nothing
        ("<div><b><i></div><div>", 3),  # an end tag closes what was opened inside it
        ("<ul><li><ul><li>x</ul></ul>", 2),
        ("<br><br><hr><img src=x>", 0),
        ("5 < 6 and <3", 0),
    ],
)
def test_nesting_depth(html, depth):
    assert nesting_depth(html) == depth


@pytest.mark.parametrize(
    "hostile",
    [
        "<div>" * 20_000,  # 3 s in nh3 before the limit
        "<b><b><b><div>" * 7_000,
        "<div></span>" * 10_000,
        "<table><tr><td>" * 6_000,
    ],
)
def test_deep_html_is_refused_at_once(hostile):
    started = time.perf_counter()
    with pytest.raises(TooDeep):
        clean_html(hostile[:MAX_CONTENT])
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    "html",
    [
        ("<div>" * MAX_NESTING + "x" + "</div>" * MAX_NESTING) * 100,
        "<p>x" * 30_000,
        "<ul>" + "<li>x" * 30_000,
        '<b>x</b><p>y<a href="https://e.no">z</a>' * 3_000,
    ],
)
def test_the_largest_letters_within_the_limit_are_cleaned_in_well_under_a_second(html):
    started = time.perf_counter()
    clean_html(html[:MAX_CONTENT])
    assert time.perf_counter() - started < 1.0

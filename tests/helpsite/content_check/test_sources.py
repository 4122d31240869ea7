"""Reading a page's source: its front matter."""

from pathlib import Path

import pytest

from app.helpsite.content_check import sources

CONTENT = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "content_check" / "content"


def test_front_matter_field_lines():
    source, problems = sources.read_source(CONTENT / "nb" / "feil-dato.md")
    assert source.field_lines == {"title": 2, "last_updated": 3, "owner": 4}
    assert str(problems[0]).endswith(
        "feil-dato.md:3: error: 'last_updated' must be a date written YYYY-MM-DD, not '2. mars'"
    )


@pytest.mark.parametrize(
    "front,line,message",
    [
        ("title: A\nowner: B\n\tlast_updated: 2024-01-01\n", 4, "indent with spaces, not a tab"),
        ("title: A\nlast_updated: 2024-13-45\nowner: B\n", 3, "'last_updated': there is no month 13"),
        (
            "title: A\nowner: B\nlast_updated: 2024-02-30\n",
            4,
            "'last_updated': there is no day 30 in February 2024",
        ),
        (
            "title: A\nowner: B\nlast_updated: 2024-02-03\ntitle: Innboks: slik\n",
            5,
            "the front matter cannot be read here (a value holds ': '). Each line is 'field: value'",
        ),
    ],
)
def test_front_matter_errors_at_their_line_in_plain_words(tmp_path, front, line, message):
    page = tmp_path / "side.md"
    page.write_text(f"---\n{front}---\n# Side\n")
    source, problems = sources.read_source(page)
    assert source is None
    assert [(p.line, p.message[: len(message)]) for p in problems] == [(line, message)]

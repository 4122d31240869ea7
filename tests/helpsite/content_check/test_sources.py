"""Reading a page's source: its front matter."""

from pathlib import Path

from app.helpsite.content_check import sources

CONTENT = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "content_check" / "content"


def test_front_matter_field_lines():
    source, problems = sources.read_source(CONTENT / "nb" / "feil-dato.md")
    assert source.field_lines == {"title": 2, "last_updated": 3, "owner": 4}
    assert str(problems[0]).endswith(
        "feil-dato.md:3: error: 'last_updated' must be a date written YYYY-MM-DD, not '2. mars'"
    )

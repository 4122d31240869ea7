"""Reading a page's source: its front matter."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


_NAME = st.text(alphabet="ab-_.0Z", min_size=1, max_size=4).filter(lambda name: name not in (".", ".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=12))
def test_page_paths_lists_a_languages_pages_in_the_order_of_sorted_paths(tmp_path, trees):
    """As ``sorted(folder.rglob("*.md"))`` did: "a-b/x.md" comes after "a/y.md" (by parts),
    though "-" sorts before "/" in a plain string."""
    root = tmp_path / f"case-{len(list(tmp_path.iterdir()))}"
    folder = root / "nb"
    folder.mkdir(parents=True)
    for *dirs, name in trees:
        parent = folder.joinpath(*dirs)
        if any(p.is_file() for p in [parent, *parent.parents] if p != folder and folder in p.parents):
            continue  # a file already where a folder would go
        parent.mkdir(parents=True, exist_ok=True)
        if not (parent / f"{name}.md").is_dir():
            (parent / f"{name}.md").write_text("x")
    expected = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*.md")) if p.is_file()}
    found = sources.page_paths(root, "nb")
    assert list(found.items()) == list(expected.items())

import pytest

from app.helpsite.content_check.link_text import is_vague


@pytest.mark.parametrize(
    "text", ["her", "Klikk her!", "  les   mer ", "Read more…", "click here", "Loga eambbo", "dáppe"]
)
def test_vague(text):
    assert is_vague(text)


@pytest.mark.parametrize(
    "text", ["Les mer om Innboks", "Her er timeavtalene dine", "About Inbox", "Mo čálihat sisa"]
)
def test_says_where_it_goes(text):
    assert not is_vague(text)

from pathlib import Path

import pytest

from app.helpsite.content_check.site_settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[3]


def test_the_builds_markdown_extensions():
    settings = load_settings(ROOT / "mkdocs.yml")
    # MkDocs' own built-ins first, then the site's, with the site's toc settings.
    assert settings.extensions[:3] == ("toc", "tables", "fenced_code")
    assert {"attr_list", "admonition"} <= set(settings.extensions)
    assert settings.extension_configs["toc"]["slugify"]("Sør-Øst", "-") == "sør-øst"
    assert load_settings(ROOT / "mkdocs.yml") is settings  # read once while unchanged


def test_inherited_limit(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nextra:\n  content_check:\n    lix_max: 38\n"
    )
    settings = load_settings(tmp_path / "mkdocs.yml")
    assert settings.require_lix_max() == 38.0
    assert "toc" in settings.extensions


@pytest.mark.parametrize(
    "text,message",
    [
        ("site_name: x\n", "set the readability limit"),
        ("site_name: x\nextra:\n  content_check:\n    lix_max: -3\n", "must be a positive number, not -3"),
        ("site_name: [x\n", "error parsing the configuration file"),
        ("markdown_extensions:\n  - no_such_extension\n", "Failed to load extension 'no_such_extension'"),
    ],
)
def test_unusable_settings(tmp_path, text, message):
    (tmp_path / "mkdocs.yml").write_text(text)
    with pytest.raises(SettingsError, match=message.replace("[", r"\[")):
        load_settings(tmp_path / "mkdocs.yml").require_lix_max()


def test_missing_file(tmp_path):
    with pytest.raises(SettingsError, match="cannot read the site configuration"):
        load_settings(tmp_path / "mkdocs.yml")

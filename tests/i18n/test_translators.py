"""The translator's round trip: export what a language lacks, merge the returned file."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.i18n import LOCALES_DIR
from app.i18n.check import check_catalogs
from app.i18n.translators import export, main, merge, untranslated

PLURAL = "You have %(num)d unread item."


@pytest.fixture
def locales(tmp_path) -> Path:
    target = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, target, ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture(scope="module")
def exported():
    """The se export of the real catalogs (extraction reads the whole project once)."""
    return export("se")


def se_catalog(locales: Path):
    with open(locales / "se" / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale="se")


def returned_file(tmp_path: Path, exported, answers: dict, flags: dict | None = None) -> Path:
    """The exported file as a translator's tool saves it, with ``answers`` filled in."""
    catalog = read_po(_as_bytes(exported))
    for message in catalog:
        if message.id and (key := message.id[0] if isinstance(message.id, tuple) else message.id) in answers:
            message.string = answers[key]
            for flag in (flags or {}).get(key, ()):
                message.flags.add(flag)
    path = tmp_path / "se-returned.po"
    with open(path, "wb") as f:
        write_po(f, catalog)
    return path


def _as_bytes(catalog):
    import io

    buffer = io.BytesIO()
    write_po(buffer, catalog)
    buffer.seek(0)
    return buffer


def test_export_lists_every_untranslated_se_string_with_its_context(exported, locales):
    lacking = {m.id for m in untranslated(se_catalog(locales))}
    assert {m.id for m in exported if m.id} == lacking
    assert exported.num_plurals == 3
    inbox = exported.get("Inbox")
    assert "nb: Innboks" in inbox.auto_comments and "en: Inbox" in inbox.auto_comments
    assert any(note.startswith("Shown in: app/") for note in inbox.auto_comments)
    plural = next(m for m in exported if m.id and m.id[0] == PLURAL)
    assert plural.string == ("", "", "")
    notes = " ".join(plural.auto_comments)
    assert "%(num)d is replaced by a number (num)" in notes
    assert "msgstr[1]: the form used when the number is 2" in notes


def test_a_returned_file_is_merged_compiled_and_shown(tmp_path, exported, locales):
    before = check_catalogs(locales).coverage["se"]
    path = returned_file(
        tmp_path,
        exported,
        {
            "Inbox": "Boastta",
            PLURAL: (
                "Dus lea %(num)d lohkkokeahtes.",
                "Dus leat %(num)d lohkkokeahtes.",
                "Dus leat %(num)d.",
            ),
            "Skip to content": "Njuolgga sisdollui",
        },
        flags={"Skip to content": ["machine"]},
    )
    result = merge("se", path, locales)
    assert result.errors == [] and result.merged == 2 and result.left_out == 1
    assert check_catalogs(locales).errors == []
    assert check_catalogs(locales).coverage["se"] > before
    se = Translations.load(str(locales), ["se"])
    assert se.gettext("Inbox") == "Boastta"
    assert se.ngettext(PLURAL, "You have %(num)d unread items.", 2) == "Dus leat %(num)d lohkkokeahtes."
    assert se.gettext("Skip to content") == "Skip to content"  # machine-made: left out


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        ({"Inbox": "Boastta %(x)s"}, "placeholders must stay"),
        ({PLURAL: ("Dus lea okta.", "Dus leat %(num)d.", "Dus leat %(num)d.")}, "placeholders must stay"),
        ({PLURAL: ("Dus leat %(num)d.", "", "Dus leat %(num)d.")}, "fill every plural form"),
        ({"Skip to content": "Gå til innhold"}, "is the Norwegian or English text"),
        ({"Sign out": "Olggos 100 %"}, "must be written %%"),
    ],
)
def test_a_wrong_entry_stops_the_whole_merge(tmp_path, exported, locales, answers, says):
    catalog_file = locales / "se" / "LC_MESSAGES" / "messages.po"
    before = catalog_file.read_bytes()
    path = returned_file(tmp_path, exported, {"Sign out": "Olggos", "Inbox": "Boastta", **answers})
    result = merge("se", path, locales)
    assert any(says in error for error in result.errors), result.errors
    assert all(f"{path}:" in error for error in result.errors)
    assert catalog_file.read_bytes() == before


def test_a_string_the_app_no_longer_has_is_refused(tmp_path, locales):
    path = tmp_path / "old.po"
    path.write_text('msgid ""\nmsgstr "Language: se\\n"\n\nmsgid "Gone from the app"\nmsgstr "Jávkan"\n')
    result = merge("se", path, locales)
    assert "no longer in the app" in result.errors[0] and f"{path}:4" in result.errors[0]


def test_a_file_with_two_plural_forms_is_refused(tmp_path, exported, locales):
    path = returned_file(tmp_path, exported, {PLURAL: ("Dus lea %(num)d.", "Dus leat %(num)d.", "")})
    text = path.read_text().replace(
        "nplurals=3; plural=(n == 1) ? 0 : (n == 2) ? 1 : 2;", "nplurals=2; plural=(n != 1);"
    )
    path.write_text(text.replace('msgstr[2] ""\n', ""))
    errors = merge("se", path, locales).errors
    assert "gives 2 plural forms, se has 3" in errors[0], errors


def test_a_file_for_another_language_is_refused(tmp_path, locales):
    path = tmp_path / "nn.po"
    path.write_text('msgid ""\nmsgstr "Language: nn\\n"\n\nmsgid "Inbox"\nmsgstr "Innboks"\n')
    assert "for language nn, not se" in merge("se", path, locales).errors[0]


def test_the_command_refuses_with_a_message_and_exit_status(tmp_path, locales, capsys):
    (tmp_path / "junk.po").write_text("this is not a PO file\n")
    assert main(["merge", "se", str(tmp_path / "junk.po"), "--locales-dir", str(locales)]) == 1
    assert "cannot be read as a PO file" in capsys.readouterr().err
    assert main(["merge", "se", str(tmp_path / "missing.po"), "--locales-dir", str(locales)]) == 1
    assert "cannot be read" in capsys.readouterr().err


def test_export_and_merge_from_the_command_line(tmp_path, locales):
    out = tmp_path / "se.po"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.i18n.translators",
            "export",
            "se",
            "-o",
            str(out),
            "--locales-dir",
            str(locales),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "strings for se to translate" in done.stdout
    text = out.read_text().replace('msgid "Sign out"\nmsgstr ""', 'msgid "Sign out"\nmsgstr "Olggos"')
    out.write_text(text)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.i18n.translators",
            "merge",
            "se",
            str(out),
            "--locales-dir",
            str(locales),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (
        "merged 1 string(s)" in done.stdout and "se: " in done.stdout and "strings translated" in done.stdout
    )


# Text a translator's tool might hand back: placeholders, quotes, line breaks, any script.
_texts = st.lists(
    st.sampled_from([*"abc áčđŋšŧž ÆØÅ\"'\\\n\t%#(){}", "%(num)d", "%(name)s", "Innboks", "Inbox"]),
    max_size=12,
).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(min_value=0, max_value=400), max_size=6),
    texts=st.lists(_texts, min_size=6, max_size=6),
    plural_forms=st.integers(min_value=1, max_value=4),
    flag=st.sampled_from([None, "fuzzy", "machine", "python-format"]),
)
def test_any_returned_file_is_merged_whole_or_not_at_all(
    tmp_path_factory, exported, picks, texts, plural_forms, flag
):
    locales = tmp_path_factory.mktemp("loc") / "locales"
    shutil.copytree(LOCALES_DIR, locales, ignore=shutil.ignore_patterns("*.mo"))
    catalog_file = locales / "se" / "LC_MESSAGES" / "messages.po"
    before = catalog_file.read_bytes()
    ids = [m.id for m in exported if m.id]
    answers, flags = {}, {}
    for pick, text in zip(picks, texts, strict=False):
        msgid = ids[pick % len(ids)]
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        answers[key] = tuple([text] * plural_forms) if isinstance(msgid, tuple) else text
        if flag:
            flags[key] = [flag]
    path = returned_file(tmp_path_factory.mktemp("ret"), exported, answers, flags)
    result = merge("se", path, locales)
    if result.errors:
        assert catalog_file.read_bytes() == before
    else:
        assert check_catalogs(locales).errors == []

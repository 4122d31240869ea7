import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.i18n import LOCALES_DIR, translations
from app.i18n.check import check_catalogs


def test_real_catalogs_pass_and_report_sami_coverage():
    report = check_catalogs()
    assert report.errors == []
    assert report.coverage["nb"] == report.coverage["en"] == 100.0
    assert 0 < report.coverage["se"] < 100


def test_cli_prints_coverage():
    result = subprocess.run([sys.executable, "-m", "app.i18n.check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "se: " in result.stdout and "% of messages translated" in result.stdout


def test_sami_falls_back_to_norwegian_then_english():
    se = translations("se")
    assert se.gettext("Content provided by %(owner)s") == "Sisdoalu lea almmuhan %(owner)s"
    assert se.gettext("Skip to content") == "Gå til innhold"  # not in se: nb
    assert se.gettext("A string nobody translated") == "A string nobody translated"


def test_sami_has_three_plural_forms():
    se = translations("se")
    assert [se.plural(n) for n in (1, 2, 3, 11)] == [0, 1, 2, 2]


def test_catalog_update_keeps_sami_plural_forms(tmp_path):
    """`pybabel init -l se` writes two forms; updating must keep the three we set."""
    target = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, target, ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pybabel"),
            "update",
            "-N",
            "-i",
            str(target / "messages.pot"),
            "-d",
            str(target),
            "-l",
            "se",
        ],
        check=True,
    )
    text = (target / "se" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=3; plural=(n == 1) ? 0 : (n == 2) ? 1 : 2;\\n"' in text
    assert check_catalogs(target).errors == []


@pytest.fixture
def broken_locales(tmp_path):
    target = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, target, ignore=shutil.ignore_patterns("*.mo"))
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_catches_untranslated_fuzzy_placeholder_and_plural_errors(broken_locales):
    nb = broken_locales / "nb" / "LC_MESSAGES" / "messages.po"
    edit(nb, 'msgstr "Avvis"', 'msgstr ""')
    edit(nb, 'msgid "Accept"', '#, fuzzy\nmsgid "Accept"')
    edit(nb, 'msgstr "Sist oppdatert %(date)s"', 'msgstr "Sist oppdatert %(dato)s"')
    se = broken_locales / "se" / "LC_MESSAGES" / "messages.po"
    edit(se, "nplurals=3; plural=(n == 1) ? 0 : (n == 2) ? 1 : 2;", "nplurals=2; plural=(n != 1);")
    errors = "\n".join(check_catalogs(broken_locales).errors)
    assert "'Reject' is not translated" in errors
    assert "fuzzy entry for 'Accept'" in errors
    assert "placeholders differ for 'Last updated %(date)s'" in errors
    assert "nplurals=2; CLDR says 3 for se" in errors


def test_untranslated_sami_is_not_an_error(broken_locales):
    se = broken_locales / "se" / "LC_MESSAGES" / "messages.po"
    edit(se, 'msgstr "Dearvvašvuođadirektoráhta"', 'msgstr ""')
    report = check_catalogs(broken_locales)
    assert report.errors == []
    assert report.coverage["se"] < check_catalogs().coverage["se"]


def test_cli_fails_on_errors(broken_locales):
    edit(broken_locales / "en" / "LC_MESSAGES" / "messages.po", 'msgstr "Reject"', 'msgstr ""')
    result = subprocess.run(
        [sys.executable, "-m", "app.i18n.check", str(broken_locales)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "'Reject' is not translated" in result.stderr

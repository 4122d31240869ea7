"""Our copies of Material's templates, held against Material's own.

``overrides/partials/`` holds copies of Material for MkDocs' partials with our
changes; ``material_upstream/`` beside this file keeps each as Material 9.8.1
shipped it. When an upgrade changes one, its test fails with Material's change
as a diff: merge that into our copy in ``overrides/``, then copy Material's new
file into ``material_upstream/``. ``make material-diff`` shows what our copies
change in the installed Material's.
"""

import difflib
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parents[3]
OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
UPSTREAM = Path(__file__).parent / "material_upstream"
#: Our templates with a name of Material's that are no copies: they only fill Material's blocks.
NOT_COPIES = {"main.html", "404.html"}

COPIES = sorted(path.relative_to(UPSTREAM).as_posix() for path in UPSTREAM.rglob("*.html"))


@pytest.mark.parametrize("name", COPIES)
def test_material_has_not_changed_what_we_copied(name):
    installed = MATERIAL / name
    assert installed.is_file(), f"Material no longer has {name}: overrides/{name} overrides nothing"
    diff = "".join(
        difflib.unified_diff(
            (UPSTREAM / name).read_text(encoding="utf-8").splitlines(keepends=True),
            installed.read_text(encoding="utf-8").splitlines(keepends=True),
            f"{name} as we copied it",
            f"{name} in the installed Material",
        )
    )
    assert not diff, (
        f"Material changed {name}. Merge the change into overrides/{name}, then copy "
        f"{installed} to {UPSTREAM / name}:\n{diff}"
    )


def test_every_copy_of_a_material_template_is_kept_as_shipped():
    """A partial copied from Material later is held against Material too."""
    ours = {path.relative_to(OVERRIDES).as_posix() for path in OVERRIDES.rglob("*.html")}
    assert {name for name in ours if (MATERIAL / name).is_file()} - NOT_COPIES == set(COPIES)

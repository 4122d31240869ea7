"""The names of item categories in the reader's language."""

from flask_babel import lazy_gettext as _l

from app.inbox.models import Category

_LABELS = {
    Category.LETTER: _l("Letter"),
    Category.MESSAGE: _l("Message"),
    Category.RESEARCH: _l("Health survey or research"),
    Category.FORM_RECEIPT: _l("Form receipt"),
}


def category_label(category: Category) -> str:
    return str(_LABELS[category])

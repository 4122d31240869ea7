"""The theme's templates, compiled once per build instead of once per language.

Each language's MkDocs build makes a Jinja environment of its own and would
compile Material's templates again: at 3×100 pages that was a seventh of the
build's CPU time. Every environment here keeps what it compiles in one cache of
the process (`COMPILED`), so a serial build compiles each template once, and a
parallel build compiles them in the parent before it forks the languages, which
find them already compiled (`site.compile_theme`, which follows the theme's
templates with `compile_ahead`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from types import CodeType

from jinja2 import Environment, FileSystemLoader, meta
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.exceptions import TemplateNotFound
from mkdocs.theme import Theme


def _compile_settings(environment: Environment) -> tuple:
    """What the compiled code of a template depends on besides its source: two environments
    alike in these compile it alike. Filters and tests are looked up when the template is
    loaded, but compiling fails on a name the environment lacks."""
    return (
        tuple(sorted(environment.filters)),
        tuple(sorted(environment.tests)),
        tuple(sorted(environment.extensions)),
        getattr(environment, "newstyle_gettext", None),  # set by the i18n extension
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.finalize is not None,
        environment.autoescape if isinstance(environment.autoescape, bool) else "callable",
        environment.is_async,
    )


class CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, for every environment of the process that uses it.

    A template is found again only with the same name, file, source and compile
    settings: an edited template (the preview runs for hours) is compiled anew.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType]] = {}  # bucket key → (source checksum, code)

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = repr((name, filename, _compile_settings(environment)))
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


#: The one cache of this process; the language plugin gives it to every build's environment.
COMPILED = CompiledTemplates()


def compile_ahead(environment: Environment, roots: Iterable[str]) -> int:
    """Compiles ``roots`` and every template they name (extends, include, import) into
    ``environment``'s bytecode cache; returns how many templates that is. Templates named by
    an expression (Material's icons) are left to the builds, which compile them."""
    cache, loader = environment.bytecode_cache, environment.loader
    assert cache is not None and loader is not None
    pending, done = list(roots), set()
    while pending:
        name = pending.pop()
        if name in done:
            continue
        done.add(name)
        try:
            source, filename, _ = loader.get_source(environment, name)
        except TemplateNotFound:
            continue  # behind a condition the theme does not meet; a build that needs it says so
        tree = environment.parse(source, name, filename)
        pending.extend(n for n in meta.find_referenced_templates(tree) if n)
        bucket = cache.get_bucket(environment, name, filename, source)
        if bucket.code is None:
            bucket.code = environment.compile(tree, name, filename)
            cache.set_bucket(bucket)
    return len(done)


class ThemeLoader(FileSystemLoader):
    """The theme's templates, listed without what is under folders whose names start with a
    dot. MkDocs lists a theme's files in each build to copy the static ones, and leaves out
    everything under such a folder (its '.*' and '*/.*' patterns) only after listing it:
    Material's .icons holds 14,000 of its 14,500 files, a twentieth of a build at 3×100.
    Such templates still load (Material includes its icons from .icons)."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                inside = os.path.relpath(folder, searchpath)
                for name in names:
                    found.add(name if inside == "." else f"{inside}/{name}".replace(os.path.sep, "/"))
        return sorted(found)


def theme_environment(theme: Theme) -> Environment:
    """``theme.get_env()``, MkDocs' environment for the theme, with a ``ThemeLoader``."""
    env = Theme.get_env(theme)
    env.loader = ThemeLoader(theme.dirs)
    return env

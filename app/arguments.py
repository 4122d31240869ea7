"""argparse for the project's own commands (``python -m app.helpsite``, the content check,
the translators' tool, the benchmarks), with one fault of Python 3.11's argparse mended:
``--option=--`` hands the option an empty list, past its ``type``, instead of a value or a
refusal, and the command then failed with a traceback where it used the value."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any


class ArgumentParser(argparse.ArgumentParser):
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, rest = super().parse_known_args(args, namespace)
        for action in self._actions:
            # "--" comes out as an empty list where one value or more was due (argparse's own
            # classes for a plain store and for "append"). Only empty: a type may make a list
            # of one value ("1,2,4" into [1, 2, 4]).
            value = getattr(parsed, action.dest, None)
            appended = type(action) is argparse._AppendAction and action.nargs is None
            from_double_dash = value == [] and value is not action.default  # not given: the default
            if appended and isinstance(value, list) and any(each == [] for each in value):
                expected = "one argument"
            elif (
                type(action) is argparse._StoreAction
                and from_double_dash
                and action.nargs in (None, "?", "+")
            ):
                expected = "at least one argument" if action.nargs == "+" else "one argument"
            else:
                continue
            self.error(f"argument {'/'.join(action.option_strings)}: expected {expected}")
        return parsed, rest

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
            # One value that came out as a list, or one or more that came out as none, came
            # from "--" (argparse's own classes for a plain store and for "append").
            value = getattr(parsed, action.dest, None)
            appended = type(action) is argparse._AppendAction and action.nargs is None
            if appended and isinstance(value, list) and any(isinstance(each, list) for each in value):
                self.error(f"argument {'/'.join(action.option_strings)}: expected one argument")
            if type(action) is not argparse._StoreAction:
                continue
            if action.nargs in (None, "?") and isinstance(value, list):
                self.error(f"argument {'/'.join(action.option_strings)}: expected one argument")
            if action.nargs == "+" and value == []:
                self.error(f"argument {'/'.join(action.option_strings)}: expected at least one argument")
        return parsed, rest

"""The processes a build forks, and their log, which the parent prints.

A worker's handlers would write to the streams it inherited, mixing the
languages' messages; it keeps its records instead and sends them back with its
result, and the parent logs them, each named with the language it was building.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import multiprocessing.connection
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any, NoReturn, TypedDict, cast

from mkdocs.exceptions import Abort, MkDocsException, PluginError

from app.i18n import DEFAULT_LANGUAGE

_building: list[str] = []


class Result(TypedDict):
    """What a task in a worker sends back: its value, its log, and its error as (type, message)."""

    value: Any
    error: tuple[str, str] | None
    records: list[logging.LogRecord]


#: A task to run in a worker: the function, then its arguments.
Task = tuple[Any, ...]


def current_language() -> str:
    """The language being built, for messages that name a file."""
    return _building[-1] if _building else DEFAULT_LANGUAGE


@contextlib.contextmanager
def building(lang: str) -> Iterator[None]:
    """While ``lang`` builds: what MkDocs logs names a file inside it."""
    _building.append(lang)
    try:
        yield
    finally:
        _building.pop()


def _name_the_language(record: logging.LogRecord) -> bool:
    """MkDocs names a file by its path inside one language; say which language."""
    lang = getattr(record, "innboks_language", None) or current_language()
    record.msg = f"[{lang}] {record.msg}"
    return True


def log_to_stderr() -> logging.Handler:
    """Prints MkDocs' warnings and errors, each with its language; remove the handler when done."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.addFilter(_name_the_language)
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    return handler


class _Collect(logging.Handler):
    """Keeps a worker's log records to hand them to the parent process."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        record.innboks_language = current_language()
        self.records.append(record)


def captured(task: Callable[..., Any], *args: Any) -> Result:
    """Runs a task in a worker; its result, log records and error, to send to the parent."""
    mkdocs_log = logging.getLogger("mkdocs")
    # The parent's handlers write to the parent's streams; the parent replays these records.
    for handler in list(mkdocs_log.handlers):
        mkdocs_log.removeHandler(handler)
    collect = _Collect()
    mkdocs_log.addHandler(collect)
    mkdocs_log.setLevel(logging.WARNING)
    result: Result = {"value": None, "error": None, "records": collect.records}
    try:
        result["value"] = task(*args)
    except (Abort, MkDocsException) as exc:
        result["error"] = (type(exc).__name__, str(exc))
    except Exception:  # a bug, not bad content: the parent shows the whole traceback
        result["error"] = ("RuntimeError", traceback.format_exc())
    return result


def _in_worker(connection: Connection, task: Callable[..., Any], *args: Any) -> None:
    """Runs one task in a worker process and sends back its result, log and error."""
    connection.send(captured(task, *args))
    connection.close()


def _raise(name: str, message: str) -> NoReturn:
    if name == "Abort":
        raise Abort(message)
    if name == "PluginError":
        raise PluginError(message)
    if name == "RuntimeError":
        raise RuntimeError(message)
    raise MkDocsException(message)


def values(results: dict[str, Result], names: Iterable[str]) -> dict[str, Any]:
    """The named tasks' values, once their records are logged here; raises the first one's error."""
    names = tuple(names)
    for name in names:
        for record in results[name]["records"]:
            logging.getLogger(record.name).handle(record)
    for name in names:
        error = results[name]["error"]
        if error:
            _raise(*error)
    return {name: results[name]["value"] for name in names}


def run_parallel(tasks: dict[str, Task], here: str | None = None) -> dict[str, Result]:
    """Runs each task in its own process, all at once, but the one named ``here``, which
    runs in this process meanwhile (a fork fewer); returns when every one has answered.
    What ``here`` logs is logged as it comes, and what it raises is raised."""
    # fork: the workers start with MkDocs already imported, not in a fresh interpreter.
    context = multiprocessing.get_context("fork")
    # What the parent holds now (MkDocs, Material, the catalogs) is never garbage: kept out of
    # the collector, its pages stay shared with the workers instead of being copied into each.
    gc.freeze()
    running: dict[Connection, tuple[str, Any]] = {}
    results: dict[str, Result] = {}
    try:
        for name, (task, *args) in tasks.items():
            if name == here:
                continue
            receive, send = context.Pipe(duplex=False)
            # Not a daemon: a task may start processes of its own.
            process = context.Process(target=_in_worker, args=(send, task, *args))
            process.start()
            send.close()
            running[receive] = (name, process)
        if here is not None:
            task, *args = tasks[here]
            results[here] = {"value": task(*args), "error": None, "records": []}
        while running:
            # wait() returns what it was given: the pipes' ends.
            for receive in cast(list[Connection], multiprocessing.connection.wait(list(running))):
                name, process = running.pop(receive)
                try:
                    results[name] = receive.recv()
                except EOFError:  # killed (out of memory?) before it could answer
                    results[name] = {
                        "value": None,
                        "records": [],
                        "error": (
                            "RuntimeError",
                            f"the {name} build process died with code {process.exitcode}",
                        ),
                    }
                process.join()
    finally:
        for _, process in running.values():
            process.kill()
            process.join()
        gc.unfreeze()  # a long-lived caller (the preview) collects its garbage as before
    return results

"""The build's processes (app/helpsite/build/workers.py): every task but one in a process of
its own, the one named ``here`` in the parent meanwhile."""

import logging
import multiprocessing
import os
import time

import pytest
from mkdocs.exceptions import Abort

from app.helpsite.build import workers


def _pid(*_args):
    return os.getpid()


def _warn_and_fail(message):
    logging.getLogger("mkdocs.test").warning("a warning from %s", os.getpid())
    raise Abort(message)


def _wait(seconds):
    time.sleep(seconds)
    return os.getpid()


def _boom():
    raise ValueError("the parent's own task broke")


def test_the_task_named_here_runs_in_this_process_the_others_in_their_own():
    results = workers.run_parallel({"nb": (_pid,), "en": (_pid,), "se": (_pid,)}, here="se")
    pids = workers.values(results, ["nb", "en", "se"])
    assert pids["se"] == os.getpid()
    assert len({pids["nb"], pids["en"], os.getpid()}) == 3
    assert workers.run_parallel({"nb": (_pid,)}, here="nb") == {
        "nb": {"value": os.getpid(), "error": None, "records": []}
    }


def test_a_workers_failure_comes_back_with_its_log():
    results = workers.run_parallel({"nb": (_warn_and_fail, "broken page"), "en": (_pid,)}, here="en")
    assert results["nb"]["error"] == ("Abort", "broken page")
    assert [record.getMessage().startswith("a warning from") for record in results["nb"]["records"]] == [True]
    with pytest.raises(Abort, match="broken page"):
        workers.values(results, ["nb", "en"])


def test_what_the_parent_raises_is_raised_and_no_worker_is_left_running():
    started = time.monotonic()
    with pytest.raises(ValueError, match="the parent's own task broke"):
        workers.run_parallel({"nb": (_wait, 30), "en": (_boom,)}, here="en")
    assert time.monotonic() - started < 10, "the worker was killed, not waited for"
    assert multiprocessing.active_children() == []

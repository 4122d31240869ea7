"""app.arguments: the project's commands parse any command line into values of their
declared types or refuse it with a message and exit code 2, "--" included."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.arguments import ArgumentParser

WORDS = st.sampled_from(["--", "-", "--name", "--count", "--tag", "--pages", "x", "3", "-1", "=", ""])


def parser() -> ArgumentParser:
    made = ArgumentParser(prog="example")
    made.add_argument("--name", default="a")
    made.add_argument("--count", type=int, default=1)
    made.add_argument("--tag", action="append", default=[])
    made.add_argument("--pages", type=int, nargs="+", default=[100])
    return made


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.builds("{}={}".format, WORDS, WORDS)), max_size=6))
def test_any_command_line_gives_typed_values_or_a_refusal(argv):
    try:
        args = parser().parse_args(argv)
    except SystemExit as refused:
        assert refused.code == 2
        return
    assert isinstance(args.name, str) and isinstance(args.count, int)
    assert all(isinstance(t, str) for t in args.tag)
    assert args.pages and all(isinstance(p, int) for p in args.pages)


@pytest.mark.parametrize(
    "argv,said",
    [
        (["--name=--"], "argument --name: expected one argument"),
        (["--count=--"], "argument --count: expected one argument"),
        (["--pages=--"], "argument --pages: expected at least one argument"),
    ],
)
def test_a_double_dash_as_the_value_is_refused(argv, said, capsys):
    with pytest.raises(SystemExit) as refused:
        parser().parse_args(argv)
    assert refused.value.code == 2 and said in capsys.readouterr().err


def test_a_type_that_makes_a_list_keeps_it():
    made = ArgumentParser(prog="example")
    made.add_argument("--clients", type=lambda text: [int(c) for c in text.split(",")], default=[1])
    assert made.parse_args(["--clients", "1,8,32"]).clients == [1, 8, 32]
    assert made.parse_args(["--clients=8"]).clients == [8]


def test_an_empty_list_as_the_default_is_kept_when_the_option_is_not_given():
    made = ArgumentParser(prog="example")
    made.add_argument("--only", default=[])
    assert made.parse_args([]).only == []

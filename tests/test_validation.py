"""Bad input is refused at the door, with a message naming the position and the value."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import symcount
from symcount import OptionError, SymcountError, WidthError

BAD_WIDTHS = [
    (True, "width 2 of 3 is True: a width is a positive integer or a symbol name, not a bool"),
    (16.5, "width 2 of 3 is 16.5: a width is a positive integer or a symbol name, not a float"),
    (-3, "width 2 of 3 is -3: a width is a positive integer or a symbol name"),
    (0, "width 2 of 3 is 0: a width is a positive integer or a symbol name"),
    (float("nan"), "width 2 of 3 is nan: a width is a positive integer or a symbol name, not a float"),
    ("16x", "width 2 of 3 is '16x': a width is a positive integer or a symbol name (a name is a letter"),
    ("", "width 2 of 3 is '': a width is a positive integer or a symbol name (empty or padded with spaces)"),
    ("nan", "width 2 of 3 is 'nan': a width is a positive integer or a symbol name ('nan' reads as a value"),
    ("-3", "width 2 of 3 is '-3': a width is a positive integer or a symbol name (not a positive integer)"),
    (16.0, "width 2 of 3 is 16.0: a width is a positive integer or a symbol name, not a float"),
    (None, "width 2 of 3 is None of type NoneType: a width is a positive integer or a symbol name"),
    ([16], "width 2 of 3 is \\[16\\] of type list"),
]


@pytest.mark.parametrize("bad, message", BAD_WIDTHS)
def test_bad_width_in_the_api(bad: object, message: str) -> None:
    for call in (lambda: symcount.mlp([784, bad, 10]), lambda: symcount.count([784, bad, 10])):
        with pytest.raises(WidthError) as info:
            call()
        assert str(info.value).startswith(message.replace("\\", ""))
        assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "widths, message",
    [
        ([784], "widths is [784]: a network needs at least two widths (input and output)"),
        ([], "widths is []: a network needs at least two widths"),
        ("784 16 10", "widths is '784 16 10': expected a sequence of widths"),
        (0, "depth is 0: expected an integer >= 1"),
        (True, "widths is True: expected a sequence of widths"),
        (2.5, "widths is 2.5: expected a sequence of widths"),
    ],
)
def test_bad_width_lists(widths: object, message: str) -> None:
    with pytest.raises(OptionError) as info:
        symcount.mlp(widths)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


def test_numpy_integers_are_widths_but_not_numpy_bools() -> None:
    np = pytest.importorskip("numpy")
    assert symcount.count([np.int64(784), np.int32(16), 10]) == symcount.count([784, 16, 10])
    with pytest.raises(WidthError, match="not a bool"):
        symcount.count([784, np.bool_(True), 10])


def test_digit_strings_are_integers() -> None:
    assert symcount.count(["784", "16", "16", "10"]) == 13002


def test_every_error_is_one_family() -> None:
    assert issubclass(WidthError, SymcountError) and issubclass(OptionError, SymcountError)
    assert issubclass(SymcountError, ValueError)


CLI_BAD = [
    (["784", "True", "10"], "width 2 of 3 is 'True': a width is a positive integer or a symbol name ('True' reads as a value"),
    (["784", "w", "10"], None),
    (["784", "16.5", "10"], "width 2 of 3 is '16.5'"),
    (["784", "-3", "10"], "width 2 of 3 is '-3'"),
    (["784", "0", "10"], "width 2 of 3 is '0'"),
    (["784", "nan", "10"], "width 2 of 3 is 'nan'"),
    (["784", "16x", "10"], "width 2 of 3 is '16x'"),
    (["784", "", "10"], "width 2 of 3 is ''"),
    (["784"], "needs at least two widths"),
    ([], "give the layer widths"),
    (["--depth", "0"], "depth is 0"),
    (["--depth", "three"], "argument --depth/-l: invalid integer: 'three' (digits 0-9)"),
    (["784", "10", "--bias", "some"], "argument --bias: invalid choice: 'some'"),
    (["784", "10", "--format", "pdf"], "argument --format/-f: invalid choice: 'pdf'"),
    (["--depth", "3", "--name", "9"], "name is '9'"),
    (["784", "10", "--depth", "3"], "either WIDTHs or --depth"),
    (["--general", "784", "10"], "--general has a symbolic depth"),
    (["784", "10", "--uniform"], "--form and --uniform go with --general"),
    (["--general", "--form", "tidy"], "argument --form: invalid choice: 'tidy'"),
    (["--general", "--name", "h_"], "name is 'h_': expected a name such as 'h' or 'n'"),
    (["--general", "--name", "9"], "name is '9'"),
    (["784", "10", "-f", "latex", "--style", "fancy"], "argument --style: invalid choice: 'fancy'"),
    (["784", "10", "-f", "latex", "--head", "0"], "head is 0: expected an integer >= 1"),
    (["--depth", "3", "-f", "latex", "--style", "worked"], "the worked style needs numbers"),
    (["--general", "-f", "latex", "--last", "l*2"], "last is 'l*2'"),
    (["784", "10", "-f", "markdown", "--mode", "inline"], "mode does not apply to markdown(): it puts the formula between $$ lines itself"),
    (["model"], "give a family (gpt2, bert, llama, a model_type) or --config, once"),
    (["model", "gpt2", "--hidden-size", "3"], "gpt2 has no field 'hidden_size'"),
    (["model", "gpt2", "--n-embd", "0"], "gpt2 n_embd is '0'"),
    (["model", "--config", "/nonexistent.json"], "cannot read the config"),
    (["model", "llama5"], "argument family: invalid choice: 'llama5'"),
    (["model", "mixtral", "--num-experts-galore", "3"], "mixtral has no field 'num_experts_galore'"),
    (["model", "mixtral", "--num-local-experts"], "--num-local-experts needs a value"),
    (["model", "mixtral", "--head", "masked-lm"], "head is 'masked-lm': a mixtral model has"),
    (["model", "gpt2", "--head", "model"], "--head goes with --config or a Hugging Face model_type"),
    (["model", "deepseek_v2", "--num-hidden-layers", "4", "--first-k-dense-replace", "1"], None),
    (["model", "resnet", "--depth", "20"], "resnet depth is 20: expected one of 18, 34, 50, 101, 152"),
    (["model", "vgg", "--num-classes", "0"], "vgg num_classes is '0'"),
]


@pytest.mark.parametrize("argv, message", CLI_BAD)
def test_cli_bad_input_one_line_exit_2(argv: list[str], message: str | None) -> None:
    run = subprocess.run([sys.executable, "-m", "symcount", *argv], capture_output=True, text=True, timeout=120)
    if message is None:
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and re.match(r"symcount( model| check)?: error: ", lines[0])
    assert message in lines[0]


def test_messages_quote_long_values_briefly() -> None:
    with pytest.raises(WidthError) as info:
        symcount.mlp([1, "1x" * (5 * 10**6), 2])
    assert len(str(info.value)) < 300 and "(10000002 characters)" in str(info.value)
    with pytest.raises(OptionError) as info2:
        symcount.mlp([1, 2, 3], bias=[True] * 10**5)
    assert len(str(info2.value)) < 300 and "or 2 bools" in str(info2.value)


def test_substitution_values_must_be_a_mapping() -> None:
    with pytest.raises(OptionError, match=r"values is \[1\]: expected a mapping"):
        symcount.mlp(2).subs([1])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad, message",
    [
        (True, "is True: a width is a positive integer or a symbol name, not a bool"),
        (False, "is False: a width is a positive integer or a symbol name, not a bool"),
        (0, "is 0: a width is a positive integer or a symbol name"),
        (-5, "is -5: a width is a positive integer or a symbol name"),
        (1.0, "is 1.0: a width is a positive integer or a symbol name, not a float (symcount counts exactly)"),
        (700.0, "is 700.0: a width is a positive integer or a symbol name, not a float (symcount counts exactly)"),
        ("w", None),
    ],
)
def test_a_bad_width_deep_in_a_long_list_of_ints(bad: object, message: str | None) -> None:
    """The quick checks of long int lists hand any doubt to the width-by-width check, which names it."""
    widths: list[object] = [1, 2, 300, 1] * 25_000 + [7]
    widths[60_001] = bad
    for call in (lambda: symcount.count(widths), lambda: symcount.mlp(widths).count()):
        if message is None:
            with pytest.raises(symcount.UnresolvedError):
                call()
            continue
        with pytest.raises(WidthError) as info:
            call()
        assert str(info.value) == f"width 60002 of 100001 {message}"


def test_long_lists_of_ints_count_as_the_loop_does() -> None:
    import enum

    class Size(enum.IntEnum):
        SMALL = 3
        LARGE = 700

    widths = [1, 5, 1, 2**40, 1, 300, 2**63 + 5, 2**70, Size.SMALL, Size.LARGE, 1] * 300
    expected = sum(int(a) * int(b) + int(b) for a, b in zip(widths, widths[1:]))
    assert symcount.count(widths) == expected == symcount.mlp(widths).count()
    assert symcount.count(tuple(widths), bias="none") == expected - sum(map(int, widths[1:]))


def test_numpy_widths_in_long_lists() -> None:
    np = pytest.importorskip("numpy")
    widths = [784, 16, 1] * 1000
    assert symcount.count([np.int64(w) for w in widths]) == symcount.count(widths)
    for bad in (np.bool_(True), np.bool_(False), np.float64(16.0)):
        with pytest.raises(WidthError, match="width 1501 of 3000"):
            symcount.count(widths[:1500] + [bad] + widths[1501:])

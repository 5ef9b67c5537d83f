"""Bad and huge input at every entry point: one of symcount's errors or the exact answer, bounded work, nothing left behind.

One test (or a few) for each case the hostile-input issue lists. Ground
truth is Python's own integer arithmetic, with ``decimal`` (not our code) to
write integers past Python's 4300-digit ``str()`` limit.
"""

from __future__ import annotations

import decimal
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symcount
from symcount import OptionError, SymcountError, WidthError, general, mlp, models, solve_width, sweep
from symcount.budget import _largest_within

ROOT = Path(__file__).resolve().parent.parent


def text_of(n: int) -> str:
    """The decimal digits of ``n``, written by ``decimal`` (no 4300-digit limit), not by symcount."""
    with decimal.localcontext() as ctx:
        ctx.prec = decimal.MAX_PREC
        return str(decimal.Decimal(n))


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "symcount", *args], capture_output=True, text=True, input=stdin,
                          env=env, cwd=cwd, timeout=120)


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, one line on standard error naming the words, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)


# -- exact integers of any size ---------------------------------------------------------------


BIG = 10**3000


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown", "pretty", "tex"])
def test_widths_of_three_thousand_digits_print_in_every_format(fmt: str) -> None:
    done = run(text_of(BIG + 1), text_of(BIG + 3), "--format", fmt)
    assert done.returncode == 0, done.stderr[-400:]
    total = (BIG + 1) * (BIG + 3) + BIG + 3
    assert text_of(total) in done.stdout.replace(",", "").replace("{,}", "")
    if fmt == "json":
        assert json.loads(done.stdout, parse_int=lambda s: int(decimal.Decimal(s)))["total"] == total


def test_solve_width_with_a_budget_of_five_thousand_digits() -> None:
    budget = 10**5000
    s = solve_width(budget, mlp([784, "w", "w", 10]))
    count = lambda w: 784 * w + w + w * w + w + 10 * w + 10  # noqa: E731
    assert count(s.value) <= budget < count(s.value + 1)
    assert s.count == count(s.value)
    assert text_of(s.value) in s.to_text() and text_of(budget) in s.to_text()


def test_solve_on_the_command_line_with_a_huge_budget() -> None:
    budget = 10**5000 + 7
    done = run("solve", text_of(budget), "--widths", "784", "w", "10", "--format", "json")
    assert done.returncode == 0, done.stderr[-400:]
    data = json.loads(done.stdout, parse_int=lambda s: int(decimal.Decimal(s)))
    value = data["value"]
    assert 795 * value + 10 <= budget < 795 * (value + 1) + 10


def test_a_start_index_past_the_limit_is_refused_by_name() -> None:
    with pytest.raises(OptionError, match="start is an integer of 5001 digits: expected an integer from 0 to 1000000"):
        mlp(3, start=10**5000)


def test_a_config_with_a_five_thousand_digit_field(tmp_path: Path) -> None:
    vocab = 10**5000 + 1
    config = tmp_path / "config.json"
    config.write_text(
        '{"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": ' + text_of(vocab)
        + ', "n_positions": 8, "n_embd": 4, "n_layer": 1, "n_head": 2}'
    )
    net = models.from_config(str(config))
    small = models.from_config({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "vocab_size": 1,
                                "n_positions": 8, "n_embd": 4, "n_layer": 1, "n_head": 2})
    assert net.count() == small.count() + (vocab - 1) * 4  # the token embedding (tied head): vocab x n_embd
    done = run("model", "--config", str(config), "--format", "json")
    assert done.returncode == 0, done.stderr[-400:]
    assert json.loads(done.stdout, parse_int=lambda s: int(decimal.Decimal(s)))["total"] == net.count()


def test_a_sweep_of_huge_values_writes_every_digit() -> None:
    v = 10**5000
    s = sweep(mlp([784, "w", 10]), {"w": [v, v + 1]})
    assert s.to_csv().splitlines()[1] == f"{text_of(v)},{text_of(795 * v + 10)}"


# -- types at the door ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: models.from_config({"model_type": ["gpt2"]}), "model_type is ['gpt2']"),
        (lambda: models.from_config(None), "config is None"),  # type: ignore[arg-type]
        (lambda: symcount.check("h0*h1", bias=["all"]), "bias is ['all']: expected one of 'all', 'hidden', 'none'"),
        (lambda: general().form(["split"]), "form is ['split']: expected one of"),  # type: ignore[arg-type]
        (lambda: models.resnet(depth=[50]), "resnet depth is [50]: expected one of 18, 34, 50, 101, 152"),  # type: ignore[arg-type]
        (lambda: models.resnet(depth=50.0), "resnet depth is 50.0: expected one of"),  # type: ignore[arg-type]
        (lambda: symcount.Network(5), "layers is 5: expected a list of symcount layers"),  # type: ignore[arg-type]
        (lambda: sweep(mlp([784, "w", 10]), {"w": 5}), "the grid's values of w are 5: expected a list or range"),  # type: ignore[dict-item]
        (lambda: sweep(2 ** symcount.symbol("w"), {"w": [1, 2]}), "a sweep counts polynomials"),
    ],
)
def test_wrong_types_get_our_error_naming_the_value(call: object, words: str) -> None:
    with pytest.raises(SymcountError) as info:
        call()  # type: ignore[operator]
    assert words in str(info.value)


def test_a_message_quotes_a_deeply_nested_value_shortly() -> None:
    nested: list[object] = []
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(WidthError) as info:
        mlp([784, nested, 10])
    assert len(str(info.value)) < 200 and "[[[[...]]]]" in str(info.value)


def test_a_config_nested_a_hundred_thousand_deep(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"model_type": "gpt2", "n_embd": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(OptionError, match="nested too deep"):
        models.from_config(str(config))
    refused(run("model", "--config", str(config)), "nested too deep")


# -- work bounded by limits ------------------------------------------------------------------------


def test_the_ellipsis_head_and_tail_are_bounded() -> None:
    with pytest.raises(OptionError, match="head is 10000000: expected an integer from 1 to 100"):
        symcount.latex(general(), style="ellipsis", head=10**7)
    refused(run("--depth", "3", "--format", "latex", "--style", "ellipsis", "--head", "100000000"), "head is 100000000")


@pytest.mark.parametrize(
    "rule, words",
    [
        (lambda g: g.i**100, "a power of i above 8"),
        (lambda g: 2 ** (2**g.i), "is not i**p or b**i"),
        (lambda g: g.i * 2**g.i + g.i * 3**g.i, "beside an exponential b**i"),
        (lambda g: sympy.factorial(g.i), "is not i**p or b**i"),
    ],
)
def test_closed_form_rules_are_bounded_before_sympy_sums_them(rule: object, words: str) -> None:
    g = general()
    with pytest.raises(OptionError, match=words.replace("*", r"\*")):
        g.closed(rule(g))  # type: ignore[operator]


def test_a_rule_count_is_bounded_before_its_widths_are_made() -> None:
    g = general()
    with pytest.raises(OptionError, match="is not i\\*\\*p or b\\*\\*i"):
        g.count(2 ** (2**g.i), depth=40)
    with pytest.raises(OptionError, match="widths run to about"):
        g.count(7**g.i, depth=10**5)
    with pytest.raises(OptionError, match="depth is 1000000: expected an integer from 1 to 100000"):
        g.count(7**g.i, depth=10**6)
    assert g.count(2**g.i, depth=5) == symcount.count([2**k for k in range(6)])


def test_the_expanded_form_and_closed_counts_are_bounded() -> None:
    with pytest.raises(OptionError, match="depth is 100000: expected an integer from 1 to 1000"):
        general().form("expanded", depth=10**5)
    w = symcount.symbol("w")
    with pytest.raises(OptionError, match="the count would have about"):
        general().closed(w * 2**general().i).count(10**9, w=1)


def test_a_sweep_grid_is_bounded_before_it_is_listed() -> None:
    with pytest.raises(OptionError, match="1,000,000,000 values, more than a sweep's 1,000,000 points"):
        sweep(mlp([784, "w", 10]), {"w": range(1, 10**9 + 1)})
    refused(run("sweep", "--widths", "784", "w", "10", "--grid", "w=1:1000000000:1"), "1,000,000,000 values")


@pytest.mark.parametrize("option", ["--config", "check --file"])
def test_files_are_read_no_further_than_a_limit(option: str) -> None:
    args = ["model", "--config", "/dev/zero"] if option == "--config" else ["check", "--file", "/dev/zero"]
    refused(run(*args), "/dev/zero", "larger than")


# -- names ---------------------------------------------------------------------------------------------


def test_names_that_collide_with_the_general_forms_own_symbols_are_refused() -> None:
    g = general()
    with pytest.raises(OptionError, match="rule is 'l': l is the depth"):
        g.closed("l")
    with pytest.raises(OptionError, match="name is 'l': l is the depth"):
        general(name="l")
    with pytest.raises(OptionError, match="name is 'i': i is the summation index"):
        general(name="i")
    with pytest.raises(OptionError, match="l is given: l is the depth, given as depth="):
        g.uniform().count(3, l=5, n_in=1, w=1, n_out=1)
    with pytest.raises(OptionError, match="'x' is not a size of this closed form"):
        g.uniform().count(3, x=5, n_in=1, w=1, n_out=1)
    assert g.closed("w").count(3, w=5) == symcount.count([5, 5, 5, 5])  # 90, as the issue says


def test_sympy_constant_names_are_plain_sizes() -> None:
    names = ["pi", "E", "I", "N", "S", "l", "i"]
    values = dict(zip(names, range(2, 9)))
    net = mlp([*names, 3])
    assert net.count(values) == symcount.count([*values.values(), 3])


@pytest.mark.parametrize("rule", [-1, 0, sympy.Rational(1, 2), sympy.I, -symcount.symbol("w")])
def test_a_closed_form_refuses_widths_that_are_not_positive_integers(rule: object) -> None:
    with pytest.raises(OptionError, match="rule is"):
        general().closed(rule)


@pytest.mark.parametrize("name", ["a__b", "x_", "x__"])
def test_names_sympy_would_print_as_powers_or_empty_subscripts_are_refused(name: str) -> None:
    with pytest.raises(WidthError, match="no double _ and no _ at the end"):
        mlp([name, 3])


@pytest.mark.parametrize("name", ["n_l", "x_", "a__b"])
def test_a_width_family_name_has_no_underscore(name: str) -> None:
    for call in (lambda: general(name=name), lambda: mlp(2, name=name), lambda: symcount.latex(mlp(2), name=name)):
        with pytest.raises(OptionError, match="no _"):
            call()
    refused(run("--general", "--name", name, "--format", "latex"), "no _")


def test_a_users_sympy_symbol_is_the_size_of_its_name() -> None:
    w = sympy.Symbol("w")
    assert mlp([784, w]).count(w=16) == 784 * 16 + 16
    assert mlp([784, w, 2 * w, 10]).count(w=16) == symcount.count([784, 16, 32, 10])
    with pytest.raises(WidthError, match="declared not a positive integer"):
        mlp([784, sympy.Symbol("w", negative=True)])


def test_fullwidth_digits_are_refused_everywhere_on_the_command_line() -> None:
    refused(run("sweep", "--widths", "784", "w", "10", "--grid", "w=１６,32"), "digits 0-9")
    refused(run("--depth", "３"), "digits 0-9")
    refused(run("７８４", "16"), "７８４")


def test_model_options_that_do_not_apply_are_refused() -> None:
    refused(run("model", "vgg", "--width", "3"), "--width goes with resnet")
    refused(run("model", "resnet", "--depth", "50.0"), "50.0")


# -- outputs all or nothing ------------------------------------------------------------------------------


SWEEP = ["sweep", "--widths", "784", "w", "10", "--grid", "w=16,32"]


def test_a_failed_output_leaves_no_plot_behind(tmp_path: Path) -> None:
    refused(run(*SWEEP, "--output", "/nonexistent/o.csv", "--plot", "left.png", cwd=tmp_path), "/nonexistent/o.csv")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "plot, words",
    [("/dev/full", "names no image format"), ("p.xyz", "names no image format"), ("/nonexistent/p.png", "/nonexistent/p.png")],
)
def test_bad_plot_paths_are_refused_with_exit_2(tmp_path: Path, plot: str, words: str) -> None:
    refused(run(*SWEEP, "--output", "o.csv", "--plot", plot, cwd=tmp_path), words)
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_is_an_error() -> None:
    refused(run(*SWEEP, "--output", "/dev/full"), "/dev/full", "No space left")


def test_outputs_are_written_whole(tmp_path: Path) -> None:
    (tmp_path / "o.csv").write_text("old")
    done = run(*SWEEP, "--output", "o.csv", "--plot", "p.svg", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o.csv").read_text() == "w,count\n16,12730\n32,25450\n"
    assert (tmp_path / "p.svg").read_text().lstrip().startswith("<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "p.svg"]  # no temporary left


def test_an_output_through_a_link_writes_what_it_names(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("old")
    (tmp_path / "link.csv").symlink_to("real.csv")
    assert run(*SWEEP, "--output", "link.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text().startswith("w,count\n")


# -- solve_width never fails where an answer exists ------------------------------------------------


def test_solve_width_where_the_numeric_root_fails() -> None:
    net = symcount.Network([symcount.Conv("w", "w", ("w", "w", "w"), dims=3)])
    s = solve_width(10**30, net)
    count = lambda w: w**5 + w  # noqa: E731  -- a 3-d conv of w channels in and out, a w x w x w kernel, bias
    assert count(s.value) <= 10**30 < count(s.value + 1)


@settings(max_examples=300, deadline=None)
@given(
    a=st.integers(1, 50), power=st.integers(1, 5), c=st.integers(0, 3),
    budget=st.integers(1, 10**5), step=st.integers(1, 7), low_k=st.integers(1, 3),
    span=st.one_of(st.none(), st.integers(0, 100)), guess=st.one_of(st.none(), st.integers(0, 10**40)),
)
def test_the_integer_search_finds_the_largest_value_within_the_budget(
    a: int, power: int, c: int, budget: int, step: int, low_k: int, span: int | None, guess: int | None
) -> None:
    count = lambda v: a * v**power + c * v  # noqa: E731
    low = step * low_k
    if count(low) > budget:
        return
    high = None if span is None else low + step * span
    top = high if high is not None else budget  # count(v) >= v: nothing past the budget fits
    fits = [v for v in range(low, top + 1, step) if count(v) <= budget]
    assert _largest_within(count, budget, low, high, step, guess) == max(fits)


@pytest.mark.parametrize(
    "args",
    [["784", "16", "10"], ["check", "h0*h1 + h1", "--depth", "1"], ["model", "gpt2"],
     ["solve", "1000", "--widths", "784", "w", "10"], ["sweep", "--widths", "784", "w", "10", "--grid", "w=1,2"]],
)
def test_a_full_standard_output_is_an_error_not_a_traceback(args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "symcount", *args], stdout=full, stderr=subprocess.PIPE, text=True,
                              env=env, timeout=120)
    refused(done, "cannot write standard output: No space left on device")


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: symcount.Linear((16,), 8), "linear in_features is (16,) of type tuple"),
        (lambda: symcount.GroupNorm((16,), 8), "groupnorm num_groups is (16,) of type tuple"),
        (lambda: symcount.Conv(8, 8, 3, dims=True), "dims is True: expected one of 1, 2, 3"),
        (lambda: symcount.Recurrent(["lstm"], 8, 8), "cell is ['lstm']"),  # type: ignore[arg-type]
        (lambda: symcount.Recurrent("lstm", 8, 8, proj_size=False), "lstm proj_size is False"),
        (lambda: mlp([3, 4]).summary().memory(["fp32"]), "dtype is ['fp32']"),  # type: ignore[arg-type]
        (lambda: symcount.Parameter((4,) * 100), "parameter shape has 100 sizes: a shape has at most 64"),
        (lambda: symcount.Network([symcount.Attention(8, 10**5000)]).count(), "not divisible by an integer of 5001 digits"),
        (lambda: symcount.Network([symcount.Linear(3, 4)], frozen="abc"), "frozen is 'abc'"),
        (lambda: symcount.Network([symcount.Linear(3, 4)], paper={"w": 5}), "paper is {'w': 5}"),
    ],
)
def test_layer_doors(call: object, words: str) -> None:
    with pytest.raises(SymcountError) as info:
        call()  # type: ignore[operator]
    assert words in str(info.value)


DEEP: list[object] = []
for _ in range(100_000):
    DEEP = [DEEP]


@pytest.mark.parametrize(
    "call, words",
    [
        # symbols: the public symbol() applies the name rule every other door does
        (lambda: symcount.symbol(""), "name is '': expected a size name"),
        (lambda: symcount.symbol("a b"), "name is 'a b'"),
        (lambda: symcount.symbol([]), "name is []"),  # type: ignore[arg-type]
        (lambda: symcount.width_symbols(10**7), "depth is 10000000: expected an integer from 1 to 1000000"),
        (lambda: mlp(10**7), "depth is 10000000: expected an integer from 1 to 100000"),
        (lambda: mlp([1] * 100_003), "widths has 100,003 widths"),
        (lambda: mlp(3).sum_form("bogus"), "form is 'bogus': expected one of 'split', 'combined', 'per_neuron'"),
        (lambda: mlp(3).summary().sum_form(None), "form is None"),  # type: ignore[arg-type]
        # printing: what it cannot print, settings it does not have, a shift of 5000 digits
        (lambda: symcount.latex(None), "cannot print None: expected a symcount result"),
        (lambda: symcount.latex(DEEP), "cannot print [[[[...]]]]"),
        (lambda: symcount.markdown(symcount.Linear(4, 4)), "a layer prints in a network: Network([layer])"),
        (lambda: symcount.latex(mlp(3), foo=1), "no setting 'foo': the settings are"),
        (lambda: symcount.tex_document(mlp(3), mul_symbol=5), "mul_symbol is 5: expected one of 'times', 'dot', 'ldot'"),
        (lambda: symcount.latex(general(), last="l-" + "9" * 5000), "(a shift of at most 6 digits)"),
        # networks: a window past the end, a size given twice, a part name that is no string
        (lambda: list(mlp([784, 16, 10]).records(0, 10**20)), "stop is 100000000000000000000: expected an integer from 0 to 2"),
        (lambda: mlp([784, "w", 10]).count({"w": 16, sympy.Symbol("w"): 17}), "w is given twice in the mapping"),
        (lambda: models.gpt2().freeze("embeddings").is_frozen(None), "name is None: expected a row's name"),  # type: ignore[arg-type]
        (lambda: symcount.Repeat(symcount.Linear(4, 4), 3), "block is Linear(in_features=4, out_features=4): expected a list"),  # type: ignore[arg-type]
        (lambda: symcount.Block(None, "b"), "layers is None: expected a list of symcount layers"),  # type: ignore[arg-type]
        (lambda: symcount.Repeat([symcount.Linear(4, 4)] * 10**6, 3), "block has more than 100,000 layers"),
        (lambda: symcount.Linear(4, 4).named("x" * 10**7), "at most 200 characters"),
        # heads that do not divide the width, as torch and transformers refuse them
        (lambda: symcount.MultiheadAttention(8, 3).count(), "attention embed_dim / num_heads: 8 is not divisible by 3"),
        (lambda: symcount.Attention(8, 4, 3).count(), "num_heads / num_key_value_heads: 4 is not divisible by 3"),
        (lambda: symcount.Attention(8, 2, 4).count(), "num_heads / num_key_value_heads: 2 is not divisible by 4"),
        (lambda: models.llama(hidden_size=4096, num_attention_heads=7).total, "4096 is not divisible by 7"),
        (lambda: models.gpt2(n_embd=768, n_head=7).total, "768 is not divisible by 7"),
        # the general form's methods
        (lambda: general().to_dict(5), "kinds is 5"),  # type: ignore[arg-type]
        (lambda: general().to_text([]), "kinds is []"),
        (lambda: general().expand(None, 3), "expr is None: expected a SymPy formula"),
        (lambda: general().expand(general().total, 10**5), "depth is 100000: expected an integer from 1 to 1000"),
        (lambda: general().replace_widths(general().total, None), "f is None"),  # type: ignore[arg-type]
        (lambda: general().count([784, "w"]), "'w' is still a symbol"),
        (lambda: general().count(sympy.I, depth=3), "I is no rational number"),
        (lambda: general().count(5, depth=10**6), "depth is 1000000: expected an integer from 1 to 100000"),
        (lambda: general().uniform().cases(None), "expr is None"),
        # budgets
        (lambda: solve_width(10**6, mlp([784, "w", 10]), multiple_of=None), "multiple_of is None"),  # type: ignore[arg-type]
        (lambda: solve_width(10**6, mlp([784, 1000 - sympy.Symbol("w"), 10])), "a count that grows with w"),
        (lambda: solve_width(10**6, mlp([784, sympy.Symbol("w") * (1000 - sympy.Symbol("w")), 10])), "a count that grows with w"),
        (lambda: sweep(sympy.Symbol("w") * sympy.I, {"w": [1, 2]}), "with rational coefficients"),
        (lambda: sweep(mlp([784, "w", 10]), {"w": [1, 2]}).figure("xyz"), "fmt is 'xyz': expected a plot format"),
        # the checker's options
        (lambda: symcount.check("h0*h1+h1", depth="3"), "depth is '3'"),  # type: ignore[arg-type]
        (lambda: symcount.check("h0*h1+h1", depth=10**5000), "depth is an integer of 5001 digits"),
        (lambda: symcount.check("h0*h1+h1", against="lstm d n", map=5), "map is 5"),  # type: ignore[arg-type]
        (lambda: symcount.check("h0*h1+h1", against="lstm d n", map={5: "x"}), "map is {5: 'x'}"),  # type: ignore[dict-item]
        (lambda: symcount.check(((None, 29), None)), "formula is ((None, 29), None): expected the formula as text"),  # type: ignore[arg-type]
        (lambda: symcount.check("4*(h*(h+d)+h)", against=symcount.Linear(4, 4)), "whose sizes are all numbers"),
        # model families: listed layers, exact arithmetic on huge sizes
        (lambda: models.family("deepseek_v3", num_hidden_layers=10**9), "lists at most 100,000"),
        (lambda: models.family("qwen2_moe", num_hidden_layers=10**9, decoder_sparse_step=2), "lists at most 100,000"),
        (lambda: symcount.Conv(8, 8, (-(10**5000), 2)), "kernel_size is a negative integer of 5001 digits"),
    ],
)
def test_doors_of_the_second_part(call: object, words: str) -> None:
    with pytest.raises(SymcountError) as info:
        call()  # type: ignore[operator]
    assert words in str(info.value)


def test_a_sum_symcount_builds_is_not_equal_to_a_number() -> None:
    total = mlp(3).total
    assert not total == 0 and not 0 == total and total != 0 and total is not None and not total == None  # noqa: E711
    assert 0 not in [total] and sympy.Matrix([total])[0] == total


def test_a_count_that_grows_through_floors_is_solved() -> None:
    from symcount.budget import _grows

    w = symcount.symbol("w")
    assert _grows(768 * sympy.floor(w / 16) ** 2 + 85, w) and _grows(w * sympy.ceiling(w / 16) + w, w)
    assert not _grows(w * (1000 - w), w) and not _grows(sympy.floor(1000 / w) + w, w)
    assert mlp([784, "w", 10]).count({"w": 16}, w=17) == symcount.count([784, 17, 10])  # a keyword overrides, as in dict()


def test_a_solved_width_the_heads_do_not_divide_is_refused_not_given() -> None:
    net = models.gpt2(vocab_size=50257, n_positions=1024, n_layer=12, n_head=12)
    assert solve_width(124_439_808, net, multiple_of=64).value == 768  # GPT-2 small: 768 / 12 heads
    with pytest.raises(OptionError, match=r"the largest n_embd within the budget, 770, makes no network .*not divisible by 12"):
        solve_width(int(net.total.subs(symcount.symbol("n_embd"), 770)), net, multiple_of=2)  # the formula's count at 770


def test_a_sweep_and_a_solved_width_of_a_5000_digit_network_are_exact() -> None:
    big = 10**5000 + 7
    s = sweep(mlp([1, "w", big]), {"w": [1, 2, 3]})
    assert [count for _, count in s.rows] == [symcount.count([1, w, big]) for w in (1, 2, 3)]
    budget = 10**6000
    v = solve_width(budget, mlp([big, "w", 3])).value
    assert symcount.count([big, v, 3]) <= budget < symcount.count([big, v + 1, 3])


def test_a_closed_form_counts_at_a_5000_digit_depth() -> None:
    c = general().uniform()
    depth = 10**5000
    n_in, w, n_out = 4, 5, 6
    # weights n_in w + (l - 2) w^2 + w n_out, biases (l - 1) w + n_out: the uniform network written out
    assert c.count(depth, n_in=n_in, w=w, n_out=n_out) == n_in * w + (depth - 2) * w * w + w * n_out + (depth - 1) * w + n_out


def test_a_huge_mamba_width_is_exact() -> None:
    d = 10**5000
    net = models.family("mamba", hidden_size=d, vocab_size=3, num_hidden_layers=1, state_size=2)
    assert net.count() > 0
    assert -(-d // 16) == d // 16  # the time-step rank, ceil(d / 16), taken in integers (a float overflows)


@pytest.mark.parametrize(
    "make",
    ["Linear(B, 8)", "Dense(8, B)", "Embedding(B, 8)", "LayerNorm(B)", "BatchNorm(B)", "GroupNorm(2, 2 * B)", "Conv(8, 8, B)",
     "MultiheadAttention(2 * B, 2)", "Attention(8, 2, head_dim=B)", "GatedMLP(8, B)", "Experts(B, 8, 4, 2)", "Parameter((4, B))",
     "Recurrent('lstm', 8, 8, proj_size=B)", "Repeat([Linear(4, 4)], B)", "decoder_block(2 * B, 2, 16)"],
)
def test_a_huge_size_prints_in_every_output(make: str) -> None:
    layer = eval(make, {"B": 10**5000, **{n: getattr(symcount, n) for n in symcount.__all__}})  # noqa: S307 - our own test text
    net = symcount.Network([layer])
    layer.describe()  # a kind's name, or its sizes too
    for out in (repr(layer), net.summary().to_text(), symcount.latex(net), symcount.markdown(net), symcount.latex(net, style="table")):
        assert "0" * 4400 in out
    data = json.loads(symcount._display.to_json(net.summary().to_dict()), parse_int=decimal.Decimal)
    assert text_of(net.count()) == str(data["total"])


def test_json_puts_many_huge_integers_back_in_one_pass() -> None:
    values = [10**5000 + k for k in range(300)] + ["\x00", 7]
    data = json.loads(symcount._display.to_json({"v": values}), parse_int=decimal.Decimal)
    assert [str(v) for v in data["v"][:300]] == [text_of(v) for v in values[:300]] and data["v"][300:] == ["\x00", 7]


def test_uniform_with_another_form_and_a_grid_given_twice_are_refused(tmp_path: Path) -> None:
    refused(run("--general", "--form", "split", "--uniform"), "--uniform is the closed form")
    refused(run("sweep", "--widths", "784", "w", "10", "--grid", "w=1,2", "--grid", "w=3", cwd=tmp_path), "--grid gives w twice")
    assert not list(tmp_path.iterdir())


def test_a_deep_symbolic_table_is_refused_and_the_general_form_offered() -> None:
    refused(run("--depth", "100000"), "--depth is 100,000", "at most 10,000 layers", "symcount --general")
    done = run("--depth", "2000")
    assert done.returncode == 0 and done.stdout.count("\n") > 2000


def test_a_line_break_in_a_bad_value_stays_on_one_line() -> None:
    refused(run("check", "h0*h1", "--legend", "a\nb\u2028c"), r"a\nb\u2028c")


def test_from_torch_doors() -> None:
    torch = pytest.importorskip("torch")  # in CI, conftest makes this skip a failure
    with pytest.raises(OptionError, match="names is 5: expected a mapping"):
        symcount.from_torch(torch.nn.Linear(4, 4), names=5)  # type: ignore[arg-type]
    module = torch.nn.Linear(4, 4)
    for _ in range(3000):
        module = torch.nn.Sequential(module)
    with pytest.raises(OptionError, match="nests its modules too deep"):
        symcount.from_torch(module)


_SYMBOLS = [symcount.symbol(n) for n in ("h0", "h1", "h2", "h9", "h10", "w", "d", "L", "V", "n_in")] + [sympy.Symbol("x"), sympy.Symbol("y", positive=True), sympy.Symbol("h0"), sympy.IndexedBase("h")[1]]
_TERM = st.tuples(st.integers(-5, 1000), st.lists(st.tuples(st.sampled_from(_SYMBOLS), st.integers(1, 3)), max_size=3))


@settings(max_examples=400, deadline=None)
@given(st.lists(_TERM, min_size=1, max_size=14))
def test_a_sum_symcount_builds_prints_as_sympys_own(terms: list[tuple[int, list[tuple[object, int]]]]) -> None:
    """The sum a network's total is: SymPy's Add in value, hash, srepr and printed text, ordered in n log n."""
    from symcount.symbols import flat_sum

    plain = sympy.Add(*[c * sympy.Mul(*[s**e for s, e in fs]) for c, fs in terms])  # type: ignore[operator]
    ours = flat_sum(list(sympy.Add.make_args(plain)))
    assert ours.as_ordered_terms() == plain.as_ordered_terms()
    assert str(ours) == str(plain) and sympy.latex(ours) == sympy.latex(plain) and sympy.pretty(ours) == sympy.pretty(plain)
    assert ours == plain and plain == ours and not ours != plain and hash(ours) == hash(plain) and {plain: 1}[ours] == 1
    assert sympy.srepr(ours) == sympy.srepr(plain)
    assert ours.subs(_SYMBOLS[0], 3) == plain.subs(_SYMBOLS[0], 3) and ours + 1 == plain + 1


def test_a_deep_networks_total_stringifies_as_sympy_writes_it() -> None:
    """str(mlp(10**4).total) took 27 s and 3 GB in SymPy's dense ordering; the text is the same, now in n log n."""
    net = mlp(300)
    assert str(net.total) == str(sympy.Add(*net.total.args)) and sympy.latex(net.total) == sympy.latex(sympy.Add(*net.total.args))
    text = str(mlp(10**4).total)  # the time is benchmarks/stringify.py's ratio; here, that it is the sum in full
    assert text.startswith("h0*h1 + h1*h2 + h1 + ") and text.count(" + ") == 2 * 10**4 - 1

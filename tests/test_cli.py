"""The command line: golden outputs, JSON, the console script and ``python -m``."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from symcount.cli import main

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "forum-784-16-16-10.txt": ["784", "16", "16", "10"],
    "forum-no-output-bias.txt": ["784", "16", "16", "10", "--bias", "hidden"],
    "depth-3.txt": ["--depth", "3"],
    "depth-3-n.txt": ["--depth", "3", "--name", "n", "--bias", "none"],
    "mixed-w.txt": ["784", "w", "w", "10"],
    "forum-784-16-16-10.json": ["784", "16", "16", "10", "--format", "json"],
    "depth-2.json": ["--depth", "2", "--format", "json"],
    "forum-784-16-16-10.tex": ["784", "16", "16", "10", "--format", "latex"],
    "depth-3.tex": ["--depth", "3", "--format", "latex"],
    "forum-grouped.tex": ["784", "16", "16", "10", "--format", "latex", "--style", "worked", "--grouped-biases"],
    "forum-table.md": ["784", "16", "16", "10", "--format", "markdown", "--style", "table"],
    "forum-document.tex": ["784", "16", "16", "10", "--format", "tex"],
    "depth-100-ellipsis.tex": ["--depth", "100", "--format", "latex", "--style", "ellipsis", "--mul-symbol", "dot"],
    "answer-2.tex": ["--general", "--format", "latex", "--style", "ellipsis", "--name", "n", "--last", "l-1", "--head", "3"],
    "answer-3.md": ["--depth", "5", "--format", "markdown", "--bias-group", "brackets", "--mul-symbol", "times"],
    "model-gpt2.txt": ["model", "gpt2", "--vocab-size", "50257", "--n-positions", "1024", "--n-embd", "768",
                       "--n-layer", "12", "--n-head", "12", "--dtype", "bf16"],
    "model-llama.json": ["model", "llama", "--num-key-value-heads", "8", "--dtype", "fp8", "--format", "json"],
    "model-resnet18.json": ["model", "resnet", "--depth", "18", "--num-classes", "1000", "--format", "json"],
    "model-vgg-bn.tex": ["model", "vgg", "--batch-norm", "--format", "latex"],
    "general.txt": ["--general"],
    "general-hidden.tex": ["--general", "--bias", "hidden", "--format", "latex"],
    "general-per-neuron.json": ["--general", "--form", "per_neuron", "--format", "json"],
    "general-uniform.txt": ["--general", "--uniform"],
    "general-uniform-hidden.tex": ["--general", "--uniform", "--bias", "hidden", "--format", "latex"],
    "general-closed-none.json": ["--general", "--form", "closed", "--bias", "none", "--format", "json"],
}


def run_main(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(argv)
    return status, out.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_output(name: str, update_golden: bool) -> None:
    status, out = run_main(CASES[name])
    assert status == 0
    path = GOLDEN / name
    if update_golden:
        path.write_text(out)
    assert out == path.read_text(), f"output differs from {path}; rerun with --update-golden if intended"


def test_forum_numbers_in_json() -> None:
    _, out = run_main(["784", "16", "16", "10", "--format", "json"])
    data = json.loads(out)
    assert (data["weights"], data["biases"], data["total"]) == (12960, 42, 13002)
    assert sum(layer["params"] for layer in data["layers"]) == data["total"]
    assert data["widths"] == [784, 16, 16, 10] and data["bias"] == "all"
    _, out = run_main(["784", "16", "16", "10", "--format", "json", "--bias", "hidden"])
    assert json.loads(out)["total"] == 12992


def test_general_json_matches_the_api() -> None:
    from symcount import general

    _, out = run_main(["--general", "--uniform", "--bias", "hidden", "--format", "json"])
    closed = general("hidden").uniform()
    assert json.loads(out)["total"] == [{"when": c, "formula": str(v)} for c, v in closed.cases(closed.total)]


def test_tex_output_compiles() -> None:
    from .renderers import compiles_document

    for argv in (["784", "16", "16", "10"], ["--depth", "100", "--style", "ellipsis"], ["--general", "--uniform"]):
        _, out = run_main([*argv, "--format", "tex"])
        assert out.startswith("\\documentclass{article}") and compiles_document(out), argv


def test_model_config_and_json(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_type": "bert", "vocab_size": 30522, "hidden_size": 768,
                                  "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072,
                                  "max_position_embeddings": 512, "type_vocab_size": 2,
                                  "architectures": ["BertModel"]}))
    _, out = run_main(["model", "--config", str(config), "--format", "json", "--dtype", "fp16"])
    data = json.loads(out)
    assert data["total"] == data["trainable"] == 109_482_240
    assert data["memory"] == {"dtype": "fp16", "parameters": 2 * 109_482_240, "buffers": 0}
    assert sum(layer["params"] for layer in data["layers"]) == data["total"]


def test_python_dash_m_and_help() -> None:
    run = subprocess.run([sys.executable, "-m", "symcount", "784", "16", "16", "10"], capture_output=True, text=True)
    assert run.returncode == 0 and "total   13002" in run.stdout
    run = subprocess.run([sys.executable, "-m", "symcount", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "--bias" in run.stdout and "symcount 784 16 16 10" in run.stdout


def test_console_script_installed() -> None:
    script = shutil.which("symcount", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    if script is None:
        pytest.skip("the symcount console script is not installed (pip install -e .)")
    run = subprocess.run([script, "784", "16", "16", "10", "--format", "json"], capture_output=True, text=True)
    assert run.returncode == 0 and json.loads(run.stdout)["total"] == 13002


def test_numeric_cli_does_not_import_sympy() -> None:
    # The numeric path must start as fast as Python: importing SymPy costs ~0.45 s.
    code = "import sys; from symcount.cli import main; main(['784', '16', '10']); print('sympy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.splitlines()[-1] == "False"


def test_readme_shows_what_the_cli_prints() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    shown = readme.split("$ symcount 784 16 16 10\n", 1)[1].split("$ ", 1)[0]
    _, out = run_main(["784", "16", "16", "10"])
    assert shown == out


SUBCOMMANDS = {
    "widths": ["784", "16", "16", "10"],
    "depth": ["--depth", "3"],
    "general": ["--general"],
    "uniform": ["--general", "--uniform"],
    "model": ["model", "gpt2"],
    "model numbers": ["model", "gpt2", "--vocab-size", "50257", "--n-positions", "1024", "--n-embd", "768", "--n-layer", "12"],
    "check": ["check", "h0*h1 + h1*h2 + h1 + h2"],
    "solve": ["solve", "1000000", "--widths", "784", "w", "w", "10"],
    "sweep": ["sweep", "--widths", "784", "w", "10", "--grid", "w=16,32"],
}


@pytest.mark.parametrize("fmt", ["text", "pretty", "latex", "markdown", "tex", "json"])
@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_every_subcommand_takes_every_format(name: str, fmt: str) -> None:
    status, out = run_main([*SUBCOMMANDS[name], "--format", fmt])
    assert status == 0 and out.strip()
    if fmt == "json":
        json.loads(out)
    if fmt == "tex":
        from .renderers import compiles_document

        assert out.startswith("\\documentclass{article}") and compiles_document(out), name
    if fmt in ("latex", "markdown"):
        from .renderers import math_of, render_errors

        math = [f for f in math_of(out.strip()) if f[0]] if fmt == "latex" else []
        if fmt == "markdown" and out.startswith("$$"):
            math = math_of(out.strip())
        assert render_errors(math) == [None] * len(math), name


def test_pretty_prints_the_sum_as_a_paper_does() -> None:
    _, out = run_main(["--general", "--format", "pretty"])
    assert "___" in out and "╲" in out and "i = 1" in out
    _, text = run_main(["--general"])
    assert "Sum(h[i - 1]*h[i], (i, 1, l))" in text  # plain ASCII stays available


def test_paper_symbols_on_the_command_line() -> None:
    _, out = run_main(["model", "gpt2", "--symbols", "paper", "--format", "latex", "--style", "factored", "--no-legend"])
    assert out == "L \\left(12 d^{2} + 13 d\\right) + \\left(V + P + 2\\right) d\n"
    _, out = run_main(["model", "gpt2", "--symbols", "paper"])
    assert "total   12*L*d**2 + 13*L*d + P*d + V*d + 2*d" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--general", "-f", "latex", "--style", "table"], "style 'table' does not apply to the general form"),
        (["--general", "--uniform", "-f", "latex", "--style", "table", "--mode", "align"], "does not apply to a closed form"),
        (["784", "10", "--style", "collected"], "--style goes with --format latex, markdown or tex"),
        (["model", "gpt2", "-f", "latex", "--style", "ellipsis"], "style 'ellipsis' does not apply to a symbolic network"),
        (["check", "h0*h1+h1", "-f", "latex", "--style", "table"], "style 'table' does not apply to a check report"),
        (["solve", "100", "--widths", "2", "w", "1", "-f", "latex", "--mode", "inline", "--style", "sum"],
         "style 'sum' does not apply to a solution"),
        (["--depth", "3", "--symbols", "paper"], "h0-h1-h2-h3 has no paper symbols"),
        (["model", "llama", "-f", "latex", "--legend"], None),
    ],
)
def test_refused_combinations_exit_2_with_one_line(argv: list[str], message: str | None) -> None:
    run = subprocess.run([sys.executable, "-m", "symcount", *argv], capture_output=True, text=True, timeout=120)
    if message is None:
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2, run.stdout
    assert "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1
    assert message in run.stderr


MIXTRAL = {"model_type": "mixtral", "architectures": ["MixtralForCausalLM"], "vocab_size": 32000, "hidden_size": 4096,
           "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
           "num_local_experts": 8, "num_experts_per_tok": 2}


def test_model_config_active_head_and_freeze(tmp_path: Path) -> None:
    from symcount import models

    config = tmp_path / "config.json"
    config.write_text(json.dumps(MIXTRAL))
    summary = models.from_config(MIXTRAL).summary()
    _, out = run_main(["model", "--config", str(config), "--active", "--format", "json"])
    assert json.loads(out) == {"network": "mixtral", "active": summary.active, "total": summary.total}
    _, out = run_main(["model", "--config", str(config), "--active"])
    assert out == f"active {summary.active} of {summary.total} parameters per token\n"
    _, out = run_main(["model", "--config", str(config), "--head", "model", "--format", "json"])
    assert json.loads(out)["total"] == models.from_config(MIXTRAL, head="model").count() < summary.total
    _, out = run_main(["model", "--config", str(config), "--freeze", "embeddings", "head", "--format", "json"])
    data = json.loads(out)
    assert data["trainable"] == summary.total - 2 * 32000 * 4096 and data["frozen"] == ["embeddings", "head"]
    _, out = run_main(["model", "--config", str(config), "--active", "--format", "latex"])
    assert out.strip() == str(summary.active)


def test_model_type_with_fields_as_flags() -> None:
    from symcount import models

    sizes = {k: v for k, v in MIXTRAL.items() if k not in ("model_type", "architectures")}
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in sizes.items()]
    _, out = run_main(["model", "mixtral", *flags, "--format", "json"])
    assert json.loads(out)["total"] == models.family("mixtral", **sizes).count() == 46_702_792_704
    _, out = run_main(["model", "mixtral", "--format", "latex", "--symbols", "paper", "--active"])
    assert "k" in out and "E" in out  # the formula keeps the experts a token uses and the router's E
    _, out = run_main(["model", "deepseek_v3", "--num-hidden-layers", "61", "--first-k-dense-replace", "3",
                       "--attention-bias", "false"])
    assert "moe_blocks.mlp.experts" in out

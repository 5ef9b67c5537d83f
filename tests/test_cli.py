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
                                  "max_position_embeddings": 512, "type_vocab_size": 2}))
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

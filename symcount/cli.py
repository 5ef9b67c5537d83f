"""The ``symcount`` command.

    symcount 784 16 16 10             weights, biases, total and a per-layer table
    symcount 784 w w 10               the same as a formula in w
    symcount --depth 3                the formula in h0..h3
    symcount --general                the general formula of depth l, in each named form
    symcount --general --uniform      its closed form for hidden layers of one width
    symcount check "FORMULA"          is this formula right? (symcount check --help)
    symcount model gpt2 --n-embd 768  a model family's count (symcount model --help)
    symcount solve 1000000 --widths 784 w w 10      the widest w within a budget
    symcount sweep --widths 784 w w 10 --grid w=16:1024:16 --output counts.csv
    symcount flops 784 16 16 10 --batch 32    forward and training FLOPs (symcount flops --help)
    symcount memory 784 16 16 10 --optimizer adam   weights, gradients, optimizer state in bytes
    symcount 784 16 16 10 --bias hidden --format json

Bad input prints one line on standard error and exits with status 2. The
numeric path never imports SymPy, so it starts as fast as Python does.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from ._dims import grouped, read_int
from ._options import BIAS_GROUPS, CHECK_TARGETS, DTYPE_BYTES, FORMATS, MODES, MUL_SYMBOLS, STYLES, SUM_FORMS
from .errors import FormulaSyntaxError, SymcountError, UnsupportedError
from .layers import BIAS_CONVENTIONS

__all__ = ["main"]

GENERAL_FORMS = (*SUM_FORMS, "closed")
# The printing options (dest, flag) that only LaTeX, Markdown and .tex output read.
_LATEX_ONLY = ("style", "mul_symbol", "bias_group", "mode", "head", "tail", "last", "grouped_biases", "legend", "line_width")


_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: int() would also read '１６' and '١٦'


def _integer(text: str) -> int:
    """An integer option: ASCII digits (argparse's int would take '１６'), of any length."""
    if not re.fullmatch(r"-?[0-9]+", text):
        raise argparse.ArgumentTypeError(f"invalid integer: {text[:40]!r} (digits 0-9)")
    return read_int(text)


_BYTE_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
               "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def _bytes(text: str) -> int:
    """A number of bytes: digits, optionally with a unit (80GB is 80 * 10^9 bytes, 80GiB 80 * 2^30)."""
    match = re.fullmatch(r"([0-9]+)\s*([KMGT]i?B|B)?", text)
    if not match:
        raise argparse.ArgumentTypeError(f"invalid size: {text[:40]!r} (bytes, such as 80000000000, 80GB or 80GiB)")
    return read_int(match[1]) * _BYTE_UNITS[match[2] or ""]


def _decimal(text: str) -> float:
    """A decimal option such as a width in ems: ASCII digits and one point, a finite float."""
    if not re.fullmatch(r"[0-9]{1,12}(\.[0-9]{1,12})?|\.[0-9]{1,12}", text):
        raise argparse.ArgumentTypeError(f"invalid number: {text[:40]!r} (such as 34.5)")
    return float(text)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors: ``symcount: error: ...`` and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message and status:
            message = _one_line(message.rstrip("\n")) + "\n"  # a value quoted raw (a bad choice, a stray word) may hold a line break
        super().exit(status, message)


_LINE_BREAKS = {c: repr(chr(c))[1:-1] for c in (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)}


def _one_line(text: str) -> str:
    """``text`` with every character ``str.splitlines`` breaks at written as its escape."""
    return text.translate(_LINE_BREAKS)


def _parser() -> _Parser:
    bias_help = "; ".join(f"{k}: {v}" for k, v in BIAS_CONVENTIONS.items())
    p = _Parser(
        prog="symcount",
        description="Count the parameters of a fully connected network, as a formula and as an exact integer.",
        epilog=(
            "examples:\n  symcount 784 16 16 10\n  symcount 784 w w 10 --format latex\n  symcount --depth 3\n"
            "  symcount --general --form per_neuron\n  symcount --general --uniform --bias hidden"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("widths", nargs="*", metavar="WIDTH", help="layer widths, input first: integers or symbol names")
    p.add_argument("--depth", "-l", type=_integer, metavar="L", help="symbolic widths h0..hL instead of WIDTHs")
    p.add_argument("--bias", default="all", choices=tuple(BIAS_CONVENTIONS), help=f"bias convention ({bias_help})")
    _output_options(p, mlp=True)
    p.add_argument("--general", action="store_true", help="the general formula, of symbolic depth l")
    p.add_argument("--form", choices=GENERAL_FORMS, help="with --general: one named form (closed: as --uniform)")
    p.add_argument("--uniform", action="store_true", help="with --general: closed form for input n_in, hidden w, output n_out")
    p.add_argument("--name", default="h", help="width symbol name for --depth and --general (default: h)")
    p.add_argument("--start", type=_integer, default=0, metavar="K", help="index of the first width for --depth (default: 0)")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    return p


def _output_options(p: argparse.ArgumentParser, *, mlp: bool = False) -> None:
    """``--format`` and the printing options, the same on every subcommand."""
    p.add_argument(
        "--format", "-f", default="text", choices=tuple(FORMATS),
        help="; ".join(f"{k}: {v}" for k, v in FORMATS.items()) + " (default: text)",
    )
    latex = p.add_argument_group("LaTeX, Markdown and .tex output")
    latex.add_argument("--style", choices=tuple(STYLES), help="; ".join(f"{k}: {v}" for k, v in STYLES.items()))
    latex.add_argument("--mul-symbol", choices=[k or "none" for k in MUL_SYMBOLS],
                       help="SymPy's mul_symbol: the multiplication sign (none: juxtaposition; default: by style)")
    latex.add_argument("--mode", choices=tuple(MODES), help="; ".join(f"{k}: {v}" for k, v in MODES.items()))
    latex.add_argument("--symbols", choices=("paper",), help="paper: a model family's paper symbols (V, d, L, ...), with a legend")
    latex.add_argument("--legend", action=argparse.BooleanOptionalAction, default=None,
                       help="a line saying what each symbol is (default: with --symbols paper)")
    latex.add_argument("--line-width", type=_decimal, metavar="EM",
                       help="break formulas wider than this many ems at their + signs (default: 34.5, an article page)")
    if mlp:
        latex.add_argument("--bias-group", choices=tuple(BIAS_GROUPS), help="how the bias sum is grouped")
        latex.add_argument("--head", type=_integer, help="ellipsis: terms shown before \\dots (default: 2)")
        latex.add_argument("--tail", type=_integer, help="ellipsis: terms shown after \\dots (default: 1)")
        latex.add_argument("--last", help="ellipsis and sum of the general form: the last index (default: l; e.g. l-1)")
        latex.add_argument("--grouped-biases", action="store_true", default=None,
                           help="worked: hidden biases summed first, as 32 + 10")


def _render(obj: Any, args: argparse.Namespace, parser: _Parser, text: Any = None, data: Any = None) -> str:
    """``obj`` in the chosen format: text (``text()``), pretty, JSON (``data()``), or LaTeX with the printing options."""
    fmt = args.format
    given = {k: getattr(args, k, None) for k in _LATEX_ONLY if getattr(args, k, None) is not None}
    if fmt not in ("latex", "markdown", "tex") and given:
        flag = "--" + next(iter(given)).replace("_", "-")
        parser.error(f"{flag} goes with --format latex, markdown or tex")
    if getattr(args, "symbols", None) == "paper" and fmt not in ("latex", "markdown", "tex"):
        if not hasattr(obj, "with_symbols"):
            parser.error("--symbols paper goes with a model family")
        if text is None:  # a caller that renders text itself renamed the network before
            obj = obj.with_symbols("paper")
    if fmt == "json":
        from ._display import to_json

        return to_json(data() if data is not None else obj.to_dict())
    if fmt == "text":
        return str(text() if text is not None else obj.to_text())
    if fmt == "pretty":
        from ._display import pretty

        return pretty(obj)
    from . import printing

    settings = dict(given)
    if "mul_symbol" in settings:
        settings["mul_symbol"] = None if settings["mul_symbol"] == "none" else settings["mul_symbol"]
    if getattr(args, "symbols", None) == "paper":
        settings["symbol_names"] = "paper"
    form = getattr(args, "form", None)
    if form in ("split", "combined", "per_neuron"):
        settings["form"] = form
    wrap = {"latex": printing.latex, "markdown": printing.markdown, "tex": printing.tex_document}[fmt]
    return str(wrap(obj, **settings))


def _version() -> str:
    from . import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Standard output that cannot be written (``/dev/full``, a closed pipe) is
    one line on standard error and status 2, as any other failure.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        status = _dispatch(argv)
        sys.stdout.flush()  # a full device says so here, not in an exception at exit
    except OSError as err:
        try:  # nothing more goes to the broken stream, not even Python's flush at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        command = "symcount" + (f" {argv[0]}" if argv[:1] in (["check"], ["model"], ["sweep"], ["solve"], ["flops"], ["memory"]) else "")
        sys.stderr.write(f"{command}: error: cannot write standard output: {err.strerror or err}\n")
        return 2
    return status


def _dispatch(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        return _check_main(argv[1:])
    if argv[:1] == ["model"]:
        return _model_main(argv[1:])
    if argv[:1] in (["sweep"], ["solve"]):
        return _budget_main(argv[0], argv[1:])
    if argv[:1] == ["flops"]:
        return _flops_main(argv[1:])
    if argv[:1] == ["memory"]:
        return _memory_main(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        text = _run(args, parser)
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(text + "\n")
    return 0


def _check_parser() -> _Parser:
    p = _Parser(
        prog="symcount check",
        description="Check a parameter-count formula (plain text or LaTeX). Exit status: 0 correct, 1 wrong, 2 unreadable.",
        epilog=(
            "examples:\n"
            '  symcount check "(h0*h1 + h1*h2 + h2*h3 + h4*h5) + [h1+h2+h3+h4+h5]"\n'
            "  symcount check '784\\times 16+16\\times16+16\\times10=12960' --widths 784 16 16 10\n"
            "  symcount check --general --file answer.tex"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("formula", nargs="?", help="the formula; - reads standard input")
    p.add_argument("--file", help="read the formula from this file")
    against = p.add_mutually_exclusive_group()
    against.add_argument("--depth", type=_integer, help="against widths h0..hDEPTH")
    against.add_argument("--widths", nargs="+", metavar="W", help="against these widths (numbers)")
    against.add_argument("--general", action="store_true", help="against the general network of depth l")
    against.add_argument(
        "--against", metavar="SPEC",
        help="against another target, its sizes named as the formula names them: "
        + "; ".join(f"{k}: {v}" for k, v in CHECK_TARGETS.items()),
    )
    p.add_argument("--map", nargs="+", default=[], metavar="SYMBOL=SIZE",
                   help="match a formula symbol to a size of the --against target (n=hidden_size); "
                   "unmatched symbols are inferred and the report says how")
    p.add_argument("--bias", help="the convention asked for: for a network "
                   + ", ".join(BIAS_CONVENTIONS) + " (default all); for rnn, gru, lstm: torch (default), keras, none; "
                   "for linear, conv, attention, transformer-block: bias (default), none")
    p.add_argument("--name", help="the width symbol name (default: as written)")
    p.add_argument("--start", type=_integer, help="the first width's index (default: as written)")
    p.add_argument("--last-width", metavar="INDEX",
                   help="the output width's index where it is not the depth: l-1 for answer 2's n_0 .. n_{l-1}")
    _output_options(p)
    return p


def _check_main(argv: list[str]) -> int:
    parser = _check_parser()
    args = parser.parse_args(argv)
    if (args.formula is None) == (args.file is None):
        parser.error("give the formula, - for standard input, or --file, once")
    from ._files import FORMULA_FILE_LIMIT, read_text

    try:
        if args.file is not None:
            formula = read_text(args.file, "formula file", FORMULA_FILE_LIMIT)
        elif args.formula == "-":
            formula = sys.stdin.read(FORMULA_FILE_LIMIT + 1)
            if len(formula) > FORMULA_FILE_LIMIT:
                raise SymcountError(f"standard input has more than {FORMULA_FILE_LIMIT} characters: not a formula symcount reads")
        else:
            formula = args.formula
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    except (OSError, UnicodeDecodeError) as err:
        parser.exit(2, f"{parser.prog}: error: cannot read standard input: {err}\n")
    from .checker import check

    mapping = {}
    for pair in args.map:
        symbol_name, sep, size = pair.partition("=")
        if not sep or not symbol_name.strip() or not size.strip():
            parser.exit(2, f"{parser.prog}: error: --map {pair!r}: expected SYMBOL=SIZE, such as n=hidden_size\n")
        mapping[symbol_name.strip()] = size.strip()
    try:
        report = check(
            formula, args.against, depth=args.depth, widths=args.widths, general=args.general,
            bias=args.bias, name=args.name, start=args.start, last=args.last_width, map=mapping or None,
        )
        out = _render(report, args, parser)
    except FormulaSyntaxError as err:
        parser.exit(2, f"{parser.prog}: unreadable: {err}\n")
    except UnsupportedError as err:
        parser.exit(2, f"{parser.prog}: unsupported: {err}\n")
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(out + "\n")
    return 0 if report.correct else 1


def _model_fields() -> dict[str, tuple[str, ...]]:
    """Each family's size fields (importing models costs no SymPy)."""
    from .models import _FIELDS

    return {k: tuple(f for f in v if f != "tie_word_embeddings") for k, v in _FIELDS.items()}



def _model_parser() -> _Parser:
    p = _Parser(
        prog="symcount model",
        description="Count a model family's parameters: sizes left out stay symbols, so the output is the formula.",
        epilog=(
            "examples:\n  symcount model gpt2 --vocab-size 50257 --n-positions 1024 --n-embd 768 --n-layer 12\n"
            "  symcount model llama --format latex\n  symcount model --config path/to/config.json --dtype bf16"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from .models import zoo

    types = sorted(set(zoo()) - set(_model_fields()))
    p.add_argument(
        "family", nargs="?", choices=(*_model_fields(), "resnet", "vgg", *types), metavar="family",
        help=f"gpt2, bert, llama, resnet, vgg, or a Hugging Face model_type: {', '.join(types)}. "
        "For a model_type, give its config.json fields as flags (--hidden-size 4096 --num-local-experts 8 ...); "
        "those left out stay symbols",
    )
    p.add_argument("--config", help="a Hugging Face config.json (its model_type chooses the family)")
    from ._family import HEADS

    p.add_argument("--head", dest="model_head", choices=tuple(HEADS), help="the head, where the config's architectures does not say "
                   "(or to count another): " + "; ".join(f"{k}: {v}" for k, v in HEADS.items()))
    p.add_argument("--freeze", nargs="+", metavar="PART", default=[],
                   help="parts training leaves as they are (embeddings, blocks.attention, ...): the trainable count leaves them out")
    p.add_argument("--active", action="store_true",
                   help="a mixture of experts: the parameters one token uses (top-k experts), not the total")
    fields = sorted({f for names in _model_fields().values() for f in names})
    sizes = p.add_argument_group("sizes (Hugging Face config.json names; integers or symbol names)")
    for f in fields:
        sizes.add_argument(f"--{f.replace('_', '-')}", dest=f, metavar="N")
    sizes.add_argument("--tie-word-embeddings", action="store_true", help="llama: the head shares the token embedding")
    conv = p.add_argument_group("resnet and vgg")
    conv.add_argument("--depth", type=_integer, help="resnet: 18, 34, 50, 101, 152 (default 50); vgg: 11, 13, 16, 19 (default 16)")
    conv.add_argument("--num-classes", metavar="N", help="the classifier's outputs (default: a symbol)")
    conv.add_argument("--width", metavar="N", help="resnet: the first stage's width (default 64)")
    conv.add_argument("--batch-norm", action="store_true", help="vgg: a batch norm after each convolution")
    p.add_argument("--dtype", choices=tuple(DTYPE_BYTES), help="also the memory of the parameters")
    _output_options(p)
    return p


def _zoo_fields(parser: _Parser, extra: list[str]) -> dict[str, object]:
    """``--hidden-size 4096 --attention-bias true`` as config fields: ints, true/false, or symbol names."""
    fields: dict[str, object] = {}
    k = 0
    while k < len(extra):
        flag = extra[k]
        name, eq, value = flag.partition("=")
        if not name.startswith("--") or len(name) < 3:
            parser.error(f"{flag!r} is not a field flag: expected --field-name VALUE")
        if not eq:
            if k + 1 >= len(extra):
                parser.error(f"{flag} needs a value")
            value = extra[k + 1]
            k += 1
        k += 1
        field = name[2:].replace("-", "_")
        fields[field] = True if value == "true" else False if value == "false" else read_int(value) if _DIGITS.fullmatch(value) else value
    return fields


def _model_main(argv: list[str]) -> int:
    parser = _model_parser()
    args, extra = parser.parse_known_args(argv)
    if (args.family is None) == (args.config is None):
        parser.error("give a family (gpt2, bert, llama, a model_type) or --config, once")
    from . import models

    zoo_type = args.family is not None and args.family not in _model_fields() and args.family not in ("resnet", "vgg")
    if extra and not zoo_type:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.model_head is not None and args.config is None and not zoo_type:
        parser.error("--head goes with --config or a Hugging Face model_type")
    try:
        if args.config is not None:
            net = models.from_config(args.config, head=args.model_head)
        elif zoo_type:
            flagged = {f: getattr(args, f) for f in sorted({f for n in _model_fields().values() for f in n}) if getattr(args, f, None) is not None}
            if args.tie_word_embeddings:
                flagged["tie_word_embeddings"] = True
            net = models.family(args.family, head=args.model_head, **flagged, **_zoo_fields(parser, extra))
        elif args.family in ("resnet", "vgg"):
            conv: dict[str, Any] = {"num_classes": args.num_classes}
            if args.depth is not None:
                conv["depth"] = args.depth
            if args.family == "vgg" and args.width is not None:
                parser.error("--width goes with resnet (vgg's widths are fixed: 64 to 512)")
            if args.family == "resnet" and args.batch_norm:
                parser.error("--batch-norm goes with vgg (resnet always has its batch norms)")
            if args.family == "resnet" and args.width is not None:
                conv["width"] = args.width
            if args.family == "vgg":
                conv["batch_norm"] = args.batch_norm
            net = getattr(models, args.family)(**conv)
        else:
            fields = _model_fields()
            given = {f: getattr(args, f) for f in fields[args.family] if getattr(args, f) is not None}
            others = [f for f in sorted({f for n in fields.values() for f in n}) if getattr(args, f) is not None]
            stray = [f for f in others if f not in fields[args.family]]
            if stray:
                parser.error(f"{args.family} has no field {stray[0]!r}")
            if args.tie_word_embeddings:
                if args.family != "llama":
                    parser.error("--tie-word-embeddings goes with llama")
                given["tie_word_embeddings"] = True
            net = getattr(models, args.family)(**given)
        if args.dtype and args.format in ("latex", "markdown", "tex"):
            parser.error("--dtype goes with --format text, pretty or json (the memory is a number, not a formula)")
        if args.symbols == "paper" and args.format not in ("latex", "markdown", "tex"):
            net = net.with_symbols("paper")  # for LaTeX, the printer renames and adds the legend
        if args.freeze:
            net = net.freeze(*args.freeze)
        if args.active:
            return _active((net.with_symbols("paper") if args.symbols == "paper" else net).summary(), args, parser)
        summary = net.summary()
        memory = summary.memory(args.dtype) if args.dtype else None

        def data() -> dict[str, Any]:
            from ._display import json_value

            out = summary.to_dict()
            # All but the parts --freeze names (buffers are apart); without any, the total as printed above.
            out["trainable"] = json_value(summary.trainable) if summary.network.frozen else out["total"]
            if memory is not None:
                out["memory"] = {"dtype": args.dtype, **{k: json_value(v) for k, v in memory.items()}}
            return out

        def text() -> str:
            from ._display import text_value

            out = summary.to_text()
            if memory is not None:
                out += f"\nmemory  {text_value(memory['parameters'])} bytes of parameters in {args.dtype}"
            return out

        out = _render(net, args, parser, text, data)
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(out + "\n")
    return 0


def _active(summary: Any, args: argparse.Namespace, parser: _Parser) -> int:
    """``symcount model --active``: the parameters one token uses (the total, for a model without experts)."""
    from ._display import json_value, text_value, to_json

    try:
        active = summary.active
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    if args.format == "json":
        out = to_json({"network": summary.name, "active": json_value(active), "total": json_value(summary.total)})
    elif args.format in ("latex", "markdown", "tex"):
        from . import printing

        import sympy

        expr = sympy.Integer(active) if summary.numeric else active
        render = {"latex": printing.latex, "markdown": printing.markdown, "tex": printing.tex_document}[args.format]
        out = str(render(expr, style="collected"))  # like terms combined, highest degree first
    else:
        out = f"active {text_value(active)} of {text_value(summary.total)} parameters per token"
    sys.stdout.write(out + "\n")
    return 0


def _budget_parser(command: str) -> _Parser:
    p = _Parser(
        prog=f"symcount {command}",
        description=(
            "The largest value of the one free size whose count fits a budget."
            if command == "solve"
            else "The count over a grid of sizes, as CSV (and a plot)."
        ),
        epilog=(
            "examples:\n  symcount solve 1000000 --widths 784 w w 10 --multiple-of 16\n"
            "  symcount solve 125000000 --model gpt2 --set vocab_size=50257 n_positions=1024 n_layer=12\n"
            "  symcount sweep --widths 784 w w 10 --grid w=16:1024:16 --output counts.csv --plot counts.png\n"
            "  symcount sweep --model llama --set vocab_size=32000 num_attention_heads=32 intermediate_size=11008 \\\n"
            "      --grid hidden_size=1024:8192:1024 --grid num_hidden_layers=16,32"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if command == "solve":
        p.add_argument("budget", type=_integer, help="the parameter budget")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--widths", nargs="+", metavar="W", help="an MLP's widths, sizes to solve or sweep as names")
    what.add_argument("--model", choices=tuple(_model_fields()), help="a model family")
    p.add_argument("--set", nargs="+", default=[], metavar="NAME=N", help="--model: the sizes that stay fixed")
    p.add_argument("--bias", default="all", choices=tuple(BIAS_CONVENTIONS), help="--widths: the bias convention")
    if command == "solve":
        p.add_argument("--multiple-of", type=_integer, default=1, help="the value is a multiple of this (default 1)")
        p.add_argument("--min", type=_integer, help="the smallest value allowed")
        p.add_argument("--max", type=_integer, help="the largest value allowed")
    else:
        p.add_argument("--grid", action="append", required=True, metavar="NAME=VALUES",
                       help="values of a size: 16,32,64 or START:STOP:STEP (STOP included); once per size")
        p.add_argument("--output", "-o", help="write the CSV here (default: standard output)")
        p.add_argument("--plot", help="also plot count against a size, log axes, to this PNG or SVG file")
        p.add_argument("--x", help="the size on the plot's horizontal axis (default: the first in --grid)")
    _output_options(p)
    return p


def _budget_main(command: str, argv: list[str]) -> int:
    parser = _budget_parser(command)
    args = parser.parse_args(argv)
    from . import budget as b

    try:
        net = _budget_network(args, parser)
        if command == "solve":
            s = b.solve_width(args.budget, net, multiple_of=args.multiple_of, minimum=args.min, maximum=args.max)
            sys.stdout.write(_render(s, args, parser) + "\n")
            return 0
        grid: dict[str, Any] = {}
        for name, values in (_grid_values(text, parser) for text in args.grid):
            if name in grid:
                parser.error(f"--grid gives {name} twice: give each size once, its values together (NAME=1,2,3 or NAME=1:9)")
            grid[name] = values
        fmt = b.plot_format(args.plot) if args.plot is not None else None  # a bad name is refused before any work
        result = b.sweep(net, grid)
        out = _render(result, args, parser, text=result.to_csv)
        out = out if out.endswith("\n") else out + "\n"
        files = [(args.output, out.encode("utf-8"))] if args.output else []
        if fmt is not None:
            files.append((args.plot, result.figure(fmt, x=args.x)))
        from ._files import write_files

        write_files(files)  # all of them or none
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    if not args.output:
        sys.stdout.write(out)
    return 0


def _budget_network(args: argparse.Namespace, parser: _Parser) -> Any:
    from . import models
    from .network import mlp

    if args.widths:
        if args.set:
            parser.error("--set goes with --model; give numbers among --widths")
        return mlp(args.widths, bias=args.bias)
    fixed = dict(_assignment(text, parser) for text in args.set)
    stray = sorted(set(fixed) - set(_model_fields()[args.model]))
    if stray:
        parser.error(f"{args.model} has no field {stray[0]!r}")
    return getattr(models, args.model)(**fixed)


def _assignment(text: str, parser: _Parser) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name or not value:
        parser.error(f"{text!r} is not NAME=VALUE")
    return name.replace("-", "_"), value


def _grid_values(text: str, parser: _Parser) -> tuple[str, range | list[int]]:
    """``w=16:1024:16`` as a range (never listed here: the sweep bounds it) or ``w=16,32`` as a list."""
    name, value = _assignment(text, parser)
    parts = value.split(":") if ":" in value else value.split(",")
    if not all(_DIGITS.fullmatch(v) for v in parts) or (":" in value and len(parts) not in (2, 3)):
        parser.error(f"the values of {name} are {value!r}: expected 16,32,64 or START:STOP:STEP (digits 0-9)")
    numbers = [read_int(v) for v in parts]
    if ":" in value:
        start, stop, step = (*numbers, 1) if len(numbers) == 2 else numbers
        if step < 1:
            parser.error(f"the values of {name} are {value!r}: the step is at least 1")
        values: range | list[int] = range(start, stop + 1, step)
    else:
        values = numbers
    if not values:
        parser.error(f"the values of {name} are {value!r}: an empty range")
    return name, values


#: The most symbolic widths the main job tabulates: each is a SymPy symbol of about 2 KB, and a
#: table of 10,000 layers is already a megabyte no one reads (symcount --general has any depth).
SYMBOLIC_LIMIT = 10_000


def _run(args: argparse.Namespace, parser: _Parser) -> str:
    from .network import mlp

    if args.general:
        return _run_general(args, parser)
    if args.form or args.uniform:
        parser.error("--form and --uniform go with --general")
    if args.depth is not None and args.widths:
        parser.error("give either WIDTHs or --depth, not both")
    if args.depth is None and not args.widths:
        parser.error("give the layer widths (e.g. symcount 784 16 16 10) or --depth L")
    if args.depth is not None:
        if args.depth > SYMBOLIC_LIMIT:
            parser.error(
                f"--depth is {grouped(args.depth)}: the table of symbolic widths has at most {grouped(SYMBOLIC_LIMIT)} layers "
                "(each width is a SymPy symbol); for a formula of any depth: symcount --general"
            )
        net = mlp(args.depth, bias=args.bias, name=args.name, start=args.start)
    else:
        net = mlp(args.widths, bias=args.bias)
        if len(net.names) > SYMBOLIC_LIMIT:
            parser.error(f"the widths name {grouped(len(net.names))} sizes: a table has at most {grouped(SYMBOLIC_LIMIT)} symbolic widths")
    if args.symbols == "paper" and args.format not in ("latex", "markdown", "tex"):
        net = net.with_symbols("paper")
    summary = net.summary()
    widths = [w if type(w) is int else str(w) for w in net.parts[0].dims()]
    return _render(summary, args, parser, summary.to_text, lambda: {"widths": widths, "bias": args.bias, **summary.to_dict()})


def _run_general(args: argparse.Namespace, parser: _Parser) -> str:
    from .general_form import general

    if args.widths or args.depth is not None:
        parser.error("--general has a symbolic depth: give no WIDTHs and no --depth")
    if args.uniform and args.form not in (None, "closed"):
        parser.error(f"--uniform is the closed form: it does not go with --form {args.form}")
    g = general(args.bias, name=args.name)
    if args.uniform or args.form == "closed":
        closed = g.uniform()
        return _render(closed, args, parser, closed.to_text, closed.to_dict)
    kinds = [args.form] if args.form else None
    return _render(g, args, parser, lambda: g.to_text(kinds), lambda: g.to_dict(kinds))


def _flops_parser() -> _Parser:
    from ._options import ATTENTION, CONVENTION

    p = _Parser(
        prog="symcount flops",
        description=(
            "The multiply-adds and FLOPs of a forward pass and of a training step, per layer and in total: "
            "exact numbers, or formulas in the sizes left as names. " + CONVENTION + "."
        ),
        epilog=(
            "examples:\n  symcount flops 784 16 16 10 --batch 32\n  symcount flops 784 w w 10\n"
            "  symcount flops --model llama --set vocab_size=32000 hidden_size=4096 num_hidden_layers=32 \\\n"
            "      num_attention_heads=32 intermediate_size=11008 --batch 1 --seq-len 2048\n"
            "  symcount flops --config path/to/config.json --seq-len s --format json\n"
            "  symcount flops --model t5 --set d_model=512 --seq-len 114 --source-len 512"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _network_options(p, "no FLOPs either way")
    p.add_argument("--batch", "-b", default="b", metavar="N", help="examples per step: an integer or a symbol name (default: b)")
    p.add_argument("--seq-len", "-s", metavar="N", help="positions per example: an integer or a symbol name (attention needs it)")
    p.add_argument("--source-len", metavar="N",
                   help="an encoder-decoder's (t5, bart, mbart) encoder input: positions per example, the decoder's "
                        "being --seq-len")
    p.add_argument("--image", nargs="+", metavar="N", help="a convolution's input sizes (H W for conv2d)")
    p.add_argument("--attention", choices=tuple(ATTENTION), default="full",
                   help="; ".join(f"{k}: {v}" for k, v in ATTENTION.items()) + " (default: full)")
    p.add_argument("--window", metavar="N", help="with --attention causal: the most keys a query sees (a sliding window)")
    p.add_argument("--tokens", metavar="D", help="also the training FLOPs for D tokens, in steps of this shape")
    _quantity_formats(p)
    return p


def _size_option(text: str | None) -> object:
    """A size flag's value: an int of ASCII digits, else the name as written (checked where it is used)."""
    if text is None:
        return None
    return read_int(text) if _DIGITS.fullmatch(text) else text


def _network_options(p: _Parser, bias: str) -> None:
    """The network a compute or memory subcommand reads: an MLP's widths, a family with sizes, or a config."""
    p.add_argument("widths", nargs="*", metavar="WIDTH", help="an MLP's widths, input first: integers or symbol names")
    p.add_argument("--bias", default="all", choices=tuple(BIAS_CONVENTIONS), help=f"WIDTHs: the bias convention ({bias})")
    p.add_argument("--model", metavar="FAMILY", help="a model family: gpt2, bert, llama, resnet, vgg or a Hugging Face model_type")
    p.add_argument("--set", nargs="+", default=[], metavar="NAME=N", help="--model: its sizes (config.json names; resnet: depth, num_classes, width; vgg: depth, num_classes, batch_norm); the rest stay symbols")
    p.add_argument("--config", help="a Hugging Face config.json")
    p.add_argument("--freeze", nargs="+", metavar="PART", default=[],
                   help="parts training leaves as they are: no gradients for their weights")


def _chosen_network(args: argparse.Namespace, parser: _Parser) -> Any:
    """The network :func:`_network_options` names (errors are symcount's, for the caller to print)."""
    if args.widths:
        from .network import mlp

        net = mlp(args.widths, bias=args.bias)
    elif args.config is not None:
        from .models import from_config

        net = from_config(args.config)
    else:
        net = _family_network(args.model, dict(_assignment(text, parser) for text in args.set), parser)
    return net.freeze(*args.freeze) if args.freeze else net


def _quantity_formats(p: _Parser) -> None:
    p.add_argument("--format", "-f", default="text", choices=("text", "json", "latex", "markdown"),
                   help="text: a per-layer table; json; latex or markdown: the totals, or with --style table a "
                   "per-layer table (default: text)")
    p.add_argument("--style", choices=("collected", "table"), help="latex and markdown: collected totals (the default) or a table")
    p.add_argument("--legend", action="store_true", help="latex and markdown: say what each symbol is")


def _rendered(result: Any, args: argparse.Namespace) -> str | None:
    """The result as LaTeX or Markdown where ``--format`` asks for it; None for text and JSON."""
    if args.format not in ("latex", "markdown"):
        return None
    from . import printing

    settings: dict[str, Any] = {"legend": True} if args.legend else {}
    if args.style:
        settings["style"] = args.style
    return str(getattr(printing, args.format)(result, **settings))


def _check_network_options(args: argparse.Namespace, parser: _Parser) -> None:
    if sum([bool(args.widths), args.model is not None, args.config is not None]) != 1:
        parser.error("give an MLP's WIDTHs, --model FAMILY or --config, one of them")
    if args.set and args.model is None:
        parser.error("--set goes with --model")
    if (args.style or args.legend) and args.format not in ("latex", "markdown"):
        parser.error("--style and --legend go with --format latex or markdown")


def _flops_main(argv: list[str]) -> int:
    parser = _flops_parser()
    args = parser.parse_args(argv)
    _check_network_options(args, parser)
    from .compute import flops

    try:
        net = _chosen_network(args, parser)
        image = None if args.image is None else tuple(_size_option(v) for v in args.image)
        result = flops(net, batch=_size_option(args.batch), seq=_size_option(args.seq_len), image=image,
                       attention=args.attention, window=_size_option(args.window),
                       source=_size_option(args.source_len))
        tokens = None if args.tokens is None else result.training(_size_option(args.tokens))
        rendered = _rendered(result, args)
        if rendered is not None:
            if tokens is not None:
                parser.error("--tokens goes with --format text or json")
            out = rendered
        elif args.format == "json":
            from ._display import json_value, to_json

            data = result.to_dict()
            if tokens is not None:
                data["tokens"] = json_value(_size_option(args.tokens))
                data["train_flops_for_tokens"] = json_value(tokens)
            out = to_json(data)
        else:
            from ._display import text_value

            out = result.to_text()
            if tokens is not None:
                out += f"\ntraining on {args.tokens} tokens: {text_value(tokens)} FLOPs"
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(out + "\n")
    return 0


def _memory_parser() -> _Parser:
    from ._options import MEMORY_CONVENTION, OPTIMIZERS, ZERO_STAGES
    from .footprint import ATTN_IMPLEMENTATIONS, RECOMPUTE

    p = _Parser(
        prog="symcount memory",
        description=(
            "The bytes of a network's weights, and for a training step its gradients and optimizer state, per layer "
            "and in total: exact numbers, or formulas in the sizes left as names. Convention: " + MEMORY_CONVENTION + "."
        ),
        epilog=(
            "examples:\n  symcount memory 784 16 16 10 --optimizer adam\n"
            "  symcount memory --model llama --set vocab_size=32000 hidden_size=4096 num_hidden_layers=32 \\\n"
            "      num_attention_heads=32 intermediate_size=11008 --dtype bf16 --optimizer adamw --mixed\n"
            "  symcount memory --config path/to/config.json --dtype bf16 --optimizer adam --mixed --zero 3 --devices 64\n"
            "  symcount memory --config path/to/config.json --dtype bf16 --batch 8 --seq-len 32768\n"
            "  symcount memory --config path/to/config.json --dtype bf16 --optimizer adamw --batch 8 --seq-len 4096 \\\n"
            "      --attn-implementation sdpa --labels   (a training step's activations too)\n"
            "  symcount memory --config path/to/config.json --dtype bf16 --seq-len 4096 --within 80GB   (the largest batch)"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _network_options(p, "biases are parameters too")
    p.add_argument("--dtype", default="fp32", choices=tuple(DTYPE_BYTES), help="the parameters' dtype (default: fp32)")
    p.add_argument("--optimizer", choices=tuple(OPTIMIZERS),
                   help="a training step: " + "; ".join(f"{k}: {v}" for k, v in OPTIMIZERS.items()) + " (default: none, inference)")
    p.add_argument("--mixed", action="store_true", help="mixed precision: 16-bit weights and gradients, fp32 master weights and state")
    p.add_argument("--zero", type=int, default=0, choices=tuple(ZERO_STAGES),
                   help="ZeRO's stage: " + "; ".join(f"{k}: {v}" for k, v in ZERO_STAGES.items()))
    p.add_argument("--devices", default="1", metavar="N", help="with --zero: the devices sharing the states (an integer or a symbol name)")
    p.add_argument("--batch", "-b", default="b", metavar="N",
                   help="with --seq-len: the sequences generated, or trained on, at once (default: b)")
    p.add_argument("--seq-len", "-s", metavar="N",
                   help="inference: also the key-value cache after N positions; training (--optimizer): the activations "
                   "of sequences of N positions (an integer or a symbol name)")
    p.add_argument("--cache-dtype", choices=tuple(DTYPE_BYTES), help="the key-value cache's dtype (default: --dtype)")
    p.add_argument("--recompute", choices=tuple(RECOMPUTE),
                   help="training with --seq-len: " + "; ".join(f"{k}: {v}" for k, v in RECOMPUTE.items()))
    p.add_argument("--labels", action=argparse.BooleanOptionalAction, default=None,
                   help="training with --seq-len: whether a language-model head is given labels and computes its loss "
                   "(Hugging Face's cross-entropy keeps fp32 log-probabilities of every position)")
    p.add_argument("--attn-implementation", choices=tuple(ATTN_IMPLEMENTATIONS),
                   help="training with --seq-len: how attention runs, which decides what it keeps: "
                   + "; ".join(f"{k}: {v}" for k, v in ATTN_IMPLEMENTATIONS.items()))
    p.add_argument("--within", type=_bytes, metavar="BYTES",
                   help="a memory budget (80GB = 80e9 bytes, 80GiB = 80 * 2^30): solve for the largest --largest within it")
    p.add_argument("--largest", metavar="SIZE", default="batch",
                   help="with --within: batch (the default; give --seq-len), seq (give --batch) or the one size left as a name")
    p.add_argument("--multiple-of", type=_integer, default=1, help="with --within: the value is a multiple of this")
    p.add_argument("--max", type=_integer, help="with --within: the largest value allowed (a sliding window's cache stops growing)")
    _quantity_formats(p)
    return p


def _memory_main(argv: list[str]) -> int:
    parser = _memory_parser()
    args = parser.parse_args(argv)
    _check_network_options(args, parser)
    if args.within is None and (args.largest != "batch" or args.multiple_of != 1 or args.max is not None):
        parser.error("--largest, --multiple-of and --max go with --within, the budget")
    if args.within is not None and args.largest == "batch" and args.batch != "b":
        parser.error("--batch is what --within solves for: leave it out (or solve for another size with --largest)")
    if args.within is not None and args.largest == "seq" and args.seq_len is not None:
        parser.error("--seq-len is what --largest seq solves for: leave it out")
    from ._display import to_json
    from .footprint import memory

    try:
        net = _chosen_network(args, parser)
        options: dict[str, Any] = dict(dtype=args.dtype, optimizer=args.optimizer, mixed=args.mixed, zero=args.zero,
                                       devices=_size_option(args.devices), batch=_size_option(args.batch),
                                       seq=_size_option(args.seq_len), cache_dtype=args.cache_dtype,
                                       attn_implementation=args.attn_implementation, recompute=args.recompute,
                                       labels=args.labels)
        if args.within is not None:
            from .budget import solve_memory

            options = {k: v for k, v in options.items() if not (k == args.largest or (k, v) in (("batch", "b"), ("seq", None)))}
            solution = solve_memory(args.within, net, solve=args.largest, multiple_of=args.multiple_of, maximum=args.max,
                                    **options)
            rendered = _rendered(solution, args)
            out = rendered if rendered is not None else to_json(solution.to_dict()) if args.format == "json" else solution.to_text()
            sys.stdout.write(out + "\n")
            return 0
        result = memory(net, **options)
        rendered = _rendered(result, args)
        out = rendered if rendered is not None else to_json(result.to_dict()) if args.format == "json" else result.to_text()
    except SymcountError as err:
        parser.exit(2, f"{parser.prog}: error: {err}\n")
    sys.stdout.write(out + "\n")
    return 0


#: What ``--set`` gives the convolutional families (as their functions' keywords).
_CNN_SETTINGS = {"resnet": ("depth", "num_classes", "width"), "vgg": ("depth", "num_classes", "batch_norm")}


def _family_network(family: str, fields: dict[str, str], parser: _Parser) -> Any:
    """A family by name with the sizes given (``--set``): gpt2, bert, llama or a Hugging Face model_type."""
    from . import models

    given: dict[str, Any] = {k: _size_option(v) for k, v in fields.items()}
    for k, v in fields.items():
        if v in ("true", "false"):
            given[k] = v == "true"
    if family in _CNN_SETTINGS:
        stray = sorted(set(given) - set(_CNN_SETTINGS[family]))
        if stray:
            parser.error(f"{family} has no setting {stray[0]!r}; its settings are {', '.join(_CNN_SETTINGS[family])}")
        return getattr(models, family)(**given)
    if family in _model_fields():
        stray = sorted(set(given) - set(_model_fields()[family]) - {"tie_word_embeddings"})
        if stray:
            parser.error(f"{family} has no field {stray[0]!r}")
        return getattr(models, family)(**given)
    return models.family(family, head=None, **given)

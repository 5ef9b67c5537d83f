"""from_config for every covered Hugging Face model type, against building the model on the meta device.

For each type of ``symcount.models.zoo()`` and its default config (transformers'
own config class): ``models.from_config(config).count()`` against
``AutoModel``-style construction of the head's class on the ``meta`` device
followed by ``model.num_parameters()``. Target: at least 1000x faster for
every type, with equal counts. Needs torch==2.13.0 and transformers.

Exit status 1 if a target fails.
"""

from __future__ import annotations

import json
import warnings

from _timing import Verdict, best, fmt

from symcount import models

TARGET = 1000


def main() -> None:
    verdict = Verdict()
    try:
        import torch
        import transformers
    except ImportError:
        verdict.check("torch and transformers are installed", False)
        verdict.exit()
    transformers.logging.set_verbosity_error()
    warnings.filterwarnings("ignore")
    ratios = []
    for model_type, family in sorted(models.zoo().items()):
        config = transformers.CONFIG_MAPPING[model_type]()
        head = family.default_head
        cls = getattr(transformers, family.prefix + family.heads[head])
        data = json.loads(config.to_json_string(use_diff=False))
        data["architectures"] = [cls.__name__]

        def build(cls: type = cls, config: object = config) -> int:
            with torch.device("meta"):
                return int(cls(config).num_parameters())

        ours = models.from_config(data).count()
        theirs = build()
        t_ours = best(lambda: models.from_config(data).count(), repeat=5, min_time=0.05)
        t_theirs = best(build, repeat=3)
        ratio = t_theirs / t_ours
        ratios.append((ratio, model_type))
        print(f"{model_type:>14} {head:>20}: symcount {fmt(t_ours):>10}, meta build {fmt(t_theirs):>10}, {ratio:8.0f}x")
        verdict.check(f"{model_type}: equal counts", ours == theirs, f"{ours:,} vs {theirs:,}")
    worst, which = min(ratios)
    verdict.check(f"every type >= {TARGET}x faster than a meta-device build", worst >= TARGET, f"slowest {which}: {worst:.0f}x")
    verdict.exit()


if __name__ == "__main__":
    main()

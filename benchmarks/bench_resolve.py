"""Benchmark: our organisation resolver against splink (DuckDB backend) on the same data.

    .venv/bin/python -m benchmarks.bench_resolve [--mentions 100000] [--seed 7] [--skip-splink]

Synthetic mentions are generated from the team's development clusters
(../shared/dev/organisations.jsonl): each synthetic organisation takes one dev
cluster as its template, gets a new invented name in place of the template's key
word, and is then written with realistic variation: legal forms added, dropped or
swapped across European languages, case, accents, '&'/'and', hyphens, descriptors
("Therapeutics"), a typing error now and then, its ticker, and a look-alike
sibling organisation for some (one letter or one word apart) as a hard negative.
Nothing from the dev file is written out; the synthetic set lives in memory.

Prints two tables (time and memory; pairwise quality) and writes
benchmarks/results/resolve.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

from pipeline.resolve.evaluate import pairwise_scores

RESULTS = Path(__file__).resolve().parent / "results" / "resolve.json"
SYLLABLES = ("ka lo vi ne tra zen mo qu ri sa te bel dor fin gal hex ix jun kor lum mir nov or pex rad sol "
             "tor ul ver wyn xa yl zo ce du fa gi ho ar en om ta vo bri cla dre").split()
LEGAL_FORMS = ["plc", "Ltd", "Limited", "GmbH", "AG", "SE", "S.A.", "SA", "SAS", "S.p.A.", "S.r.l.", "Srl", "B.V.",
               "BV", "N.V.", "NV", "AB", "AB (publ)", "A/S", "Oy", "S.L.", "sp. z o.o.", "Inc.", "GmbH & Co. KG"]
DESCRIPTORS = ["Therapeutics", "Biotech", "Pharma", "Biologics", "Bio"]
COUNTRIES = ["GB", "DE", "FR", "BE", "NL", "CH", "IT", "ES", "SE", "FI", "DK", "PL", "PT", "IE", "AT", "NO"]


def dev_clusters() -> dict[str, list[str]]:
    """Dev mentions by cluster (read only; the benchmark needs the team's shared folder)."""
    from tests.shared_data import DEV_DIR

    path = DEV_DIR / "organisations.jsonl"
    if not path.exists():
        sys.exit(f"bench_resolve: {path} not found; the benchmark needs the team's development data")
    clusters: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            clusters[row["cluster"]].append(row["mention"])
    return dict(clusters)


def _word(rng: random.Random, length: int) -> str:
    text = ""
    while len(text) < max(4, length):
        text += rng.choice(SYLLABLES)
    return text[: max(4, length) + 1].capitalize()


def _recase(new: str, old: str) -> str:
    if old.isupper():
        return new.upper()
    if old[:1].islower():
        return new.lower()
    return new


_TICKERS: set[str] = set()


def _ticker(word: str, rng: random.Random) -> str:
    """A ticker from the name's letters, unique across the synthetic set (as on one exchange)."""
    consonants = [c for c in word[1:].upper() if c not in "AEIOU"]
    for _ in range(20):
        picks = sorted(rng.sample(range(len(consonants)), min(len(consonants), rng.choice((2, 3)))))
        symbol = word[0].upper() + "".join(consonants[i] for i in picks)  # letters in name order, as usual
        if symbol not in _TICKERS:
            _TICKERS.add(symbol)
            return symbol
    return word.upper()[:5]


def _org_variants(template: list[str], word: str, rng: random.Random) -> list[str]:
    """The template cluster's spellings with its key word replaced by ``word``."""
    key = template[0].split()[0]
    out = []
    for mention in template:
        if key in mention:
            out.append(mention.replace(key, _recase(word, key)))
        elif key.lower() in mention.lower():
            start = mention.lower().index(key.lower())
            out.append(mention[:start] + _recase(word, mention[start:start + len(key)]) + mention[start + len(key):])
        elif mention.isupper() and len(mention) <= 5:
            out.append(_ticker(word, rng))
    return out or [word]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _noisy(name: str, rng: random.Random) -> str:
    """One written form of a name: the kinds of variation found in real announcements."""
    is_ticker = name.isupper() and len(name) <= 5
    if is_ticker:
        return name
    r = rng.random
    if r() < 0.15:
        words = name.split()
        if words[-1].rstrip(".") in {f.rstrip(".") for f in LEGAL_FORMS} and len(words) > 1:
            words = words[:-1]
        name = " ".join(words + ([rng.choice(LEGAL_FORMS)] if r() < 0.7 else []))
    if r() < 0.05 and not any(d in name for d in DESCRIPTORS):
        words = name.split()
        has_form = len(words) > 1 and words[-1].rstrip(".") in {f.rstrip(".") for f in LEGAL_FORMS}
        words.insert(len(words) - 1 if has_form else len(words), rng.choice(DESCRIPTORS))
        name = " ".join(words)
    if r() < 0.12:
        name = rng.choice((name.upper(), name.lower(), name.title()))
    if r() < 0.10:
        name = _strip_accents(name)
    if r() < 0.05:
        name = name.replace(" & ", " and ") if "&" in name else name.replace(" and ", " & ")
    if r() < 0.05:
        name = name.replace("-", " ") if "-" in name else name
    if r() < 0.04 and len(name) >= 12:
        i = rng.randrange(2, len(name) - 3)
        if name[i].isalpha() and name[i + 1].isalpha():
            name = name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name


def synthetic_mentions(n_mentions: int, seed: int) -> list[dict]:
    """About ``n_mentions`` mentions of about n/10 organisations, with truth labels."""
    rng = random.Random(seed)
    _TICKERS.clear()
    templates = list(dev_clusters().values())
    orgs: list[tuple[str, list[str], str]] = []
    used: set[str] = set()
    target_orgs = max(1, n_mentions // 10)
    while len(orgs) < target_orgs:
        template = templates[len(orgs) % len(templates)]
        word = _word(rng, len(template[0].split()[0]))
        if word.lower() in used:
            continue
        used.add(word.lower())
        country = rng.choice(COUNTRIES)
        orgs.append((f"o{len(orgs)}", _org_variants(template, word, rng), country))
        if rng.random() < 0.15:  # a look-alike, different organisation
            base = orgs[-1][1][0]
            sibling_word = word + rng.choice("aeiosn") if rng.random() < 0.5 else f"{word} {_word(rng, 6)}"
            if sibling_word.lower() not in used:
                used.add(sibling_word.lower())
                sibling = base.replace(_recase(word, base.split()[0]), sibling_word, 1)
                orgs.append((f"o{len(orgs)}", [sibling, f"{sibling} {rng.choice(LEGAL_FORMS)}"], rng.choice(COUNTRIES)))
    rows = []
    for i in range(n_mentions):
        org_id, variants, country = orgs[i % len(orgs)] if i < len(orgs) else rng.choice(orgs)
        rows.append({
            "id": f"s{i}", "mention": _noisy(rng.choice(variants), rng),
            "country_hint": country if rng.random() < 0.6 else None, "cluster": org_id,
        })
    rng.shuffle(rows)
    return rows


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(mark: tuple[float, float]) -> tuple[float, float]:
    return round(time.perf_counter() - mark[0], 2), round(time.process_time() - mark[1], 2)


def run_ours(rows: list[dict]) -> dict:
    from pipeline.resolve import resolve_mentions
    from schemas.resolution import Mention

    start = _clock()
    mentions = [Mention(id=r["id"], mention=r["mention"], country_hint=r["country_hint"]) for r in rows]
    validate = _since(start)
    mark = _clock()
    results = resolve_mentions(mentions)
    resolve = _since(mark)
    wall, cpu = _since(start)
    scores = pairwise_scores({r["id"]: r["cluster"] for r in rows}, {r.id: r.entity_id for r in results})
    return {"system": "atmp resolve", "seconds_wall": wall, "seconds_cpu": cpu,
            "seconds_detail": {"validate": validate[0], "resolve": resolve[0]},
            "peak_rss_mb": round(_rss_mb()), "predicted_clusters": len({r.entity_id for r in results}),
            **scores.as_dict()}


SPLINK_THRESHOLD = 0.9  # match probability at which pairs are clustered (a common default)


def run_splink(rows: list[dict], seed: int) -> dict:
    """splink 5 on DuckDB, set up as its tutorials suggest for names: Jaro-Winkler levels
    on the name (legal forms already stripped and folded, as for us), exact first word
    with term-frequency adjustment, exact country; trained unsupervised (random-sample
    u, EM for m); predictions blocked on the first four letters and on the full name."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    from pipeline.resolve.normalise import strip_legal_forms
    from pipeline.resolve.text import fold

    start = _clock()
    names = [fold(strip_legal_forms(r["mention"])) for r in rows]
    frame = pd.DataFrame({
        "unique_id": [r["id"] for r in rows],
        "name": names,
        "name_compact": ["".join(ch for ch in n if ch.isalnum()) for n in names],
        "token1": [(n.split() or [""])[0] for n in names],
        "country": [r["country_hint"] for r in rows],
    })
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(term_frequency_adjustments=True),
            cl.ExactMatch("token1").configure(term_frequency_adjustments=True),
            cl.ExactMatch("country"),
        ],
        blocking_rules_to_generate_predictions=[block_on("substr(name_compact, 1, 4)"), block_on("name")],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(DuckDBAPI().register(frame), settings, log_level=30)
    prepare = _since(start)
    mark = _clock()
    linker.training.estimate_probability_two_random_records_match([block_on("name")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("token1"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("substr(name_compact, 1, 4)"))
    train = _since(mark)
    mark = _clock()
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    predict = _since(mark)
    mark = _clock()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, SPLINK_THRESHOLD)
    table = clusters.as_pandas_dataframe()
    cluster = _since(mark)
    wall, cpu = _since(start)
    gold = {r["id"]: r["cluster"] for r in rows}
    labels = dict(zip(table["unique_id"].astype(str), table["cluster_id"].astype(str), strict=True))
    scores = pairwise_scores(gold, labels)
    best = {}
    for threshold in (0.5, 0.99):  # not timed: how good splink could be with a threshold tuned on the truth
        other = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold).as_pandas_dataframe()
        best[str(threshold)] = pairwise_scores(
            gold, dict(zip(other["unique_id"].astype(str), other["cluster_id"].astype(str), strict=True))).as_dict()
    return {"system": f"splink (DuckDB), p>={SPLINK_THRESHOLD}", "seconds_wall": wall, "seconds_cpu": cpu,
            "seconds_detail": {"prepare": prepare[0], "train": train[0], "predict": predict[0], "cluster": cluster[0]},
            "peak_rss_mb": round(_rss_mb()), "predicted_clusters": len(set(labels.values())),
            "other_thresholds": best, **scores.as_dict()}


def _tables(results: list[dict], n_rows: int, n_true: int) -> str:
    lines = [f"Resolution of {n_rows:,} synthetic mentions ({n_true:,} organisations), one run", "",
             "| system | wall s | CPU s | stages, wall s | peak RSS MB (process, cumulative) |",
             "|---|---:|---:|---|---:|"]
    for r in results:
        stages = ", ".join(f"{k} {v}" for k, v in r["seconds_detail"].items())
        lines.append(f"| {r['system']} | {r['seconds_wall']} | {r['seconds_cpu']} | {stages} | {r['peak_rss_mb']} |")
    lines += ["", "| system | precision | recall | F1 | predicted clusters | true clusters |",
              "|---|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['system']} | {r['precision']} | {r['recall']} | {r['f1']} | "
                     f"{r['predicted_clusters']:,} | {n_true:,} |")
        for threshold, other in r.get("other_thresholds", {}).items():
            lines.append(f"| (splink at p>={threshold}, untimed) | {other['precision']} | {other['recall']} | "
                         f"{other['f1']} | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentions", type=int, default=100_000, help="number of synthetic mentions")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the generator")
    parser.add_argument("--skip-splink", action="store_true", help="time only our resolver")
    args = parser.parse_args(argv)
    rows = synthetic_mentions(args.mentions, args.seed)
    n_true = len({r["cluster"] for r in rows})
    results = [run_ours(rows)]
    if not args.skip_splink:
        results.append(run_splink(rows, args.seed))
    print(_tables(results, len(rows), n_true))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "command": "python -m benchmarks.bench_resolve " + " ".join(argv or sys.argv[1:]),
        "mentions": len(rows), "organisations": n_true, "seed": args.seed,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "results": results,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m bench`: the batch benchmarks, printed as Markdown tables (paste into bench/RESULTS.md).

python -m bench                 # everything (about 6 minutes on 2 cores: N=1000 at C=1 alone is 200 s)
python -m bench --quick         # N in 50, 200 only; a minute or so
python -m bench --only cache    # one section: overhead, cache, tokens, memory, web, judge, large, prefix
python -m bench.large           # analysis time of one large article at 0.5, 1, 2, 4 MB
python -m bench --embedded-cache DIR   # also: a cached `brief` with the embedded model's real answers
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

from bench import judge, large, openai_tokens, orchestration, prefix, startup, tokens, web

SECTIONS = ("overhead", "cache", "tokens", "memory", "web", "judge", "large", "prefix")


def machine() -> str:
    pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {pages * size / 2**30:.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}; load average at start {load}"
    )


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def overhead_section(quick: bool, delay: float) -> str:
    ns = [50, 200] if quick else [50, 200, 1000]
    cells = orchestration.overhead(ns, [1, 8, 32], delay, sample_n=0 if quick else 200)
    rows = [
        [
            c.kind,
            str(c.n),
            str(c.c),
            f"{c.ideal:.2f}",
            f"{c.wall:.2f}",
            f"**{c.ratio:.2f}×**",
            f"{c.cpu / c.n * 1000:.1f}",
            f"{c.in_workers}/{c.n} in {c.workers}: {c.worker_cpu / max(c.in_workers, 1) * 1000:.1f} ms, "
            f"{c.worker_rss:.0f} MiB",
            str(c.requests),
        ]
        for c in cells
    ]
    header = ["articles", "N", "C", "ideal N/C×L s", "wall s", "wall/ideal", "client CPU ms/article"]
    header += ["analysed in workers: CPU/article, peak RSS", "requests"]
    return f"### Orchestration overhead (L = {delay * 1000:.0f} ms)\n\n" + table(header, rows)


def cache_section(embedded_cache: Path | None) -> str:
    rows = [[what, f"{seconds:.2f}"] for what, seconds in startup.cache_rows()]
    if embedded_cache:
        seconds = startup.embedded_cached_brief(embedded_cache)
        rows.append(["brief sample corpus, fully cached, embedded model's answers", f"{seconds:.2f}"])
    return "### Cache: CLI process, start to end (median of 5 for cached runs)\n\n" + table(["run", "s"], rows)


def recorded_section(cache_dir: Path) -> str:
    used = tokens.recorded_usage(cache_dir)
    rows = [
        [f"article {i + 1}", *(str(u[k]) for k in ("attempts", "prompt_tokens", "completion_tokens"))]
        if u
        else [f"article {i + 1}", "not in the cache", "", ""]
        for i, u in enumerate(used["articles"])
    ]
    text = "### Tokens the embedded model reported (recorded usage, re-asks included)\n\n"
    text += table(["sample article", "HTTP calls", "prompt tokens", "completion tokens"], rows)
    return text + (
        f"\n\nPer briefing (every call in the cache): {used['calls']} cached answers from {used['attempts']} "
        f"HTTP calls, {used['prompt_tokens']} prompt and {used['completion_tokens']} completion tokens."
    )


def _share(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def tokens_section(embedded_cache: Path | None) -> str:
    count, name = tokens.tokenizer()
    _, openai_name = openai_tokens.o200k()
    rows = tokens.per_article(count)
    s = tokens.summary(rows)
    briefing = tokens.per_briefing(count)
    body = [
        [
            f"article {i + 1}",
            f"{r.article} / {r.openai_article}",
            f"{r.llama if r.llama is not None else 'n/a'} / {r.openai_prompt}",
            f"{r.schema} / {r.bounded_schema} / {r.openai_tool}",
            f"**{_share(r.llama_overhead)}**",
            f"**{_share(r.openai_overhead)}**",
            _share(r.overhead),
        ]
        for i, r in enumerate(rows)
    ]
    header = ["sample article", "article's own: SmolLM2 / o200k", "prompt: llama.cpp / OpenAI"]
    header += ["tool schema: lean JSON / bounded JSON / OpenAI formula", "overhead, llama.cpp (embedded)"]
    header += ["overhead, OpenAI (cookbook formula)", "overhead, tool JSON in the prompt"]
    text = f"### Tokens ({name}; OpenAI: {openai_name})\n\n" + table(header, body)
    text += (
        f"\n\nPer article (median): {s['article_median']:.0f} article tokens; prompt overhead (everything but the "
        f"article, over the article) {_share(s['llama_median'])} on the embedded llama.cpp server, "
        f"{_share(s['openai_median'])} on OpenAI by its cookbook's formula (the tool {s['openai_tool']} tokens), "
        f"{_share(s['overhead_median'])} where a chat template pastes the tool's JSON "
        f"({s['schema']} tokens; {s['bounded_schema']} with the bounds the embedded model's grammar keeps); "
        f"the message text alone {_share(s['template_median'])}.\nPer briefing of the 5 articles (cold, fake "
        f"server): {briefing['calls']} calls {briefing['by_schema']}, {briefing['prompt_tokens']} prompt tokens."
    )
    return text + (f"\n\n{recorded_section(embedded_cache)}" if embedded_cache else "")


def memory_section() -> str:
    measured = orchestration.peak_rss([100, 1000])
    rows = [[str(n), f"{rss:.0f}", f"{seconds:.1f}"] for n, (rss, seconds) in measured.items()]
    return "### Peak RSS of `summarizer summarize DIR -o FILE.jsonl --concurrency 32` (L = 10 ms)\n\n" + table(
        ["N", "peak RSS MiB", "wall s"], rows
    )


def web_section(quick: bool) -> str:
    delay = 0.05
    rows = []
    for pages in [20] if quick else [20, 200]:
        for r in web.feed_runs(pages, delay):
            cold = r.what.startswith("cold")
            rows.append(
                [
                    r.what,
                    str(r.pages),
                    f"{web.ideal(r.pages, delay):.2f}",
                    f"{r.wall:.2f}",
                    f"{r.cpu / r.pages * 1000:.1f}",
                    f"{r.downloaded} / {r.revalidated}" + ("" if cold else " (no body sent)"),
                ]
            )
    header = ["run", "pages", "ideal (1 + pages/8)×L s", "wall s", "client CPU ms/page", "answers 200 / 304"]
    return f"### Reading a feed's pages from the web (L = {delay * 1000:.0f} ms, 8 fetches at a time)\n\n" + table(
        header, rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Batch benchmarks.")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=SECTIONS, action="append")
    parser.add_argument("--delay", type=float, default=0.2, help="server delay L in seconds")
    parser.add_argument("--embedded-cache", type=Path, help="a cache filled by `summarizer brief` of the sample")
    args = parser.parse_args()
    chosen = args.only or list(SECTIONS)
    print(f"Machine: {machine()}\n", flush=True)
    runs = {
        "overhead": lambda: overhead_section(args.quick, args.delay),
        "cache": lambda: cache_section(args.embedded_cache),
        "tokens": lambda: tokens_section(args.embedded_cache),
        "memory": memory_section,
        "web": lambda: web_section(args.quick),
        "judge": judge.judge_section,
        "large": lambda: large.TITLE + "\n\n" + table(large.HEADER, large.measured()),
        "prefix": prefix.prefix_section,  # starts the embedded server: about a minute of CPU
    }
    for name in chosen:
        print(runs[name]() + "\n", flush=True)


if __name__ == "__main__":
    sys.exit(main())

"""Start one crawl in its own process and report what it did.

Scrapy's Twisted reactor cannot be restarted in a process, so the pipeline
(and Dagster) never imports Scrapy: each crawl is ``python -m scrapers.run``
in a subprocess with a timeout. Its stderr is forwarded line by line as
progress; its stdout carries the JSON summary the runner prints at the end.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pipeline.paths import DataPaths

EXIT_MEANINGS = {
    0: "ok",
    2: "bad usage or source.yml",
    3: "fewer items than the source's declared minimum",
    4: "the crawl did not finish",
    5: "the replay archive lacks requested pages",
}


@dataclass
class CrawlResult:
    slug: str
    exit_code: int
    summary: dict[str, Any] = field(default_factory=dict)
    stderr_tail: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    def explain(self) -> str:
        """A one-paragraph explanation fit for an error message."""
        meaning = EXIT_MEANINGS.get(self.exit_code, "crashed")
        failures = "; ".join(self.summary.get("failures", [])) or "\n".join(self.stderr_tail[-8:])
        return f"crawl of {self.slug} failed (exit {self.exit_code}: {meaning}): {failures}"


def crawl_source(
    slug: str,
    data: DataPaths,
    *,
    live: bool = False,
    full: bool = False,
    record: bool = True,
    timeout: float = 3600,
    on_line: Callable[[str], None] | None = None,
) -> CrawlResult:
    """Run ``python -m scrapers.run`` for one source; never raises on crawl failure."""
    cmd = [sys.executable, "-m", "scrapers.run", slug, "--data-dir", str(data.root)]
    if live:
        cmd.append("--live")
        if not record:
            cmd.append("--no-record")
    if full:
        cmd.append("--full")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace")
    tail: list[str] = []
    out_lines: list[str] = []

    def pump_stderr() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            line = line.rstrip("\n")
            tail.append(line)
            del tail[:-200]
            if on_line is not None:
                on_line(line)

    def pump_stdout() -> None:
        assert proc.stdout is not None
        out_lines.extend(proc.stdout)

    # both pipes are drained by their own thread, so neither can fill up and block the crawl
    readers = [threading.Thread(target=pump_stderr, daemon=True), threading.Thread(target=pump_stdout, daemon=True)]
    for reader in readers:
        reader.start()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        for reader in readers:
            reader.join(timeout=5)
        return CrawlResult(slug, 4, {"failures": [f"crawl process killed after {timeout:.0f} s"]}, tail)
    for reader in readers:
        reader.join(timeout=30)
    stdout = "".join(out_lines)
    summary: dict[str, Any] = {}
    for line in reversed((stdout or "").strip().splitlines()):
        try:
            summary = json.loads(line)
            break
        except json.JSONDecodeError:
            continue
    return CrawlResult(slug, proc.returncode, summary, tail)

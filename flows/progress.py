"""A progress bar for long runs on a terminal (rich), and nothing at all when output is not a TTY."""
from __future__ import annotations

import contextlib
import sys


@contextlib.contextmanager
def progress_bar(total: int, enabled: bool):
    """Yield `advance(n)`; draws a transient bar on stderr only when enabled and stderr is a terminal."""
    if not enabled or not sys.stderr.isatty() or total == 0:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("documents", total=total)
        yield lambda n: progress.advance(task, n)

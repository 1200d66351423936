"""The `summarizer` command: flags and environment to settings, domain errors to one-line messages.

Takes: the command line. Gives: output files or stdout, and an exit code (0 all done, 1 some inputs
failed, 2 usage error). The only place that prints to a terminal or exits; nothing imports it but
`__main__`.
"""

from summarizer.cli.main import main

__all__ = ["main"]

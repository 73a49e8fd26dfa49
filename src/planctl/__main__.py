"""Allow ``python -m planctl``."""

from planctl.cli import main

main()

"""Entry script of the frozen app (PyInstaller needs a script, not a console entry point)."""

import sys

from configurator.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

"""`python -m configurator` and the `configurator` console script."""

import sys


def main() -> int:
    """Start the GUI without a subcommand, otherwise run the CLI."""
    from configurator.cli.main import run

    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())

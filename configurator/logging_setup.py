"""One log file per data folder, rotated, so a shop can send it along with a bug report."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_HANDLER_NAME = "configurator-file"


def setup_logging(log_file: Path, *, level: int = logging.INFO) -> None:
    """Send the package's log records to `log_file` (idempotent: a second call moves it)."""
    root = logging.getLogger("configurator")
    root.setLevel(level)
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()
    log_file.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.set_name(_HANDLER_NAME)
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(file_handler)

"""One running app per data folder: a second start brings the first window to the front.

Two GUI instances on one data folder would be two writers fighting over one clerk's session
state; the database would survive it, the clerk would not. The first instance listens on a
local socket named after the data folder (and the user); a second instance that reaches it
asks it to come to the front and exits. A socket left behind by a crashed instance is removed.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QObject, Signal

_CONNECT_TIMEOUT_MS = 500
_RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    key = f"{getpass.getuser()}:{data_dir.expanduser().resolve()}"
    return "configurator-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _no_server_socket(name: str) -> bool:
    """True when no instance can be listening: on Unix, QLocalServer's socket is the file
    `QDir.tempPath()/name`. Saves loading QtNetwork before the first paint in the usual case
    of a single start."""
    if sys.platform.startswith("win"):
        return False  # a named pipe: ask Qt
    return not (Path(QDir.tempPath()) / name).exists()


def ask_running_instance_to_raise(data_dir: Path) -> bool:
    """True when another instance serves this data folder (it was asked to come forward)."""
    name = server_name(data_dir)
    if _no_server_socket(name):
        return False
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(_CONNECT_TIMEOUT_MS):
        return False
    socket.write(_RAISE)
    socket.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class SingleInstanceServer(QObject):
    """Listens for later starts and emits `raise_requested` for each."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # left behind by a crashed instance
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            # The socket is a child of the server and dies with it; a later start is rare
            # enough that keeping its few bytes beats racing deleteLater() against readyRead.
            socket.readyRead.connect(self._on_message)

    def _on_message(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        socket = self.sender()
        if isinstance(socket, QLocalSocket) and bytes(socket.readAll().data()).startswith(
            _RAISE.strip()
        ):
            self.raise_requested.emit()

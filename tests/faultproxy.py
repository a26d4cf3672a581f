"""A TCP proxy for fault drills: between the app and a service, on 127.0.0.1.

`stop()` closes it (new connections are refused, open ones reset), `start()`
opens it again on the same port; `blackhole()` keeps accepting but forwards
nothing either way (what it reads is held, as a partitioned network holds
packets), and `restore()` forwards again, held bytes first.
"""

import contextlib
import select
import socket
import threading
import time


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.port = 0
        self.forwarding = threading.Event()
        self.forwarding.set()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def start(self) -> "FaultProxy":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def blackhole(self) -> None:
        self.forwarding.clear()

    def restore(self) -> None:
        self.forwarding.set()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(
                    target=self._pump, args=(source, target), daemon=True
                ).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        held = b""
        try:
            while True:
                if held and self.forwarding.is_set():
                    target.sendall(held)
                    held = b""
                readable, _, _ = select.select([source], [], [], 0.05)
                if not readable:
                    continue
                if not self.forwarding.is_set() and len(held) > 1 << 20:
                    time.sleep(0.05)  # A partition: stop reading at last.
                    continue
                data = source.recv(65536)
                if not data:
                    break
                held += data
        except (OSError, ValueError):
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def fault_proxy(upstream_port: int):
    proxy = FaultProxy(upstream_port).start()
    try:
        yield proxy
    finally:
        proxy.restore()
        proxy.stop()

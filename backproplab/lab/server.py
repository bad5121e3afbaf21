"""The kernel connection ``backproplab lab`` gives JupyterLab: every explorer move answered without a 40 ms stall.

An explorer move is a short exchange of small messages: the browser sends the new slider value, and
the kernel answers with a few small state updates and one picture. jupyter_server relays them over a
websocket whose socket keeps Nagle's algorithm on, so a small frame that follows another waits until
the browser acknowledges the first, and browsers delay that acknowledgement by up to 40 ms. Measured
here in JupyterLab/Chromium on a bare slider and a picture: a move that sends two messages (a slider
linked to a ``Play``) took 85 ms median with the default connection and 57 ms with this one (one
message: 55 ms either way, with an occasional 40 ms stall). ``bench/browser_latency.py --server``
compares the two.

:class:`LowLatencyKernelConnection` is jupyter_server's own connection with ``TCP_NODELAY`` set
on the websocket (Tornado's ``set_nodelay``), chosen through the documented option
``ServerApp.kernel_websocket_connection_class``. Nothing else changes. ``backproplab lab`` uses it
when this jupyter_server has that class (:func:`server_options`); a JupyterLab started any other way
works as before, only with the occasional stall.
"""
from __future__ import annotations

__all__ = ["LowLatencyKernelConnection", "server_options", "CONNECTION_OPTION"]

CONNECTION_OPTION = "--ServerApp.kernel_websocket_connection_class=backproplab.lab.server.LowLatencyKernelConnection"

try:
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
except ImportError:                # no JupyterLab in this environment, or a jupyter_server without the class
    ZMQChannelsWebsocketConnection = None


if ZMQChannelsWebsocketConnection is not None:
    class LowLatencyKernelConnection(ZMQChannelsWebsocketConnection):
        """jupyter_server's kernel websocket connection, with small frames sent at once (TCP_NODELAY)."""

        def connect(self):
            self.websocket_handler.set_nodelay(True)
            return super().connect()
else:                                           # pragma: no cover  (jupyter_server is installed with the lab set)
    LowLatencyKernelConnection = None


def server_options() -> list[str]:
    """The command-line options ``backproplab lab`` adds to ``jupyter lab``: the low-latency kernel
    connection where this jupyter_server supports it, else none."""
    return [CONNECTION_OPTION] if LowLatencyKernelConnection is not None else []

"""Starting `rubric serve` on a free loopback port and talking HTTP to it (standard library
only). The server binary is $RUBRIC_CLI (set by ctest); the sources are $RUBRIC_SOURCE_DIR."""
import http.client
import json
import os
import pathlib
import signal
import socket
import subprocess
import tempfile
import threading
import time

SOURCE = pathlib.Path(os.environ.get("RUBRIC_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
CLI = os.environ.get("RUBRIC_CLI", str(SOURCE / "build" / "ci" / "bin" / "rubric"))
GRADES = SOURCE / "examples" / "guide" / "06_grades.rubric"
GRADES_CSV = SOURCE / "examples" / "guide" / "06_grades.csv"
CONSORTIUM = SOURCE / "examples" / "consortium" / "standard.rubric"


class Server:
    """A `rubric serve` process; stopped (SIGTERM, then SIGKILL) by stop() or `with`."""

    def __init__(self, standards=(GRADES,), extra=(), token=None, log=None):
        self.dir = tempfile.TemporaryDirectory()
        args = [CLI, "serve", "--listen", "127.0.0.1:0", "--standard", *map(str, standards)]
        if token is not None:
            token_file = pathlib.Path(self.dir.name) / "token"
            token_file.write_text(token + "\n")
            args += ["--token-file", str(token_file)]
        if log is not None:
            args += ["--log", str(log)]
        args += list(extra)
        self.process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
        self.stderr_lines = []
        self.port = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            self.stderr_lines.append(line)
            if "listening on http://127.0.0.1:" in line:
                self.port = int(line.split("127.0.0.1:")[1].split()[0])
                break
        if self.port is None:
            self.process.kill()
            raise RuntimeError("the server did not start: " + "".join(self.stderr_lines))
        # Keep reading standard error so that the server never blocks on it.
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        for line in self.process.stderr:
            self.stderr_lines.append(line)

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, token=None, timeout=30):
        """(status, headers, body as text); a dict or list body is sent as JSON."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode()
            headers.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        connection = self.connection(timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            connection.close()

    def json(self, method, path, body=None, **kwargs):
        """(status, parsed JSON body)."""
        status, _, text = self.request(method, path, body, **kwargs)
        return status, json.loads(text)

    def metric(self, name, token=None):
        """The value of an unlabelled metric line `name VALUE`."""
        _, _, text = self.request("GET", "/metrics", token=token)
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise KeyError(name)

    def raw(self, data, read=True, timeout=10):
        """Sends raw bytes on a new connection; returns what comes back until EOF."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
            sock.sendall(data)
            if not read:
                return b""
            chunks = []
            try:
                while True:
                    chunk = sock.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (ConnectionResetError, socket.timeout):
                pass
            return b"".join(chunks)

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(5)
        self.process.stderr.close()
        self.dir.cleanup()
        # A sanitizer's report (the asan and tsan builds) fails the test that ran the server.
        report = [line for line in self.stderr_lines if "Sanitizer" in line]
        if report:
            raise AssertionError("the server reported:\n" + "".join(self.stderr_lines[-80:]))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def row(entity, period, **values):
    return {"entity": entity, "period": period, "values": values}


# The rows of examples/guide/06_grades.csv, as JSON rows.
GRADES_ROWS = [
    row("苏州", 2023, p1_1_1=True, p1_1_2=True, p3_2_1=320.5, p6_1_2=620, p7_1_2=1250, n16_1=False),
    row("苏州", 2024, p1_1_1=True, p1_1_2=True, p3_2_1=410, p6_1_2=700, p7_1_2=1400, n16_1=True),
    row("常州", 2023, p1_1_1=False, p1_1_2=False, p3_2_1=60, p6_1_2=0, p7_1_2=300, n16_1=False),
]

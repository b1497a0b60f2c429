"""Faults: bodies that are not good JSON, 10^6 rows in one request, a reload during load, a
client that disconnects mid-request, garbage instead of HTTP, and the decision log after
`kill -9` in the middle of a batch."""
import json
import pathlib
import signal
import socket
import tempfile
import threading
import time
import unittest

from serve_support import GRADES, GRADES_ROWS, Server, row


def error(text):
    return json.loads(text)["error"]


class BadBodiesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def post(self, body):
        return self.server.request("POST", "/v1/score", body,
                                   headers={"Content-Type": "application/json"})

    def test_malformed_json(self):
        for body in (b'{"rows": [', b"{rows: []}", b'{"rows": []} x', b"", b"nul"):
            status, _, text = self.post(body or b" ")
            self.assertEqual(status, 400, body)
            self.assertEqual(error(text)["code"], "bad_json")
            self.assertIn("offset", error(text)["diagnostics"][0])

    def test_invalid_utf8(self):
        body = '{"standard": "grades_demo", "rows": [{"entity": "'.encode() + b"\xff\xfe" + \
            b'", "period": 2024}]}'
        status, _, text = self.post(body)
        self.assertEqual(status, 400)
        self.assertIn("UTF-8", error(text)["message"])
        self.assertEqual(error(text)["diagnostics"][0]["offset"], body.index(b"\xff"))

    def test_duplicated_keys(self):
        status, _, text = self.post(b'{"standard": "grades_demo", "rows": [{"entity": "A", '
                                    b'"period": 2024, "values": {"p3_2_1": 1, "p3_2_1": 2}}]}')
        self.assertEqual(status, 400)
        self.assertIn('"p3_2_1" appears twice', error(text)["message"])

    def test_numbers_out_of_range(self):
        status, _, text = self.post(b'{"standard": "grades_demo", "rows": [{"entity": "A", '
                                    b'"period": 2024, "values": {"p3_2_1": 1e400}}]}')
        self.assertEqual(status, 400)
        self.assertIn("out of range", error(text)["message"])
        status, _, text = self.post(b'{"standard": "grades_demo", "rows": [{"entity": "A", '
                                    b'"period": 123456789012345678901234567890}]}')
        self.assertEqual((status, error(text)["diagnostics"][0]["code"]), (422, "D0005"))
        status, _, text = self.post(b'{"standard": "grades_demo", "rows": [{"entity": "A", '
                                    b'"period": 2024, "values": {"p7_1_2": 2.5}}]}')
        self.assertEqual((status, error(text)["diagnostics"][0]["code"]), (422, "D0102"))

    def test_deep_nesting(self):
        status, _, text = self.post(b"[" * 100000 + b"]" * 100000)
        self.assertEqual(status, 400)
        self.assertTrue(self.server.alive())

    def test_garbage_instead_of_http(self):
        raw = self.server.raw(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100)
        self.assertTrue(raw == b"" or raw.startswith(b"HTTP/1.1 400"), raw[:100])
        raw = self.server.raw(b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n")
        self.assertTrue(raw == b"" or raw.startswith(b"HTTP/1.1 400"), raw[:100])
        self.assertEqual(self.server.request("GET", "/healthz")[0], 200)


def million_rows():
    one = json.dumps(row("E", 2024, p3_2_1=150)).encode()
    return b'{"standard": "grades_demo", "rows": [' + b",".join([one] * 1000000) + b"]}"


class MillionRowsTest(unittest.TestCase):
    def test_refused_by_the_body_limit(self):
        body = million_rows()
        with Server() as server:  # default --max-body-bytes 16 MiB
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
                # The headers announce the body's length: the answer comes before the body is
                # sent (reading it first keeps a reset from discarding it).
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
                answer = sock.recv(65536)
                try:
                    sock.sendall(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass
            self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:200])
            self.assertEqual(server.request("GET", "/healthz")[0], 200)

    def test_refused_by_the_rows_limit_without_building_them(self):
        body = million_rows()
        with Server(extra=["--max-body-bytes", str(len(body) + 1000)]) as server:
            status, _, text = server.request("POST", "/v1/score", body,
                                             headers={"Content-Type": "application/json"},
                                             timeout=120)
            self.assertEqual((status, error(text)["code"]), (413, "too_many_rows"))
            # The parse stopped at the limit: the process never held a million rows.
            self.assertLess(server.metric("process_resident_memory_bytes"), 1.5e9)


class ReloadUnderLoadTest(unittest.TestCase):
    def test_every_answer_matches_the_version_it_names(self):
        folder = tempfile.TemporaryDirectory()
        path = pathlib.Path(folder.name) / "grades.rubric"
        source = GRADES.read_text()
        # Version 2 doubles the threshold of T3_2: 常州 2023 with p3_2_1 = 150 loses 2 points.
        v1 = source.replace("total 10", 'version "1"\n  total 10')
        v2 = v1.replace('version "1"', 'version "2"').replace("threshold(p3_2_1, 100)",
                                                               "threshold(p3_2_1, 200)")
        path.write_text(v1)
        expected = {"1": 2 + 2 + 3 * 0.3 + 3 * 0.3, "2": 2 + 0 + 3 * 0.3 + 3 * 0.3}
        rows = [row("A", 2024, p1_1_1=True, p1_1_2=True, p3_2_1=150, p6_1_2=150, p7_1_2=300)]
        failures = []
        seen = set()
        stop = threading.Event()
        with Server(standards=(path,)) as server:
            def client():
                while not stop.is_set():
                    try:
                        status, body = server.json("POST", "/v1/score",
                                                   {"standard": "grades_demo", "rows": rows})
                    except Exception as e:  # noqa: BLE001 - every failure is reported
                        failures.append(repr(e))
                        continue
                    if status != 200:
                        failures.append((status, body))
                        continue
                    version = body["standard"]["version"]
                    seen.add(version)
                    if abs(body["rows"][0]["total"] - expected[version]) > 1e-9:
                        failures.append(("wrong total", version, body["rows"][0]["total"]))

            threads = [threading.Thread(target=client) for _ in range(4)]
            for thread in threads:
                thread.start()
            for k in range(10):
                path.write_text(v2 if k % 2 == 0 else v1)
                if k % 3 == 0:
                    server.process.send_signal(signal.SIGHUP)
                else:
                    self.assertEqual(server.request("POST", "/v1/reload")[0] in (200, 409), True)
                time.sleep(0.2)
            # A broken version is refused while clients keep being answered.
            path.write_text("standard grades_demo { broken")
            status, _, text = server.request("POST", "/v1/reload")
            self.assertEqual(status, 422)
            self.assertTrue(error(text)["diagnostics"])
            time.sleep(0.3)
            stop.set()
            for thread in threads:
                thread.join()
            self.assertEqual(failures, [])
            self.assertEqual(seen, {"1", "2"})
            self.assertTrue(server.alive())
        folder.cleanup()


class DisconnectTest(unittest.TestCase):
    def test_a_client_that_leaves_frees_its_connection(self):
        with Server() as server:
            # Leaves in the middle of the body.
            with socket.create_connection(("127.0.0.1", server.port)) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nContent-Length: 100000\r\n\r\n{\"rows\": [")
            # Leaves right after sending a large batch, without reading the answer.
            rows = [row("E%d" % k, 2024, p3_2_1=k, p6_1_2=k) for k in range(20000)]
            body = json.dumps({"standard": "grades_demo", "rows": rows}).encode()
            with socket.create_connection(("127.0.0.1", server.port)) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
            # Both connections close: only the metrics request's own stays open (a reading
            # may also catch the previous metrics request before the server saw it close).
            deadline = time.monotonic() + 20
            open_connections = None
            while time.monotonic() < deadline and open_connections != 1:
                open_connections = server.metric("rubric_connections")
                time.sleep(0.1)
            self.assertEqual(open_connections, 1)
            self.assertEqual(server.json("POST", "/v1/score", {"standard": "grades_demo",
                                                               "rows": GRADES_ROWS})[0], 200)


class KillDuringBatchTest(unittest.TestCase):
    def test_the_log_keeps_whole_records_only(self):
        folder = tempfile.TemporaryDirectory()
        log = pathlib.Path(folder.name) / "decisions.jsonl"
        rows = [row("E%d" % k, 2024, p1_1_1=True, p3_2_1=k, p6_1_2=k, p7_1_2=k)
                for k in range(3000)]
        body = {"standard": "grades_demo", "rows": rows}
        server = Server(log=log)
        stop = threading.Event()

        def client():
            while not stop.is_set():
                try:
                    server.request("POST", "/v1/score", body)
                except Exception:  # noqa: BLE001 - the server is killed under it
                    return

        threads = [threading.Thread(target=client) for _ in range(3)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (not log.exists() or log.stat().st_size < 3_000_000):
            time.sleep(0.01)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        stop.set()
        for thread in threads:
            thread.join()
        server.stop()
        data = log.read_bytes()
        self.assertGreater(len(data), 3_000_000)
        # The kernel may stop a large write between pages: at most the last line is torn.
        whole = data[:data.rfind(b"\n") + 1]
        # A server started on the log removes a torn last line, and only that.
        Server(log=log).stop()
        self.assertEqual(log.read_bytes(), whole)
        runs = {}
        for line in whole.decode().splitlines():
            record = json.loads(line)
            self.assertEqual(record["standard"]["id"], "grades_demo")
            self.assertIn("total", record)
            self.assertEqual(record["rows"], 3000)
            runs[record["run"]] = runs.get(record["run"], 0) + 1
        # Every request's run is whole but the one the kill cut short (which readers report
        # as incomplete: its answer was never sent).
        self.assertLessEqual(sum(1 for n in runs.values() if n != 3000), 1)
        self.assertGreater(sum(1 for n in runs.values() if n == 3000), 0)
        folder.cleanup()


if __name__ == "__main__":
    unittest.main()

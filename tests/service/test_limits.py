"""Each limit of `rubric serve`, set by its flag and exceeded over HTTP: body size, header
size, rows per request, concurrent connections, sessions, session memory, and the time to
read a request (a slow "slowloris" client and an idle one are cut off)."""
import json
import socket
import time
import unittest

from serve_support import GRADES_ROWS, Server, row


def error_code(text):
    return json.loads(text)["error"]["code"]


def status_of(raw):
    """The status code of a raw HTTP response, or None when there is none."""
    if not raw.startswith(b"HTTP/1.1 "):
        return None
    return int(raw.split(b" ", 2)[1])


class LimitsTest(unittest.TestCase):
    def test_body_size(self):
        with Server(extra=["--max-body-bytes", "1000"]) as server:
            small = {"standard": "grades_demo", "rows": GRADES_ROWS[:1]}
            self.assertEqual(server.json("POST", "/v1/score", small)[0], 200)
            big = {"standard": "grades_demo",
                   "rows": [row("E%d" % k, 2024, p3_2_1=k) for k in range(100)]}
            payload = json.dumps(big).encode()
            self.assertGreater(len(payload), 1000)
            status, _, text = server.request("POST", "/v1/score", payload,
                                             headers={"Content-Type": "application/json"})
            self.assertEqual((status, error_code(text)), (413, "body_too_large"))
            # Announced by Content-Length alone: answered before the body is sent.
            raw = server.raw(b"POST /v1/score HTTP/1.1\r\nHost: x\r\n"
                             b"Content-Length: 100000000\r\n\r\n")
            self.assertEqual(status_of(raw), 413)
            self.assertTrue(server.alive())

    def test_header_size(self):
        with Server(extra=["--max-header-bytes", "1024"]) as server:
            self.assertEqual(server.request("GET", "/healthz", headers={"X-Pad": "a" * 500})[0],
                             200)
            status, _, text = server.request("GET", "/healthz", headers={"X-Pad": "a" * 4000})
            self.assertEqual((status, error_code(text)), (431, "headers_too_large"))

    def test_rows_per_request(self):
        with Server(extra=["--max-rows", "5"]) as server:
            rows = [row("E%d" % k, 2024, p3_2_1=k) for k in range(6)]
            self.assertEqual(server.json("POST", "/v1/score",
                                         {"standard": "grades_demo", "rows": rows[:5]})[0], 200)
            status, body = server.json("POST", "/v1/score",
                                       {"standard": "grades_demo", "rows": rows})
            self.assertEqual((status, body["error"]["code"]), (413, "too_many_rows"))
            csv = "entity,period,p3_2_1\n" + "".join("E%d,2024,1\n" % k for k in range(6))
            status, _, text = server.request("POST", "/v1/score?standard=grades_demo", csv,
                                             headers={"Content-Type": "text/csv"})
            self.assertEqual((status, error_code(text)), (413, "too_many_rows"))

    def test_concurrent_connections(self):
        with Server(extra=["--max-connections", "3"]) as server:
            held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(3)]
            try:
                time.sleep(0.5)  # the server accepts them
                raw = server.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertEqual(status_of(raw), 503)
                self.assertIn(b"too_many_connections", raw)
            finally:
                for sock in held:
                    sock.close()
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                status, _, _ = server.request("GET", "/healthz")
                if status == 200:
                    break
                time.sleep(0.1)
            self.assertEqual(status, 200)
            self.assertGreaterEqual(server.metric("rubric_connections_refused_total"), 1)

    def test_concurrent_sessions(self):
        with Server(extra=["--max-sessions", "2"]) as server:
            for _ in range(2):
                self.assertEqual(server.json("POST", "/v1/sessions", {})[0], 201)
            status, body = server.json("POST", "/v1/sessions", {})
            self.assertEqual((status, body["error"]["code"]), (429, "too_many_sessions"))
            self.assertEqual(server.metric("rubric_sessions"), 2)

    def test_session_memory(self):
        with Server(extra=["--max-session-memory", "200000"]) as server:
            status, created = server.json("POST", "/v1/sessions", {})
            self.assertEqual(status, 201)
            path = "/v1/sessions/%s/values" % created["session"]
            self.assertEqual(server.json("POST", path, {"rows": GRADES_ROWS})[0], 200)
            rows = [row("E%d" % k, 2024, p3_2_1=k) for k in range(20000)]
            status, body = server.json("POST", path, {"rows": rows})
            self.assertEqual((status, body["error"]["code"]), (429, "session_memory"))
            self.assertLessEqual(server.metric("rubric_session_memory_bytes"), 200000)

    def test_slow_client_is_cut_off(self):
        with Server(extra=["--request-timeout", "1"]) as server:
            start = time.monotonic()
            closed_after = None
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
                # One byte every 0.2 s: each read is quick, the request never ends.
                try:
                    for _ in range(50):
                        sock.sendall(b"{")
                        time.sleep(0.2)
                except (BrokenPipeError, ConnectionResetError):
                    closed_after = time.monotonic() - start
                if closed_after is None:
                    sock.settimeout(5)
                    try:
                        data = sock.recv(100)
                    except ConnectionResetError:
                        data = b""
                    if data == b"":
                        closed_after = time.monotonic() - start
            self.assertIsNotNone(closed_after, "the slow client was not cut off")
            self.assertLess(closed_after, 9)
            # An idle connection is closed too.
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                start = time.monotonic()
                self.assertEqual(sock.recv(100), b"")
                self.assertLess(time.monotonic() - start, 9)
            # The server counts a timeout as it closes the connection: the count may land
            # just after the client sees the close.
            deadline = time.monotonic() + 5
            while (server.metric("rubric_request_timeouts_total") < 2
                   and time.monotonic() < deadline):
                time.sleep(0.05)
            self.assertGreaterEqual(server.metric("rubric_request_timeouts_total"), 2)
            self.assertEqual(server.request("GET", "/healthz")[0], 200)


if __name__ == "__main__":
    unittest.main()

"""Functional tests of `rubric serve`: every route, over HTTP, against values known
independently (computed by hand from examples/guide/06_grades.rubric, and from `rubric
score` on the same data)."""
import json
import pathlib
import socket
import subprocess
import tempfile
import unittest

from serve_support import (CLI, CONSORTIUM, GRADES, GRADES_CSV, GRADES_ROWS, SOURCE, Server,
                           row)

# By hand from 06_grades.rubric: T1_1 2 x mean(p1_1_1, p1_1_2), T3_2 2 x threshold(p3_2_1,
# 100), T6_1 3 x ratio(p6_1_2, 500), T7_1 3 x ratio(p7_1_2, 1000); grades at 9, 7.5, 6.
EXPECTED = {
    ("苏州", 2023): (10, "优秀", False),
    ("苏州", 2024): (10, "不合格", True),  # vetoed (n16_1)
    ("常州", 2023): (0.9, "不合格", False),  # 3 x 300/1000
}


class ServiceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server(standards=(GRADES, CONSORTIUM))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def score(self, rows, **extra):
        return self.server.json("POST", "/v1/score",
                                {"standard": "grades_demo", "rows": rows, **extra})

    def test_healthz(self):
        status, _, body = self.server.request("GET", "/healthz")
        self.assertEqual((status, body), (200, "ok\n"))

    def test_standards_list_ids_versions_and_hashes(self):
        status, body = self.server.json("GET", "/v1/standards")
        self.assertEqual(status, 200)
        listed = {s["id"]: s for s in body["standards"]}
        self.assertEqual(set(listed), {"grades_demo", "consortium"})
        self.assertEqual(listed["consortium"]["version"], "2023-trial")
        for standard in listed.values():
            self.assertRegex(standard["content_hash"], r"^sha256:[0-9a-f]{64}$")
        self.assertEqual(body["generation"], 1)

    def test_standard_detail(self):
        status, body = self.server.json("GET", "/v1/standards/grades_demo")
        self.assertEqual(status, 200)
        inputs = {i["id"]: i for i in body["inputs"]}
        self.assertEqual(inputs["p1_1_1"]["type"], "bool")
        self.assertEqual(inputs["p3_2_1"]["min"], 0)
        self.assertEqual(body["grades"], ["优秀", "良好", "合格", "不合格", "不合格"])
        status, body = self.server.json("GET", "/v1/standards/nope")
        self.assertEqual((status, body["error"]["code"]), (404, "unknown_standard"))

    def test_score_json_rows(self):
        status, body = self.score(GRADES_ROWS)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["standard"]["id"], "grades_demo")
        self.assertEqual(len(body["rows"]), 3)
        for result in body["rows"]:
            total, grade, vetoed = EXPECTED[(result["entity"], result["period"])]
            self.assertAlmostEqual(result["total"], total, places=12)
            self.assertEqual(result["grade"], grade)
            self.assertEqual(result["vetoed"], vetoed)
            self.assertEqual(result["vetoes"], ["T16_1"] if vetoed else [])
            self.assertNotIn("nodes", result)

    def test_score_with_nodes(self):
        status, body = self.score(GRADES_ROWS[2:], nodes=True)
        self.assertEqual(status, 200, body)
        nodes = body["rows"][0]["nodes"]
        self.assertAlmostEqual(nodes["T7_1"], 0.9)
        self.assertEqual(nodes["T1_1"], 0)
        self.assertAlmostEqual(nodes["G2"], 0.9)

    def test_score_agrees_with_the_command_line(self):
        # The same data, through `rubric score --format json` (the CSV loader and the
        # report writer) and through the service's CSV body.
        cli = json.loads(subprocess.run([CLI, "score", str(GRADES), str(GRADES_CSV),
                                         "--format", "json"], capture_output=True,
                                        check=True, text=True).stdout)
        by_row = {(r["entity"], r["period"]): r for r in cli["rows"]}
        status, _, text = self.server.request(
            "POST", "/v1/score?standard=grades_demo", GRADES_CSV.read_bytes(),
            headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 200, text)
        served = json.loads(text)["rows"]
        self.assertEqual(len(served), len(by_row))
        for result in served:
            expected = by_row[(result["entity"], result["period"])]
            self.assertEqual(result["total"], expected["total"])
            self.assertEqual(result["grade"], expected["grade"])
            self.assertEqual(result["vetoed"], expected["vetoed"])

    def test_score_csv_long_layout(self):
        csv = ("entity,period,input,value\n"
               "常州,2023,p1_1_1,否\n常州,2023,p1_1_2,否\n常州,2023,p3_2_1,60\n"
               "常州,2023,p6_1_2,0\n常州,2023,p7_1_2,300\n常州,2023,n16_1,否\n")
        status, _, text = self.server.request("POST", "/v1/score?standard=grades_demo", csv,
                                              headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 200, text)
        result = json.loads(text)["rows"][0]
        self.assertAlmostEqual(result["total"], 0.9)
        self.assertEqual(result["grade"], "不合格")

    def test_csv_errors_carry_line_positions(self):
        csv = "entity,period,p1_1_1,p3_2_1\nA,2024,maybe,10\n"
        status, _, text = self.server.request("POST", "/v1/score?standard=grades_demo", csv,
                                              headers={"Content-Type": "text/csv"})
        self.assertEqual(status, 422, text)
        diagnostic = json.loads(text)["error"]["diagnostics"][0]
        self.assertEqual((diagnostic["code"], diagnostic["file"], diagnostic["line"]),
                         ("D0102", "body", 2))

    def test_missing_values_and_enum_labels(self):
        rows = [row("C1", 2024, p1_1_1=True, p1_1_2=None, p3_2_1="150", p6_1_2=250,
                    p7_1_2=500, n16_1=False)]
        status, body = self.score(rows)
        self.assertEqual(status, 200, body)
        # missing p1_1_2 defaults to false: 2 x 0.5 + 2 + 3 x 0.5 + 3 x 0.5 = 6
        self.assertAlmostEqual(body["rows"][0]["total"], 6)
        self.assertEqual(body["rows"][0]["grade"], "合格")  # at least 6

    def test_data_errors_are_422_with_codes_and_paths(self):
        rows = [row("A", 2024, nope=1), row("B", 2024, p3_2_1=-5), row("C", 2024, p1_1_1=3)]
        status, body = self.score(rows)
        self.assertEqual(status, 422)
        found = {(d["code"], d["path"]) for d in body["error"]["diagnostics"]}
        self.assertEqual(found, {("D0101", "rows[0].values.nope"),
                                 ("D0102", "rows[1].values.p3_2_1"),
                                 ("D0102", "rows[2].values.p1_1_1")})

    def test_duplicate_rows_and_bad_periods(self):
        status, body = self.score([row("A", 2024), row("A", 2024)])
        self.assertEqual((status, body["error"]["diagnostics"][0]["code"]), (422, "D0104"))
        status, body = self.score([{"entity": "A", "period": 2024.5}])
        self.assertEqual((status, body["error"]["diagnostics"][0]["code"]), (422, "D0005"))
        status, body = self.score([{"entity": "", "period": 2024}])
        self.assertEqual((status, body["error"]["diagnostics"][0]["code"]), (422, "D0006"))

    def test_bad_requests_are_400(self):
        for body in ({"rows": GRADES_ROWS}, {"standard": "grades_demo"},
                     {"standard": "grades_demo", "rows": {}},
                     {"standard": "grades_demo", "rows": [], "extra": 1},
                     {"standard": 5, "rows": []}, [1, 2]):
            status, answer = self.server.json("POST", "/v1/score", body)
            self.assertEqual(status, 400, (body, answer))
            self.assertIn("message", answer["error"])

    def test_unknown_standard_and_pinned_hash(self):
        status, body = self.server.json("POST", "/v1/score", {"standard": "x", "rows": []})
        self.assertEqual((status, body["error"]["code"]), (404, "unknown_standard"))
        status, body = self.score([], content_hash="sha256:" + "0" * 64)
        self.assertEqual((status, body["error"]["code"]), (409, "standard_changed"))
        _, listing = self.server.json("GET", "/v1/standards")
        pinned = {s["id"]: s["content_hash"] for s in listing["standards"]}["grades_demo"]
        status, body = self.score(GRADES_ROWS, content_hash=pinned)
        self.assertEqual(status, 200)

    def test_routes_and_methods(self):
        status, body = self.server.json("GET", "/v2/score")
        self.assertEqual((status, body["error"]["code"]), (404, "no_route"))
        status, headers, _ = self.server.request("GET", "/v1/score")
        self.assertEqual(status, 405)
        self.assertEqual(headers["Allow"], "POST")
        status, _, _ = self.server.request("POST", "/v1/score", "{}",
                                           headers={"Content-Type": "text/xml"})
        self.assertEqual(status, 415)

    def test_explain_one_row(self):
        status, body = self.server.json("POST", "/v1/explain", {
            "standard": "grades_demo", "rows": GRADES_ROWS, "entity": "常州", "period": 2023,
            "node": "T7_1"})
        self.assertEqual(status, 200, body)
        explanation = body["explanation"]
        self.assertEqual(explanation["node"], "T7_1")
        self.assertEqual(explanation["inputs"][0]["id"], "p7_1_2")
        self.assertAlmostEqual(explanation["earned"], 0.9)
        status, body = self.server.json("POST", "/v1/explain", {
            "standard": "grades_demo", "rows": GRADES_ROWS, "entity": "常州", "period": 2099})
        self.assertEqual((status, body["error"]["code"]), (404, "unknown_row"))
        status, body = self.server.json("POST", "/v1/explain", {
            "standard": "grades_demo", "rows": GRADES_ROWS, "entity": "常州", "period": 2023,
            "node": "T99"})
        self.assertEqual((status, body["error"]["code"]), (404, "unknown_node"))

    def test_goal_one_row(self):
        status, body = self.server.json("POST", "/v1/goal", {
            "standard": "grades_demo", "rows": GRADES_ROWS, "entity": "常州", "period": 2023,
            "target": {"total": 3.9, "plan": False}})
        self.assertEqual(status, 200, body)
        goal = body["goal"]
        changes = {c["input"]: c for c in goal["single_changes"]}
        # 3 more points: p6_1_2 from 0 to 500 (3 x ratio(x, 500) = 3) does it alone; a
        # bool gives at most 1 point.
        self.assertTrue(changes["p6_1_2"]["reachable"])
        self.assertAlmostEqual(float(changes["p6_1_2"]["to"]), 500, places=6)
        self.assertFalse(changes["p1_1_1"]["reachable"])
        status, body = self.server.json("POST", "/v1/goal", {
            "standard": "grades_demo", "rows": GRADES_ROWS, "entity": "常州", "period": 2023,
            "target": {"grade": "nope"}})
        self.assertEqual((status, body["error"]["code"]), (422, "invalid_target"))

    def test_sessions(self):
        status, created = self.server.json("POST", "/v1/sessions", {"standard": "grades_demo"})
        self.assertEqual(status, 201, created)
        sid = created["session"]
        self.assertRegex(sid, r"^[0-9a-f]{32}$")
        path = "/v1/sessions/" + sid
        status, body = self.server.json("POST", path + "/values", {"rows": GRADES_ROWS[2:]})
        self.assertEqual(status, 200, body)
        self.assertAlmostEqual(body["rows"][0]["total"], 0.9)
        # An edit: p6_1_2 to 500 adds 3 points.
        status, body = self.server.json("POST", path + "/values",
                                        {"rows": [row("常州", 2023, p6_1_2=500)]})
        self.assertEqual(status, 200, body)
        self.assertAlmostEqual(body["rows"][0]["total"], 3.9)
        status, body = self.server.json("GET", path + "?nodes=true")
        self.assertEqual(status, 200)
        self.assertEqual(len(body["rows"]), 1)
        self.assertAlmostEqual(body["rows"][0]["nodes"]["T6_1"], 3)
        # A bad value changes nothing.
        status, body = self.server.json("POST", path + "/values",
                                        {"rows": [row("常州", 2023, p6_1_2=-1),
                                                  row("新", 2023, p6_1_2=1)]})
        self.assertEqual(status, 422)
        status, body = self.server.json("GET", path)
        self.assertEqual([r["entity"] for r in body["rows"]], ["常州"])
        self.assertAlmostEqual(body["rows"][0]["total"], 3.9)
        status, body = self.server.json("DELETE", path)
        self.assertEqual((status, body["deleted"]), (200, sid))
        for method, suffix in (("GET", ""), ("DELETE", ""), ("POST", "/values")):
            status, body = self.server.json(method, path + suffix, {"rows": []})
            self.assertEqual((status, body["error"]["code"]), (404, "unknown_session"))

    def test_metrics(self):
        self.server.request("GET", "/healthz")
        status, headers, text = self.server.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        self.assertIn('rubric_requests_total{route="healthz",status="200"}', text)
        self.assertIn('rubric_request_duration_seconds_bucket{route="healthz",le="+Inf"}', text)
        for name in ("rubric_sessions", "rubric_session_memory_bytes", "rubric_connections",
                     "process_resident_memory_bytes", "rubric_rows_scored_total"):
            self.assertIn("\n" + name + " ", text)
        # Every sample line is NAME{LABELS} VALUE or NAME VALUE with a number.
        for line in text.splitlines():
            if line.startswith("#"):
                continue
            float(line.rsplit(" ", 1)[1])


class HttpTest(unittest.TestCase):
    def test_expect_100_continue(self):
        body = json.dumps({"standard": "grades_demo", "rows": GRADES_ROWS}).encode()
        with Server() as server:
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             b"application/json\r\nExpect: 100-continue\r\n"
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body))
                self.assertEqual(sock.recv(100), b"HTTP/1.1 100 Continue\r\n\r\n")
                sock.sendall(body)
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            head, _, text = answer.partition(b"\r\n\r\n")
            self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
            self.assertEqual(len(json.loads(text)["rows"]), 3)

    def test_keep_alive_serves_several_requests(self):
        with Server() as server:
            connection = server.connection()
            for _ in range(3):
                connection.request("GET", "/v1/standards")
                response = connection.getresponse()
                self.assertEqual(response.status, 200)
                json.loads(response.read())
            connection.close()

    def test_bearer_token(self):
        with Server(token="correct horse") as server:
            self.assertEqual(server.request("GET", "/healthz")[0], 200)
            status, headers, text = server.request("GET", "/v1/standards")
            self.assertEqual((status, headers["WWW-Authenticate"]), (401, "Bearer"))
            self.assertEqual(json.loads(text)["error"]["code"], "unauthorized")
            self.assertEqual(server.request("GET", "/v1/standards", token="correct horsf")[0],
                             401)
            self.assertEqual(server.request("GET", "/metrics", token="correct horse")[0], 200)
            status, body = server.json("POST", "/v1/score",
                                       {"rows": GRADES_ROWS}, token="correct horse")
            self.assertEqual(status, 200)


class CommandLineTest(unittest.TestCase):
    def run_cli(self, *args):
        return subprocess.run([CLI, "serve", *map(str, args)], capture_output=True, text=True,
                              timeout=60)

    def test_usage_errors_exit_2(self):
        for args, message in (
                ((), "serve needs --standard FILE"),
                (("--standard", GRADES, "--listen", "nowhere"), "--listen takes HOST:PORT"),
                (("--standard", GRADES, "--listen", "example.org:80"), "not a numeric address"),
                (("--standard", GRADES, "--listen", "127.0.0.1:70000"), "the port must be"),
                (("--standard", GRADES, "--max-rows", "0"), "--max-rows takes a whole number"),
                (("--standard", GRADES, "--request-timeout", "-1"), "--request-timeout takes"),
                (("--standard", GRADES, "--frobnicate", "1"), "unknown option --frobnicate"),
                (("--standard", GRADES, "--token-file", "/nonexistent/token"),
                 "cannot read the token file")):
            result = self.run_cli(*args)
            self.assertEqual(result.returncode, 2, (args, result.stderr))
            self.assertIn(message, result.stderr, args)

    def test_a_standard_that_does_not_compile_exits_1(self):
        with tempfile.TemporaryDirectory() as folder:
            broken = pathlib.Path(folder) / "broken.rubric"
            broken.write_text("standard broken {\n  total 10\n  nonsense here\n}\n")
            result = self.run_cli("--standard", broken, "--listen", "127.0.0.1:0")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("broken.rubric:3:", result.stderr)
        self.assertIn("1 of 1 standards cannot be loaded", result.stderr)

    def test_two_files_with_one_id_are_refused(self):
        result = self.run_cli("--standard", GRADES, GRADES, "--listen", "127.0.0.1:0")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("loaded from two files", result.stderr)


class OpenApiTest(unittest.TestCase):
    """docs/service.openapi.json against the server: every operation it lists answers (is
    routed: no 404 no_route and no 405), and the server answers no route it leaves out."""

    def test_openapi_matches_the_routes(self):
        spec = json.loads((SOURCE / "docs" / "service.openapi.json").read_text())
        self.assertEqual(spec["openapi"][:2], "3.")
        operations = {(method.upper(), path) for path, item in spec["paths"].items()
                      for method in item if method in ("get", "post", "put", "delete", "patch")}
        with Server(standards=(GRADES,)) as server:
            for method, path in sorted(operations):
                concrete = path.replace("{id}", "0" * 32)
                status, _, text = server.request(method, concrete, b"" if method != "GET"
                                                 else None)
                self.assertNotEqual(status, 405, (method, path, text))
                if status == 404:
                    self.assertNotEqual(json.loads(text)["error"]["code"], "no_route",
                                        (method, path))
            # On the listed paths, every method the file leaves out is 405: the server has
            # no operation there that the file lacks (tests/unit/service_test.cc compares the
            # server's route table with the file's paths).
            for path in {p for _, p in operations}:
                concrete = path.replace("{id}", "0" * 32)
                for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
                    if (method, path) in operations:
                        continue
                    status, _, _ = server.request(method, concrete, b"")
                    self.assertEqual(status, 405, (method, path))


if __name__ == "__main__":
    unittest.main()

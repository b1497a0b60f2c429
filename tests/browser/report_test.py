#!/usr/bin/env python3
"""The HTML report in a real browser (headless Chromium).

Writes the bundled consortium report with `rubric report`, opens it in headless Chromium and
reads the DOM after the page's scripts ran:
- each period's ranking has one row per city `rubric score --format json` has in that period,
  with the same ranks (equal totals share one; vetoed rows and rows without a total have none);
- every radar has one axis per level-1 and level-2 group that carries points, in order;
- the page's script ran to its end (body data-js-ok="1") and no error was caught
  (no data-js-errors, no "Uncaught" in Chromium's console log);
- clicking a column header sorts the ranking (through a page that frames the report);
- printed (to PDF), it takes a page for the header, one per period and one per entity;
then saves screenshots of the first page and of one entity's section (#entity-C0001) under
the build folder.

Usage: report_test.py RUBRIC SOURCE_DIR BUILD_DIR. Exit 77 (skipped) without Chromium.
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import time

SKIP = 77
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag, cls=None):
        return [n for n in self.walk() if n.tag == tag and
                (cls is None or cls in (n.attrs.get("class") or "").split())]


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def parse(text):
    builder = TreeBuilder()
    builder.feed(text)
    return builder.root


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=60, **kwargs)


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def main():
    rubric, source_dir, build_dir = sys.argv[1:4]
    chromium = chromium_binary()
    if not chromium:
        print("SKIP: no chromium on PATH (Debian: apt-get install chromium fonts-noto-cjk)")
        return SKIP
    started = time.monotonic()
    standard = os.path.join(source_dir, "examples/consortium/standard.rubric")
    data = os.path.join(source_dir, "examples/consortium/cities.csv")
    report = os.path.abspath(os.path.join(build_dir, "report.html"))
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    errors = []

    made = run([rubric, "report", standard, data, "--out", report], env=env)
    if made.returncode != 0:
        print(made.stderr)
        print("FAIL: rubric report exited with", made.returncode)
        return 1

    # What the report must show: the scores and the tree of the standard, from other commands.
    scores = json.loads(run([rubric, "score", standard, data, "--format", "json"]).stdout)
    by_period = {}
    for row in scores["rows"]:
        by_period.setdefault(row["period"], []).append(row)
    graph = json.loads(run([rubric, "graph", standard, "--format", "json"]).stdout)
    groups = [v for v in graph["vertices"] if v["kind"] == "group"]
    level1 = [v["id"] for v in groups if v["cluster"] is None]
    first = scores["rows"][0]

    def explained(node=None):
        args = [rubric, "explain", standard, data, "--entity", first["entity"], "--period",
                str(first["period"]), "--format", "json"]
        if node:
            args += ["--node", node]
        return json.loads(run(args).stdout)

    group_ids = {v["id"] for v in groups}
    expected_axes = []
    top = {c["id"]: c for c in explained()["children"]}
    for g in level1:
        if (top[g].get("possible") or 0) > 0:
            expected_axes.append(g)
        for child in explained(g)["children"]:
            if child["id"] in group_ids and (child.get("possible") or 0) > 0:
                expected_axes.append(child["id"])

    # The rendered DOM, after the scripts ran.
    url = "file://" + report
    browser = [chromium, "--headless=new", "--disable-gpu", "--no-sandbox",
               "--no-first-run", "--hide-scrollbars", "--user-data-dir=" +
               os.path.join(build_dir, "chromium-profile")]
    dumped = run(browser + ["--enable-logging=stderr", "--v=0", "--dump-dom", url])
    if dumped.returncode != 0 or "<body" not in dumped.stdout:
        print(dumped.stderr[-2000:])
        print("FAIL: chromium --dump-dom exited with", dumped.returncode)
        return 1
    dom = parse(dumped.stdout)
    body = dom.find_all("body")[0]
    if body.attrs.get("data-js-ok") != "1":
        errors.append("the page's script did not run to its end (data-js-ok=%r)"
                      % body.attrs.get("data-js-ok"))
    if body.attrs.get("data-js-errors"):
        errors.append("JavaScript errors: " + body.attrs["data-js-errors"])
    for line in dumped.stderr.splitlines():
        if "Uncaught" in line or ("CONSOLE" in line and "error" in line.lower()):
            errors.append("console: " + line)

    tables = dom.find_all("table", "ranking")
    if sorted(int(t.attrs["data-period"]) for t in tables) != sorted(by_period):
        errors.append("rankings for periods %s, score has %s" %
                      ([t.attrs["data-period"] for t in tables], sorted(by_period)))
    for table in tables:
        period = int(table.attrs["data-period"])
        rows = [tr for tr in table.find_all("tr") if "data-entity" in tr.attrs]
        shown = {tr.attrs["data-entity"]: tr.find_all("td")[0].attrs.get("data-value")
                 for tr in rows}
        scored = by_period.get(period, [])
        if len(rows) != len(scored) or set(shown) != {r["entity"] for r in scored}:
            errors.append("period %d: %d ranking rows, score has %d" %
                          (period, len(rows), len(scored)))
            continue
        ranked = [r for r in scored if r["scorable"] and r["total"] is not None
                  and not r["vetoed"]]
        for r in scored:
            expected = ""
            if r in ranked:
                expected = str(1 + sum(1 for o in ranked if o["total"] > r["total"]))
            if shown[r["entity"]] != expected:
                errors.append("period %d, %s: rank %r, expected %r" %
                              (period, r["entity"], shown[r["entity"]], expected))

    radars = dom.find_all("svg", "radar")
    entities = {r["entity"] for r in scores["rows"]}
    if len(radars) != len(entities):
        errors.append("%d radars for %d entities" % (len(radars), len(entities)))
    for radar in radars:
        axes = [g.attrs.get("data-node") for g in radar.find_all("g", "axis")]
        if axes != expected_axes or radar.attrs.get("data-axes") != str(len(expected_axes)):
            errors.append("a radar has axes %s, expected %s" % (axes, expected_axes))
            break

    # Sorting by clicking a header, in a page that frames the report (same folder).
    probe = os.path.join(build_dir, "report-sort-probe.html")
    with open(probe, "w", encoding="utf-8") as out:
        out.write("""<!DOCTYPE html><html><body><iframe id="f" src="report.html"></iframe><script>
document.getElementById('f').addEventListener('load', function () {
  var d = this.contentDocument, t = d.querySelector('table.ranking');
  function column(i) {
    return Array.prototype.map.call(t.tBodies[0].rows, function (r) {
      return r.cells[i].getAttribute('data-value'); });
  }
  var heads = t.tHead.rows[0].cells;
  heads[1].click();
  var up = column(1);
  heads[2].click();
  var totalsUp = column(2);
  heads[2].click();
  var totalsDown = column(2);
  document.body.setAttribute('data-result', JSON.stringify(
      {up: up, totalsUp: totalsUp, totalsDown: totalsDown, sort: heads[2].getAttribute('aria-sort')}));
});
</script></body></html>""")
    sorted_dom = run(browser + ["--allow-file-access-from-files", "--dump-dom",
                                "file://" + os.path.abspath(probe)])
    probe_body = parse(sorted_dom.stdout).find_all("body")
    result = probe_body[0].attrs.get("data-result") if probe_body else None
    if not result:
        errors.append("the sort probe gave no result: " + sorted_dom.stderr[-500:])
    else:
        result = json.loads(result)
        numbers = [float(v) for v in result["totalsUp"] if v]
        if result["up"] != sorted(result["up"]):
            errors.append("clicking the entity header did not sort by entity: %s" % result["up"])
        if numbers != sorted(numbers):
            errors.append("clicking the total header did not sort by total: %s" % numbers)
        down = [float(v) for v in result["totalsDown"] if v]
        if down != sorted(numbers, reverse=True) or result["sort"] != "descending":
            errors.append("a second click did not sort by total, descending: %s" % down)

    # Screenshots: the first page, and one entity's section through its fragment. Headless
    # Chromium paints a page scrolled to a fragment only inside a frame: the entity's shot
    # frames report.html#entity-C0001 in a page of the window's size.
    if not any(s.attrs.get("id") == "entity-C0001" for s in dom.find_all("section", "entity")):
        errors.append("no section #entity-C0001")
    framed = os.path.join(build_dir, "report-entity-frame.html")
    with open(framed, "w", encoding="utf-8") as out:
        out.write('<!DOCTYPE html><html><body style="margin:0"><iframe src="report.html'
                  '#entity-C0001" style="border:0;width:1280px;height:2000px;display:block">'
                  '</iframe></body></html>')
    shots = [("report-first.png", url), ("report-entity.png", "file://" + os.path.abspath(framed))]
    for name, target in shots:
        path = os.path.abspath(os.path.join(build_dir, name))
        if os.path.exists(path):
            os.remove(path)
        shot = run(browser + ["--allow-file-access-from-files", "--window-size=1280,2000",
                              "--screenshot=" + path, target])
        if shot.returncode != 0 or not os.path.exists(path):
            errors.append("no screenshot %s: %s" % (name, shot.stderr[-500:]))
            continue
        # A blank page compresses to a few kilobytes; a page with text and charts does not.
        with open(path, "rb") as f:
            if f.read(8) != b"\x89PNG\r\n\x1a\n" or os.path.getsize(path) < 50000:
                errors.append("%s is not a PNG of a page (%d bytes)" % (name, os.path.getsize(path)))
        print("screenshot:", path)

    # Printing: the print stylesheet gives a page for the header, one per period and one
    # per entity (a little slack for an entity with many missing values).
    pdf = os.path.abspath(os.path.join(build_dir, "report.pdf"))
    printed = run(browser + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf, url])
    pages = 0
    if printed.returncode == 0 and os.path.exists(pdf):
        with open(pdf, "rb") as f:
            pages = len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
    least = len(entities) + len(by_period)
    if not least <= pages <= least + len(by_period) + 1:
        errors.append("printed on %d pages, expected %d to %d" %
                      (pages, least, least + len(by_period) + 1))

    elapsed = time.monotonic() - started
    for error in errors:
        print("FAIL:", error)
    if errors:
        return 1
    print("report: %d rankings, %d radars of %d axes, sorting works, no script errors, "
          "%d printed pages (%.1f s)" % (len(tables), len(radars), len(expected_axes), pages,
                                         elapsed))
    return 0


if __name__ == "__main__":
    sys.exit(main())

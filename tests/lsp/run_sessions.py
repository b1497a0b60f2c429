#!/usr/bin/env python3
"""Replays recorded JSON-RPC sessions against `rubric lsp` and checks every reply.

Usage: run_sessions.py RUBRIC SESSION.json...

A session is a JSON object:
  "files": {"NAME": "TEXT", ...}   written to a fresh folder before the server starts
  "steps": [{"send": MESSAGE, "expect": [MESSAGE, ...]}, ...]   ("raw": TEXT instead of
                                   "send" sends TEXT as the body of a message)
  "exit": 0                        the server's exit status after the last step
  "args": [ARG, ...]               options after `rubric lsp` (none when absent)
In every string, ${DIR} is the file URI of that folder (file:///...), and "${TEXT:NAME}"
is the text of the file NAME. Each step sends one message and reads exactly the messages
expected (a notification sends and expects nothing more when "expect" is empty). A reply
matches when every key of the expected object is present with a matching value (objects
compare key by key, arrays element by element and of the same length, other values exactly;
{"$contains": TEXT} matches a string containing TEXT, {"$has": [E, ...]} an array with an
element matching each E).
"""
import json
import os
import pathlib
import queue
import subprocess
import sys
import tempfile
import threading
import urllib.parse

TIMEOUT_SECONDS = 20


def substitute(value, folder_uri, files):
    if isinstance(value, str):
        if value.startswith("${TEXT:") and value.endswith("}"):
            return files[value[len("${TEXT:"):-1]]
        return value.replace("${DIR}", folder_uri)
    if isinstance(value, list):
        return [substitute(v, folder_uri, files) for v in value]
    if isinstance(value, dict):
        return {k.replace("${DIR}", folder_uri): substitute(v, folder_uri, files)
                for k, v in value.items()}
    return value


def mismatch(expected, actual, where="$"):
    """None when `actual` matches `expected`, else where and why not."""
    if isinstance(expected, dict) and set(expected) == {"$contains"}:
        if not isinstance(actual, str) or expected["$contains"] not in actual:
            return f"{where}: {json.dumps(actual, ensure_ascii=False)} lacks {expected['$contains']!r}"
        return None
    if isinstance(expected, dict) and set(expected) == {"$has"}:
        if not isinstance(actual, list):
            return f"{where}: expected an array, got {json.dumps(actual, ensure_ascii=False)}"
        for e in expected["$has"]:
            if all(mismatch(e, a) for a in actual):
                return (f"{where}: nothing matches {json.dumps(e, ensure_ascii=False)} in "
                        f"{json.dumps(actual, ensure_ascii=False)}")
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {json.dumps(actual, ensure_ascii=False)}"
        for key, value in expected.items():
            if key not in actual:
                return f"{where}: no key '{key}' in {json.dumps(actual, ensure_ascii=False)}"
            why = mismatch(value, actual[key], f"{where}.{key}")
            if why:
                return why
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return (f"{where}: expected {len(expected)} elements, got "
                    f"{json.dumps(actual, ensure_ascii=False)}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            why = mismatch(e, a, f"{where}[{i}]")
            if why:
                return why
        return None
    if expected != actual:
        return (f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, got "
                f"{json.dumps(actual, ensure_ascii=False)}")
    return None


def reader(stream, messages):
    """Reads Content-Length framed messages into `messages`; None at the end."""
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                messages.put(None)
                return
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        body = stream.read(length)
        messages.put(json.loads(body.decode("utf-8")))


def frame(message):
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def run_session(rubric, path):
    session = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        folder = os.path.realpath(folder)
        folder_uri = "file://" + urllib.parse.quote(folder)
        files = session.get("files", {})
        for name, text in files.items():
            (pathlib.Path(folder) / name).parent.mkdir(parents=True, exist_ok=True)
            (pathlib.Path(folder) / name).write_text(text, encoding="utf-8")
        server = subprocess.Popen([rubric, "lsp"] + session.get("args", []), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        messages = queue.Queue()
        threading.Thread(target=reader, args=(server.stdout, messages), daemon=True).start()
        try:
            for number, step in enumerate(session["steps"], 1):
                if "raw" in step:  # bytes that are not a JSON message, framed as they are
                    send = {"method": "(raw)"}
                    body = step["raw"].encode("utf-8")
                    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                else:
                    send = substitute(step["send"], folder_uri, files)
                    server.stdin.write(frame(send))
                server.stdin.flush()
                for expected in substitute(step.get("expect", []), folder_uri, files):
                    try:
                        actual = messages.get(timeout=TIMEOUT_SECONDS)
                    except queue.Empty:
                        return f"step {number} ({send.get('method')}): no reply"
                    if actual is None:
                        return f"step {number} ({send.get('method')}): the server stopped"
                    why = mismatch(expected, actual)
                    if why:
                        return f"step {number} ({send.get('method')}): {why}"
            server.stdin.close()
            status = server.wait(timeout=TIMEOUT_SECONDS)
            if status != session.get("exit", 0):
                return f"exit status {status}, expected {session.get('exit', 0)}"
            leftover = messages.get(timeout=TIMEOUT_SECONDS)
            if leftover is not None:
                return f"an unexpected message: {json.dumps(leftover, ensure_ascii=False)}"
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    return None


def main():
    rubric, sessions = sys.argv[1], sys.argv[2:]
    failures = 0
    for path in sessions:
        why = run_session(rubric, path)
        name = pathlib.Path(path).name
        if why:
            failures += 1
            print(f"FAIL {name}: {why}")
        else:
            print(f"ok   {name}")
    print(f"{len(sessions) - failures} of {len(sessions)} sessions pass")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

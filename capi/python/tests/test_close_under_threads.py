"""Closing a handle while other threads use it: close() waits for the calls in flight, and
later calls raise ClosedError. Closing a standard while threads created sessions from it
and looked inputs up used to free it under a running rubric_session_create and crash the
interpreter."""

import threading
import time
import unittest

from test_rubric import HDI, read_text, setUpModule  # noqa: F401

import rubric

ROUNDS = 25
THREADS = 8
TIMEOUT = 60  # seconds for every thread of a round to finish


class TestCloseUnderThreads(unittest.TestCase):
    def setUp(self):
        self.source = read_text(HDI / "hdi.rubric")

    def run_round(self, make_work, close):
        """Starts THREADS threads, each running ``make_work()`` once and then the function
        it returns until that raises ClosedError; calls ``close()`` while they run, and
        returns what else they raised."""
        started = threading.Barrier(THREADS + 1)
        failures = []

        def run():
            work = make_work()
            started.wait()
            try:
                while True:
                    work()
            except rubric.ClosedError:
                pass
            except BaseException as e:  # noqa: B902: reported by the test
                failures.append(e)

        threads = [threading.Thread(target=run, daemon=True) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        started.wait()
        time.sleep(0.002)
        close()
        deadline = time.monotonic() + TIMEOUT
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self.assertFalse(any(t.is_alive() for t in threads), "a thread did not finish")
        return failures

    def test_closing_a_standard_while_threads_create_sessions(self):
        for _ in range(ROUNDS):
            standard = rubric.Standard.compile(self.source)
            kept = []

            def work():
                kept.append(rubric.Session(standard))
                self.assertEqual(standard.find_input("le").id, "le")

            self.assertEqual(self.run_round(lambda: work, standard.close), [])
            self.assertTrue(standard.closed)
            with self.assertRaises(rubric.ClosedError) as raised:
                rubric.Session(standard)
            self.assertEqual(raised.exception.message, "the standard is closed")
            # Lookups use the metadata, and sessions created before the close still work.
            self.assertEqual(standard.find_input("le").id, "le")
            for session in kept[-3:]:
                row = session.add_row("X", 1)
                session.load_rows([{"entity": "X", "period": 1, "le": 70, "eys": 12,
                                    "mys": 8, "gnipc": 10000}])
                self.assertTrue(0 < session.total(row) < 1)
            for session in kept:
                session.close()

    def test_closing_sessions_while_their_threads_use_them(self):
        with rubric.Standard.compile(self.source) as standard:
            for _ in range(ROUNDS):
                # One session per thread (a session belongs to one thread at a time); the
                # main thread closes them all while their threads use them.
                sessions = []
                lock = threading.Lock()

                def make_work():
                    session = rubric.Session(standard)
                    session.add_row("X", 1)
                    with lock:
                        sessions.append(session)

                    def work():
                        session.set(("X", 1), "le", 70)
                        session.explain(0)
                        session.row_count

                    return work

                def close_all():
                    with lock:
                        for session in sessions:
                            session.close()

                self.assertEqual(self.run_round(make_work, close_all), [])
                self.assertEqual(len(sessions), THREADS)
                self.assertTrue(all(s.closed for s in sessions))
                with self.assertRaises(rubric.ClosedError) as raised:
                    sessions[0].total(0)
                self.assertEqual(raised.exception.message, "the session is closed")


if __name__ == "__main__":
    unittest.main()

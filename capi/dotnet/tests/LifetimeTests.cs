// Ownership (Dispose, finalizers) and threads.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using static Rubric.Tests.Fixtures;

namespace Rubric.Tests
{
    public sealed class LifetimeTests
    {

        [Test]
        public void DisposeTwiceIsSafe()
        {
            Standard t = Standard.Compile(Small);
            Session s = t.NewSession();
            t.Dispose();
            t.Dispose();
            Assert.True(t.IsDisposed, "standard disposed");
            int row = s.AddRow("x", 1); // the session keeps the compiled standard alive
            s.SetNumber(row, "a", 3);
            Assert.Near(3.0, s.Total(row), Tol, "total after the standard was disposed");
            Assert.Equal("t", t.Id); // metadata were copied
            Assert.Throws<ObjectDisposedException>(() => new Session(t));
            s.Dispose();
            s.Dispose();
            Assert.True(s.IsDisposed, "session disposed");
            Assert.Throws<ObjectDisposedException>(() => s.AddRow("y", 1));
            Assert.Throws<ObjectDisposedException>(() => s.Totals());
        }


        [Test]
        public void FinalizersFreeUndisposedHandles()
        {
            for (int i = 0; i < 200; i++)
            {
                Standard t = Standard.Compile(Small);
                Session s = t.NewSession();
                s.AddRow("x", i);
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }


        /// <summary>One shared standard, four threads each with its own session: the same totals.</summary>
        [Test]
        public void SharedStandardBetweenThreads()
        {
            using (Standard standard = Standard.CompileFile(ConsortiumStandard))
            {
                Dictionary<string, double> expected;
                using (Session single = LoadConsortium(standard))
                {
                    expected = Totals(single);
                }
                Assert.Equal(90, expected.Count, "rows");
                var results = new Dictionary<string, double>[4];
                var errors = new Exception[4];
                var threads = new Thread[4];
                for (int k = 0; k < threads.Length; k++)
                {
                    int slot = k;
                    threads[k] = new Thread(() =>
                    {
                        try
                        {
                            for (int round = 0; round < 2; round++)
                            {
                                using (Session s = LoadConsortium(standard))
                                {
                                    s.Totals();
                                    results[slot] = Totals(s);
                                }
                            }
                        }
                        catch (Exception e)
                        {
                            errors[slot] = e;
                        }
                    });
                    threads[k].Start();
                }
                foreach (Thread thread in threads)
                {
                    thread.Join();
                }
                for (int k = 0; k < threads.Length; k++)
                {
                    Assert.Equal(null, errors[k], "thread " + k);
                    Assert.Equal(expected.Count, results[k].Count, "rows of thread " + k);
                    foreach (KeyValuePair<string, double> e in expected)
                    {
                        Assert.Equal(e.Value, results[k][e.Key], "thread " + k + ": " + e.Key);
                    }
                }
            }
        }


        /// <summary>
        /// Disposing a standard while other threads create sessions from it: each creation
        /// either succeeds (and its session scores) or is an ObjectDisposedException.
        /// </summary>
        [Test]
        public void DisposeWhileOtherThreadsCreateSessions()
        {
            for (int round = 0; round < 20; round++)
            {
                Standard t = Standard.Compile(Small);
                var errors = new Exception[3];
                var threads = new Thread[3];
                for (int k = 0; k < threads.Length; k++)
                {
                    int slot = k;
                    threads[k] = new Thread(() =>
                    {
                        try
                        {
                            for (int i = 0; i < 50; i++)
                            {
                                using (Session s = new Session(t))
                                {
                                    int row = s.AddRow("x", i);
                                    s.SetNumber(row, "a", 4);
                                    if (s.Total(row) != 4.0)
                                    {
                                        throw new AssertionException("total " + s.Total(row));
                                    }
                                }
                            }
                        }
                        catch (ObjectDisposedException)
                        {
                            // the standard was disposed before this creation: expected
                        }
                        catch (Exception e)
                        {
                            errors[slot] = e;
                        }
                    });
                    threads[k].Start();
                }
                Thread.Sleep(round % 3);
                t.Dispose();
                foreach (Thread thread in threads)
                {
                    thread.Join();
                }
                for (int k = 0; k < threads.Length; k++)
                {
                    Assert.Equal(null, errors[k], "round " + round + ", thread " + k);
                }
            }
        }


        /// <summary>A session shared by mistake is serialised by its lock, not corrupted.</summary>
        [Test]
        public void SharedSessionIsSerialised()
        {
            using (Standard t = Standard.Compile(Small))
            using (Session s = t.NewSession())
            {
                var ok = new bool[4];
                var threads = new Thread[4];
                for (int k = 0; k < threads.Length; k++)
                {
                    int slot = k;
                    threads[k] = new Thread(() =>
                    {
                        int row = s.AddRow("e" + slot, 2024);
                        bool good = true;
                        for (int i = 0; i <= 10; i++)
                        {
                            s.SetNumber(row, "a", i);
                            good &= Math.Abs(s.Total(row).Value - i) <= Tol;
                        }
                        ok[slot] = good;
                    });
                    threads[k].Start();
                }
                foreach (Thread thread in threads)
                {
                    thread.Join();
                }
                Assert.Sequence(new[] { true, true, true, true }, ok, "every thread saw its own values");
                Assert.Equal(4, s.Rows().Count, "rows");
            }
        }
    }
}

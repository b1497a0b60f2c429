// A small test runner (Debian's NUnit is 2.6, which does not run on .NET 8): every public
// method marked [Test] of the fixtures given runs once, in declaration order; the runner
// prints one line per test and `N passed, N failed` (and skipped), and exits 1 when a test
// failed or none ran. Usage: mono RubricTests.exe [NAME-SUBSTRING...], where a substring
// selects tests by Fixture.Method name.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;

namespace Rubric.Tests
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestAttribute : Attribute { }

    /// <summary>Thrown by a test that cannot run here (counted as skipped, not failed).</summary>
    public sealed class SkipException : Exception
    {
        public SkipException(string reason) : base(reason) { }
    }

    public sealed class AssertionException : Exception
    {
        public AssertionException(string message) : base(message) { }
    }

    public static class Assert
    {
        public static void True(bool condition, string what = "condition")
        {
            if (!condition)
            {
                throw new AssertionException("expected true: " + what);
            }
        }

        public static void False(bool condition, string what = "condition")
        {
            True(!condition, "not " + what);
        }

        public static void Equal<T>(T expected, T actual, string what = "value")
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
            {
                throw new AssertionException(what + ": expected <" + Show(expected) + "> but was <" + Show(actual) + ">");
            }
        }

        public static void Near(double expected, double? actual, double tolerance, string what = "value")
        {
            if (actual == null || Math.Abs(expected - actual.Value) > tolerance)
            {
                throw new AssertionException(what + ": expected " + Show(expected) + " within " + Show(tolerance)
                                             + " but was " + Show(actual));
            }
        }

        public static void Sequence<T>(IList<T> expected, IList<T> actual, string what = "list")
        {
            Equal(expected.Count, actual.Count, what + " length");
            for (int i = 0; i < expected.Count; i++)
            {
                Equal(expected[i], actual[i], what + "[" + i + "]");
            }
        }

        public static T Throws<T>(Action action, string what = "call") where T : Exception
        {
            try
            {
                action();
            }
            catch (T e)
            {
                return e;
            }
            catch (Exception e)
            {
                throw new AssertionException(what + ": expected " + typeof(T).Name + " but got "
                                             + e.GetType().Name + ": " + e.Message);
            }
            throw new AssertionException(what + ": expected " + typeof(T).Name + " but nothing was thrown");
        }

        /// <summary>A RubricException with this status.</summary>
        public static RubricException Status(RubricStatus status, Action action, string what = "call")
        {
            RubricException e = Throws<RubricException>(action, what);
            Equal(status, e.Status, what + " status (" + e.Message + ")");
            return e;
        }

        private static string Show(object value)
        {
            if (value == null)
            {
                return "null";
            }
            if (value is double)
            {
                return ((double)value).ToString("R", CultureInfo.InvariantCulture);
            }
            return value.ToString();
        }
    }

    public static class TestRunner
    {
        public static int Run(Type[] fixtures, string[] filters)
        {
            int passed = 0, failed = 0, skipped = 0;
            foreach (Type fixture in fixtures)
            {
                MethodInfo[] methods = fixture.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance);
                Array.Sort(methods, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken)); // declaration order
                foreach (MethodInfo method in methods)
                {
                    if (method.GetCustomAttributes(typeof(TestAttribute), false).Length == 0
                        || !Selected(fixture.Name + "." + method.Name, filters))
                    {
                        continue;
                    }
                    string name = fixture.Name + "." + method.Name;
                    object instance = method.IsStatic ? null : Activator.CreateInstance(fixture);
                    try
                    {
                        method.Invoke(instance, null);
                        passed++;
                        Console.WriteLine("ok      " + name);
                    }
                    catch (TargetInvocationException wrapped)
                    {
                        Exception e = wrapped.InnerException ?? wrapped;
                        if (e is SkipException)
                        {
                            skipped++;
                            Console.WriteLine("skipped " + name + ": " + e.Message);
                        }
                        else
                        {
                            failed++;
                            Console.WriteLine("FAILED  " + name + ": " + e.GetType().Name + ": " + e.Message);
                            if (!(e is AssertionException))
                            {
                                Console.WriteLine(e.StackTrace);
                            }
                        }
                    }
                    finally
                    {
                        var disposable = instance as IDisposable;
                        if (disposable != null)
                        {
                            disposable.Dispose();
                        }
                    }
                }
            }
            Console.WriteLine(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
            return failed > 0 || passed == 0 ? 1 : 0;
        }

        private static bool Selected(string name, string[] filters)
        {
            if (filters.Length == 0)
            {
                return true;
            }
            foreach (string filter in filters)
            {
                if (name.IndexOf(filter, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }
            return false;
        }
    }
}

// What the tests share: the paths of the examples, values known from the command line,
// small standards, and the entry point. Run by tools/dotnet-build.sh (ctest DotnetBinding)
// with RUBRIC_REPO (the checkout) and RUBRIC_CLI (the rubric command, to compare every total
// with) in the environment.
using System;
using System.Collections.Generic;
using System.IO;

namespace Rubric.Tests
{
    internal static class Fixtures
    {
        internal static readonly string Repo = Environment.GetEnvironmentVariable("RUBRIC_REPO") ?? "../..";
        internal static readonly string Consortium = Path.Combine(Repo, "examples", "consortium");
        internal static readonly string ConsortiumStandard = Path.Combine(Consortium, "standard.rubric");
        internal static readonly string ConsortiumData = Path.Combine(Consortium, "cities.csv");
        internal const double Tol = 1e-9;

        // From `rubric score examples/consortium/standard.rubric examples/consortium/cities.csv
        // --format csv` (as in the Python and Java tests): total, grade, fired vetoes.
        internal static readonly Dictionary<string, Tuple<double, string, string[]>> Expected =
            new Dictionary<string, Tuple<double, string, string[]>>
            {
                { "C0001/2023", Tuple.Create(47.72219033923088, "不合格", new string[0]) },
                { "C0001/2024", Tuple.Create(47.33426774313736, "不合格", new string[0]) },
                { "C0002/2025", Tuple.Create(86.47899649093388, "良好", new string[0]) },
                { "C0018/2024", Tuple.Create(26.25087180116776, "不合格", new[] { "T16_3" }) },
                { "C0018/2025", Tuple.Create(31.63148781319183, "不合格", new[] { "T16_4" }) },
                { "C0020/2025", Tuple.Create(90.96701423613416, "优秀", new string[0]) },
                { "C0026/2024", Tuple.Create(86.89456369001894, "不合格", new[] { "T16_1" }) },
                { "C0030/2024", Tuple.Create(67.82125444677423, "合格", new string[0]) },
            };
        internal static readonly string[] Top2025 = { "C0020", "C0027", "C0009", "C0002", "C0013" };
        // `rubric whatif` with C0001,2024,p8_2_2,40.
        internal const double EditedTotal = 47.83081946727529;

        internal const string Small = "standard t \"T\" {\n"
            + "  missing default\n"
            + "  input a \"A\" : number >= 0 <= 10\n"
            + "  input e : enum { lo, mid, hi }\n"
            + "  input note : text\n"
            + "  input flag : bool\n"
            + "  indicator i points 10 { score a / 10 }\n"
            + "  indicator j { value lookup(e) { lo: 0, hi: 2 } }\n"
            + "}\n";

        // A: every result; B: x missing (indicator a and ... missing); C: not scorable.
        internal const string MissingSource = "standard m {\n"
            + "  grades {\n    A >= 1\n    B otherwise\n  }\n"
            + "  input x : number missing exclude\n"
            + "  input req : number missing unscorable\n"
            + "  indicator a points 1 { score x / 10 }\n"
            + "  indicator r points 1 { score req / 10 }\n"
            + "}\n";
        internal const string MissingCsv = "entity,period,x,req\nA,2024,5,6\nB,2024,,4\nC,2024,3,\n";

        internal static string Key(string entity, long period)
        {
            return entity + "/" + period;
        }

        /// <summary>Every live row's total (NaN when missing or not scorable), by entity/period.</summary>
        internal static Dictionary<string, double> Totals(Session session)
        {
            var totals = new Dictionary<string, double>();
            foreach (Row row in session.Rows())
            {
                double? total = session.Scorable(row.Index) ? session.Total(row.Index) : null;
                totals[Key(row.Entity, row.Period)] = total ?? double.NaN;
            }
            return totals;
        }

        internal static Session LoadConsortium(Standard standard)
        {
            var session = new Session(standard);
            foreach (Diagnostic d in session.LoadCsvFile(ConsortiumData))
            {
                Assert.False(d.IsError, "loading the consortium: " + d);
            }
            return session;
        }

    }

    public static class Program
    {
        public static int Main(string[] args)
        {
            return TestRunner.Run(new[] { typeof(StandardTests), typeof(ScoringTests), typeof(ErrorTests),
                                          typeof(LifetimeTests) }, args);
        }
    }
}

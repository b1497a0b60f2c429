// Tests of the C# binding over librubric's C ABI. Run by tools/dotnet-build.sh (ctest
// DotnetBinding) with RUBRIC_REPO (the checkout) and RUBRIC_CLI (the rubric command, to
// compare every total with) in the environment.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace Rubric.Tests
{
    public sealed class RubricTests
    {
        static readonly string Repo = Environment.GetEnvironmentVariable("RUBRIC_REPO") ?? "../..";
        static readonly string Consortium = Path.Combine(Repo, "examples", "consortium");
        static readonly string ConsortiumStandard = Path.Combine(Consortium, "standard.rubric");
        static readonly string ConsortiumData = Path.Combine(Consortium, "cities.csv");
        const double Tol = 1e-9;

        // From `rubric score examples/consortium/standard.rubric examples/consortium/cities.csv
        // --format csv` (as in the Python and Java tests): total, grade, fired vetoes.
        static readonly Dictionary<string, Tuple<double, string, string[]>> Expected =
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
        static readonly string[] Top2025 = { "C0020", "C0027", "C0009", "C0002", "C0013" };
        // `rubric whatif` with C0001,2024,p8_2_2,40.
        const double EditedTotal = 47.83081946727529;

        const string Small = "standard t \"T\" {\n"
            + "  missing default\n"
            + "  input a \"A\" : number >= 0 <= 10\n"
            + "  input e : enum { lo, mid, hi }\n"
            + "  input note : text\n"
            + "  input flag : bool\n"
            + "  indicator i points 10 { score a / 10 }\n"
            + "  indicator j { value lookup(e) { lo: 0, hi: 2 } }\n"
            + "}\n";

        // A: every result; B: x missing (indicator a and ... missing); C: not scorable.
        const string MissingSource = "standard m {\n"
            + "  grades {\n    A >= 1\n    B otherwise\n  }\n"
            + "  input x : number missing exclude\n"
            + "  input req : number missing unscorable\n"
            + "  indicator a points 1 { score x / 10 }\n"
            + "  indicator r points 1 { score req / 10 }\n"
            + "}\n";
        const string MissingCsv = "entity,period,x,req\nA,2024,5,6\nB,2024,,4\nC,2024,3,\n";

        static string Key(string entity, long period)
        {
            return entity + "/" + period;
        }

        /// <summary>Every live row's total (NaN when missing or not scorable), by entity/period.</summary>
        static Dictionary<string, double> Totals(Session session)
        {
            var totals = new Dictionary<string, double>();
            foreach (Row row in session.Rows())
            {
                double? total = session.Scorable(row.Index) ? session.Total(row.Index) : null;
                totals[Key(row.Entity, row.Period)] = total ?? double.NaN;
            }
            return totals;
        }

        static Session LoadConsortium(Standard standard)
        {
            var session = new Session(standard);
            foreach (Diagnostic d in session.LoadCsvFile(ConsortiumData))
            {
                Assert.False(d.IsError, "loading the consortium: " + d);
            }
            return session;
        }

        [Test]
        public void LibraryVersion()
        {
            Library.CheckVersion();
            Assert.Equal(Library.HeaderVersion / 100, Library.VersionNumber / 100, "major and minor");
            Assert.True(Regex.IsMatch(Library.Version, @"^\d+\.\d+\.\d+"), "version " + Library.Version);
            uint n = Library.VersionNumber;
            Assert.Equal(string.Format("{0}.{1}.{2}", n / 10000, n / 100 % 100, n % 100),
                         Library.Version.Split('-')[0], "string and number agree");
            Assert.Equal("RUBRIC_NOT_FOUND", RubricException.NameOf(RubricStatus.NotFound));
            Assert.True(Library.StatusString(RubricStatus.NotFound).Length > 0, "status string");
        }

        [Test]
        public void CompileErrorsAreDiagnostics()
        {
            string source = "standard t \"T\" {\n  input a : number\n"
                            + "  indicator i points 10 { score a / 10 + c }\n}\n";
            var e = Assert.Throws<CompileException>(() => Standard.Compile(source, "t.rubric"));
            Assert.Equal(RubricStatus.CompileError, e.Status);
            Assert.Equal("RUBRIC_COMPILE_ERROR", e.StatusName);
            Assert.Equal("rubric_standard_compile", e.Function);
            Assert.Equal(1, e.Diagnostics.Count, "diagnostics");
            Diagnostic d = e.Diagnostics[0];
            Assert.Equal(Severity.Error, d.Severity);
            Assert.Equal("E0101", d.Code);
            Assert.Equal("t.rubric", d.File);
            Assert.Equal(3, d.Line, "line");
            Assert.Equal(42, d.Column, "column");
            Assert.Equal("unknown name 'c'", d.Message);
            Assert.Equal("", d.Hint);
            Assert.Equal("t.rubric:3:42: error: unknown name 'c' [E0101]", d.ToString());
            Assert.True(e.Message.Contains("t.rubric:3:42: error: unknown name 'c' [E0101]"), e.Message);
        }

        [Test]
        public void ColumnsCountCodePoints()
        {
            string source = "standard t {\n  input 甲 : number\n  indicator 乙 { value 甲 + 丙 }\n}\n";
            var e = Assert.Throws<CompileException>(() => Standard.Compile(source));
            Assert.Equal(3, e.Diagnostics[0].Line, "line");
            Assert.Equal(27, e.Diagnostics[0].Column, "column in code points");
        }

        [Test]
        public void CompileFileThatCannotBeRead()
        {
            var e = Assert.Throws<CompileException>(
                () => Standard.CompileFile(Path.Combine(Repo, "no", "such", "file.rubric")));
            Assert.Equal("E0009", e.Diagnostics[0].Code);
        }

        [Test]
        public void CompileOk()
        {
            using (Standard t = Standard.Compile(Small, "t.rubric"))
            {
                Assert.Equal(0, t.Diagnostics.Count, "no warnings");
                Assert.Equal("t", t.Id);
                Assert.Equal("T", t.Title);
                Assert.False(t.IsDisposed, "disposed");
            }
        }

        [Test]
        public void StandardMetadata()
        {
            using (Standard s = Standard.CompileFile(ConsortiumStandard))
            {
                Assert.Equal("consortium", s.Id);
                Assert.True(s.Title.Length > 0, "title");
                Assert.True(s.Version.Length > 0, "version");
                Assert.Equal(0, s.Input("p1_1_1").Index, "first input");
                Assert.True(s.Nodes.Count > 10, "nodes: " + s.Nodes.Count);
                Assert.True(s.Inputs.Count > 100, "inputs: " + s.Inputs.Count);
                var vetoIds = new List<string>();
                foreach (Veto v in s.Vetoes)
                {
                    vetoIds.Add(v.Id);
                }
                Assert.True(vetoIds.Contains("T16_1"), "veto T16_1");
                Assert.True(((IList<string>)s.Grades).Contains("优秀"), "grade 优秀");
                Assert.Equal("T8_2", s.Node("T8_2").Id);
                Assert.Status(RubricStatus.NotFound, () => s.Input("nope"));
                Assert.Status(RubricStatus.NotFound, () => s.Node("nope"));
            }
            using (Standard t = Standard.Compile(Small))
            {
                Assert.Equal(4, t.Inputs.Count, "inputs");
                Input a = t.Input("a");
                Assert.Equal("A", a.Label);
                Assert.Equal(InputType.Number, a.Type);
                Assert.Equal(InputType.Enum, t.Input("e").Type);
                Assert.Sequence(new[] { "lo", "mid", "hi" }, new List<string>(t.Input("e").Options), "options");
                Assert.Equal(InputType.Text, t.Input("note").Type);
                Assert.Equal(InputType.Bool, t.Input("flag").Type);
                Assert.Equal(2, t.Nodes.Count, "nodes");
                Assert.True(t.Node("i").IsIndicator, "i is an indicator");
                Assert.Equal(10.0, t.Node("i").Points, "points of i");
                Assert.Equal(null, t.Node("i").Parent, "top-level");
                Assert.Equal(0, t.Vetoes.Count, "vetoes");
                Assert.Equal(0, t.Grades.Count, "grades");
                Assert.Equal(0, t.Outputs.Count, "outputs");
            }
        }

        [Test]
        public void OutputsAndWeightedGroups()
        {
            string source = "standard w {\n  input a : number\n  input b : number\n  group g {\n"
                            + "    weights ahp {\n      x: 1 3\n      y: 1\n    }\n"
                            + "    indicator x { value a }\n    indicator y { value b }\n  }\n"
                            + "  output let doubled \"twice g\" = g * 2\n"
                            + "  output let level = band(g) { high >= 5  low otherwise }\n}\n";
            using (Standard w = Standard.Compile(source))
            using (Session s = w.NewSession())
            {
                Assert.Equal(2, w.Outputs.Count, "outputs");
                Assert.Equal("doubled", w.Outputs[0].Id);
                Assert.Equal("twice g", w.Outputs[0].Label);
                Assert.Equal("level", w.Outputs[1].Id);
                Assert.Equal("", w.Outputs[1].Label);
                Assert.Equal(0, w.Node("x").Parent, "parent of x");
                Assert.True(w.WeightedGroupsJson.Contains("\"group\""), w.WeightedGroupsJson);
                s.LoadCsv("entity,period,a,b\nA,2024,8,4\nB,2024,1,1\n");
                int a = s.FindRow("A", 2024).Value;
                int b = s.FindRow("B", 2024).Value;
                Assert.Near(14.0, s.OutputValue(a, "doubled"), Tol, "doubled");
                Assert.Near(1.0, s.OutputValue(a, "level"), Tol, "level");
                Assert.Equal("high", s.OutputText(a, "level"));
                Assert.Equal("low", s.OutputText(b, 1));
                Assert.Equal("2", s.OutputText(b, 0));
                Assert.Status(RubricStatus.NotFound, () => s.OutputValue(a, "nope"));
                Assert.Status(RubricStatus.OutOfRange, () => s.OutputText(a, 5));
            }
        }

        [Test]
        public void ContentHash()
        {
            // Formatting and comments do not change the hash; a change of meaning does.
            string reformatted = "// a comment\n" + Small.Replace("  ", "    ");
            string changed = Small.Replace("points 10", "points 20");
            using (Standard a = Standard.Compile(Small))
            using (Standard b = Standard.Compile(reformatted))
            using (Standard c = Standard.Compile(changed))
            {
                Assert.True(Regex.IsMatch(a.ContentHash, "^sha256:[0-9a-f]{64}$"), "hash " + a.ContentHash);
                Assert.Equal(a.ContentHash, a.ContentHash, "stable");
                Assert.Equal(a.ContentHash, b.ContentHash, "formatting");
                Assert.True(a.ContentHash != c.ContentHash, "a change of meaning changes the hash");
            }
        }

        [Test]
        public void ConsortiumScores()
        {
            using (Standard standard = Standard.CompileFile(ConsortiumStandard))
            using (Session s = LoadConsortium(standard))
            {
                foreach (KeyValuePair<string, Tuple<double, string, string[]>> e in Expected)
                {
                    string[] key = e.Key.Split('/');
                    int row = s.FindRow(key[0], long.Parse(key[1], CultureInfo.InvariantCulture)).Value;
                    Assert.Near(e.Value.Item1, s.Total(row), Tol, e.Key);
                    Assert.Equal(e.Value.Item2, s.Grade(row), e.Key + " grade");
                    Assert.Sequence(e.Value.Item3, new List<string>(s.FiredVetoes(row)), e.Key + " vetoes");
                    Assert.Equal(e.Value.Item3.Length > 0, s.Vetoed(row), e.Key + " vetoed");
                }
                var rows2025 = new List<Row>();
                foreach (Row r in s.Rows())
                {
                    if (r.Period == 2025 && s.Scorable(r.Index))
                    {
                        rows2025.Add(r);
                    }
                }
                rows2025.Sort((x, y) =>
                {
                    int byTotal = s.Total(y.Index).Value.CompareTo(s.Total(x.Index).Value);
                    return byTotal != 0 ? byTotal : string.CompareOrdinal(x.Entity, y.Entity);
                });
                var top = new List<string>();
                for (int i = 0; i < 5; i++)
                {
                    top.Add(rows2025[i].Entity);
                }
                Assert.Sequence(Top2025, top, "top 5 of 2025");

                // One edit, recomputed incrementally.
                int edited = s.FindRow("C0001", 2024).Value;
                ulong ops = s.Ops;
                s.SetNumber(edited, "p8_2_2", 40);
                Assert.Near(EditedTotal, s.Total(edited), Tol, "edited total");
                Assert.True(s.Ops > ops, "kernel runs after an edit");
                Assert.Equal(40.0, s.Value(edited, "p8_2_2"), "edited value");
                string why = s.ExplainJson(edited, "T8_2");
                Assert.True(why.Contains("\"earned\""), why);
                Assert.True(s.ExplainJson(edited).StartsWith("{"), "explain the whole standard");
                Assert.True(s.NodeValue(edited, "T8_2").HasValue, "node value");
                s.Evaluate();
                Assert.Near(EditedTotal, s.Total(edited), Tol, "after Evaluate");
            }
        }

        /// <summary>Every total equals the command line's (rubric score --format csv).</summary>
        [Test]
        public void EveryTotalMatchesCommandLine()
        {
            string cli = Environment.GetEnvironmentVariable("RUBRIC_CLI");
            if (string.IsNullOrEmpty(cli) || !File.Exists(cli))
            {
                throw new SkipException("RUBRIC_CLI is not set");
            }
            var start = new ProcessStartInfo(cli, "score \"" + ConsortiumStandard + "\" \"" + ConsortiumData
                                                  + "\" --format csv")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var expected = new Dictionary<string, double>();
            using (Process process = Process.Start(start))
            {
                process.ErrorDataReceived += (sender, e) => { };
                process.BeginErrorReadLine();
                string line;
                while ((line = process.StandardOutput.ReadLine()) != null)
                {
                    string[] f = line.Split(',');
                    if (f.Length == 4 && f[2] == "total")
                    {
                        expected[Key(f[0], long.Parse(f[1], CultureInfo.InvariantCulture))] =
                            double.Parse(f[3], CultureInfo.InvariantCulture);
                    }
                }
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode, "rubric score exit code");
            }
            Assert.Equal(90, expected.Count, "totals from the command line");
            using (Standard standard = Standard.CompileFile(ConsortiumStandard))
            using (Session s = LoadConsortium(standard))
            {
                Dictionary<string, double> got = Totals(s);
                Assert.Equal(expected.Count, got.Count, "rows");
                foreach (KeyValuePair<string, double> e in expected)
                {
                    Assert.Near(e.Value, got[e.Key], Tol, e.Key);
                }
            }
        }

        [Test]
        public void LoadCsvTextEqualsFile()
        {
            string text = File.ReadAllText(ConsortiumData, System.Text.Encoding.UTF8);
            using (Standard standard = Standard.CompileFile(ConsortiumStandard))
            using (Session fromFile = LoadConsortium(standard))
            using (Session fromText = standard.NewSession())
            {
                fromText.LoadCsv(text, "cities.csv");
                Dictionary<string, double> a = Totals(fromFile);
                Dictionary<string, double> b = Totals(fromText);
                Assert.Equal(90, a.Count, "rows");
                Assert.Equal(a.Count, b.Count, "rows from text");
                foreach (KeyValuePair<string, double> e in a)
                {
                    Assert.Equal(e.Value, b[e.Key], e.Key);
                }
            }
        }

        [Test]
        public void ColumnarReadsEqualRowByRow()
        {
            using (Standard standard = Standard.CompileFile(ConsortiumStandard))
            using (Session s = LoadConsortium(standard))
            {
                int n = s.RowCount;
                double[] totals = s.Totals();
                string[] grades = s.Grades();
                int[] gradeIndices = s.GradeIndices();
                bool[] vetoed = s.VetoedFlags();
                bool[] scorable = s.ScorableFlags();
                double[] t82 = s.NodeValues("T8_2");
                Assert.Equal(n, totals.Length, "totals");
                for (int r = 0; r < n; r++)
                {
                    Assert.Equal(s.Total(r) ?? double.NaN, totals[r], "total of row " + r);
                    Assert.Equal(s.Grade(r), grades[r], "grade of row " + r);
                    // (Names may repeat: the consortium's 不合格 when vetoed is its own grade.)
                    Assert.Equal(s.Grade(r), gradeIndices[r] < 0 ? null : standard.Grades[gradeIndices[r]],
                                 "grade index of row " + r);
                    Assert.Equal(s.Vetoed(r), vetoed[r], "vetoed of row " + r);
                    Assert.Equal(s.Scorable(r), scorable[r], "scorable of row " + r);
                    Assert.Equal(s.NodeValue(r, "T8_2") ?? double.NaN, t82[r], "T8_2 of row " + r);
                }
                // Chosen rows, in the order given; several inputs at once.
                int[] some = { 7, 0, 42 };
                double[] chosen = s.Totals(some);
                for (int i = 0; i < some.Length; i++)
                {
                    Assert.Equal(totals[some[i]], chosen[i], "chosen row " + some[i]);
                }
                int[] inputs = { standard.Input("p8_2_2").Index, standard.Input("p1_1_1").Index, standard.Input("p6_1_2").Index };
                bool[,] missing;
                double[,] values = s.InputValues(inputs, null, out missing);
                Assert.Equal(n, values.GetLength(0), "input rows");
                Assert.Equal(3, values.GetLength(1), "input columns");
                int missingCount = 0;
                for (int r = 0; r < n; r++)
                {
                    for (int k = 0; k < inputs.Length; k++)
                    {
                        double? v = s.Value(r, inputs[k]);
                        Assert.Equal(!v.HasValue, missing[r, k], "missing " + r + "," + k);
                        if (v.HasValue)
                        {
                            Assert.Equal(v.Value, values[r, k], "input " + r + "," + k);
                        }
                        else
                        {
                            missingCount++;
                        }
                    }
                }
                Assert.True(missingCount > 0, "p6_1_2 is missing in some rows");
                Assert.Equal(standard.Inputs.Count, s.InputValues().GetLength(1), "every input");

                // A removed row: rows null reads the live ones; asking for it is an error.
                s.RemoveRow(3);
                int[] live = s.LiveRows();
                Assert.Equal(n - 1, live.Length, "live rows");
                double[] after = s.Totals();
                Assert.Equal(n - 1, after.Length, "totals of the live rows");
                for (int i = 0; i < live.Length; i++)
                {
                    // (Totals may change: the consortium scores some inputs against the cohort.)
                    Assert.Equal(s.Total(live[i]) ?? double.NaN, after[i], "live row " + live[i]);
                }
                Assert.Equal(4, live[3], "row 4 is the fourth live row");
                Assert.Status(RubricStatus.OutOfRange, () => s.Totals(new[] { 3 }));
                Assert.Status(RubricStatus.OutOfRange, () => s.Totals(new[] { n + 5 }));
                Assert.Status(RubricStatus.OutOfRange, () => s.Totals(new[] { -1 }));
                Assert.Equal(0, s.Totals(new int[0]).Length, "no rows");
            }
        }

        [Test]
        public void SetNumbersInOneCall()
        {
            using (Standard t = Standard.Compile(Small))
            using (Session s = t.NewSession())
            {
                int x = s.AddRow("x", 2024), y = s.AddRow("y", 2024), z = s.AddRow("z", 2024);
                s.SetNumbers("a", new[] { x, y, z }, new[] { 1.0, 2.0, 3.0 }, new[] { false, false, true });
                Assert.Equal(1.0, s.Value(x, "a"), "x");
                Assert.Equal(2.0, s.Value(y, "a"), "y");
                Assert.Equal(null, s.Value(z, "a"), "z is missing");
                double[] totals = s.Totals();
                Assert.Near(1.0, totals[0], Tol, "total of x");
                Assert.Near(2.0, totals[1], Tol, "total of y");
                Assert.Status(RubricStatus.InvalidArgument, () => s.SetNumbers("a", new[] { x }, new[] { 11.0 }));
            }
        }

        [Test]
        public void MissingResults()
        {
            using (Standard m = Standard.Compile(MissingSource))
            using (Session s = m.NewSession())
            {
                s.LoadCsv(MissingCsv);
                int a = s.FindRow("A", 2024).Value, b = s.FindRow("B", 2024).Value, c = s.FindRow("C", 2024).Value;
                Assert.Near(1.1, s.Total(a), Tol, "total of A");
                Assert.Equal(null, s.NodeValue(b, "a"), "a of B is missing");
                Assert.Near(0.4, s.NodeValue(b, "r"), Tol, "r of B");
                Assert.Equal(null, s.Value(b, "x"), "x of B");
                Assert.Equal("", s.MissingReason(a));
                Assert.False(s.Scorable(c), "C is not scorable");
                Assert.Status(RubricStatus.NotScorable, () => s.Total(c));
                Assert.Equal(null, s.FindRow("Z", 2024), "no row Z");

                // Columnar: the missing NaN for a missing result, a plain NaN when not scorable.
                double[] a_values = s.NodeValues("a");
                Assert.False(Library.IsMissing(a_values[a]), "a of A");
                Assert.True(Library.IsMissing(a_values[b]), "a of B is the missing value");
                Assert.True(double.IsNaN(a_values[c]) && !Library.IsMissing(a_values[c]), "a of C is a plain NaN");
                Assert.Sequence(new[] { true, true, false }, s.ScorableFlags(), "scorable");
                Assert.Sequence(new[] { "A", "B", null }, s.Grades(), "grades");
                Assert.Equal(-1, s.GradeIndices()[c], "no grade when not scorable");
            }
            string whollyMissing = "standard m {\n  input region : enum { east, west }\n"
                                   + "  input x : number missing exclude\n"
                                   + "  input y : number missing impute cohort_mean by region\n"
                                   + "  indicator a points 1 { score x / 10 }\n"
                                   + "  indicator b points 1 { score y / 10 }\n}\n";
            using (Standard m = Standard.Compile(whollyMissing))
            using (Session s = m.NewSession())
            {
                s.LoadCsv("entity,period,region,x,y\nA,2024,east,5,4\nB,2024,east,,\nC,2024,west,,\n");
                int a = s.FindRow("A", 2024).Value, b = s.FindRow("B", 2024).Value, c = s.FindRow("C", 2024).Value;
                Assert.Near(0.4, s.NodeValue(b, "b"), Tol, "imputed y of B");
                Assert.True(s.ImputationsJson(b).Contains("mean"), s.ImputationsJson(b));
                Assert.Equal("[]", s.ImputationsJson(a));
                Assert.Equal(null, s.Total(c), "the total of C is missing");
                Assert.Equal("no part of the total has a value: missing x, y", s.MissingReason(c));
                Assert.True(Library.IsMissing(s.Totals()[c]), "columnar missing total");
            }
        }

        [Test]
        public void StatusesAreExceptions()
        {
            using (Standard t = Standard.Compile(Small, "t.rubric"))
            using (Session s = t.NewSession())
            {
                int row = s.AddRow("x", 2024);
                var dup = Assert.Status(RubricStatus.AlreadyExists, () => s.AddRow("x", 2024));
                Assert.Equal("rubric_session_add_row", dup.Function);
                Assert.Status(RubricStatus.InvalidArgument, () => s.AddRow(" ", 2024));
                Assert.Status(RubricStatus.NotFound, () => s.SetNumber(row, "zz", 1));
                Assert.Status(RubricStatus.OutOfRange, () => s.SetNumber(99, 0, 1), "bad row index");
                Assert.Status(RubricStatus.OutOfRange, () => s.Total(99), "total of a bad row");
                Assert.Status(RubricStatus.OutOfRange, () => s.Total(-1), "negative row");
                Assert.Status(RubricStatus.OutOfRange, () => s.SetNumber(row, 17, 1), "bad input index");
                Assert.Status(RubricStatus.TypeMismatch, () => s.SetNumber(row, "note", 1));
                var bound = Assert.Status(RubricStatus.InvalidArgument, () => s.SetNumber(row, "a", 11));
                Assert.True(bound.Detail.Length > 0 && bound.Detail != bound.StatusName, "detail: " + bound.Detail);
                Assert.True(bound.Message.Contains(bound.Detail), bound.Message);
                Assert.Status(RubricStatus.InvalidUtf8, () => s.SetText(row, "note", "\ud800"));
                Assert.Status(RubricStatus.InvalidArgument, () => s.SetOption(row, "e", "nope"));

                s.SetNumber(row, "a", 5);
                s.SetOption(row, "e", "hi");
                s.SetText(row, "note", "注释");
                s.SetString(row, "flag", "true");
                Assert.Near(7.0, s.Total(row), Tol, "5 points of i, 2 of j");
                Assert.Near(2.0, s.NodeValue(row, "j"), Tol, "j");
                Assert.Equal(2.0, s.Value(row, "e"), "option index");
                Assert.Equal(1.0, s.Value(row, "flag"), "flag");
                s.SetOption(row, "e", 0);
                Assert.Near(0.0, s.NodeValue(row, "j"), Tol, "j after lo");
                s.Clear(row, "a");
                Assert.Equal(null, s.Value(row, "a"), "cleared");
                Assert.Equal("x", s.Entity(row));
                Assert.Equal(2024L, s.Period(row));
                s.RemoveRow(row);
                Assert.False(s.IsLive(row), "removed");
                Assert.Status(RubricStatus.OutOfRange, () => s.Total(row), "total of a removed row");
                Assert.Equal(0, s.Rows().Count, "no live rows");
            }
        }

        [Test]
        public void BadCsvIsDataException()
        {
            using (Standard t = Standard.Compile(Small, "t.rubric"))
            using (Session s = t.NewSession())
            {
                var e = Assert.Throws<DataException>(() => s.LoadCsv("entity,period,a\nx,2024,not-a-number\n", "d.csv"));
                Assert.Equal(RubricStatus.DataError, e.Status);
                Assert.True(e.Diagnostics.Count > 0, "diagnostics");
                Assert.Equal("d.csv", e.Diagnostics[0].File);
                Assert.Equal(2, e.Diagnostics[0].Line, "line");
                Assert.True(e.Diagnostics[0].Code.StartsWith("D"), "code " + e.Diagnostics[0].Code);
                var missing = Assert.Status(RubricStatus.InvalidArgument,
                    () => s.LoadCsvFile(Path.Combine(Repo, "no", "such", "data.csv")));
                Assert.True(missing.Detail.Contains("cannot read"), missing.Detail);
            }
        }

        [Test]
        public void AnalysesAsJson()
        {
            string guide = Path.Combine(Repo, "examples", "guide");
            using (Standard g = Standard.CompileFile(Path.Combine(guide, "06_grades.rubric")))
            using (Session s = g.NewSession())
            {
                s.LoadCsvFile(Path.Combine(guide, "06_grades.csv"));
                int row = s.FindRow("无锡", 2023).Value;
                double before = s.Total(row).Value;
                string goal = s.GoalJson(row);
                Assert.True(goal.Contains("\"already\"") && goal.Contains("优秀"), goal);
                Assert.Equal(before, s.Total(row).Value, "the session is unchanged");
                Assert.Status(RubricStatus.InvalidArgument, () => s.GoalJson(row, "{\"grade\": \"没有这一档\"}"));
                string moved = s.AttributeJson("{\"entity\": \"无锡\", \"from\": 2023, \"to\": 2024}");
                Assert.True(moved.Contains("\"contribution\""), moved);
                string options = "{\"samples\": 200, \"seed\": 7, \"vary\": \"10%\"}";
                string first = s.SensitivityJson(options);
                Assert.Equal(first, s.SensitivityJson(options), "deterministic for a seed");
                Assert.Status(RubricStatus.InvalidArgument, () => s.SensitivityJson("{\"samples\": 0}"));
            }
        }

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

        public static int Main(string[] args)
        {
            return TestRunner.Run(typeof(RubricTests), args);
        }
    }
}

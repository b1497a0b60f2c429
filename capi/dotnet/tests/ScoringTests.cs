// Scoring: totals against the command line, CSV, columnar reads, missing results, analyses.
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
    public sealed class ScoringTests
    {

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
                // The same sweep in blocks of runs, merged in another order: the same JSON.
                var blocks = new List<byte[]> { s.SensitivityRuns(120, 80, options), s.SensitivityRuns(0, 120, options) };
                Assert.Equal(first, s.SensitivityMergeJson(blocks, options), "blocks merge to the whole sweep");
                Assert.Status(RubricStatus.InvalidArgument, () => s.SensitivityMergeJson(blocks.GetRange(0, 1), options));
                Assert.Status(RubricStatus.InvalidArgument, () => s.SensitivityRuns(150, 80, options));
            }
        }
    }
}

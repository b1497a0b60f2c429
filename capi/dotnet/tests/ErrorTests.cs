// Statuses as exceptions.
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
    public sealed class ErrorTests
    {

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
    }
}

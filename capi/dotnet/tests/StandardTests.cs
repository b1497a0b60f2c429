// Compiling, diagnostics, metadata and the version check.
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
    public sealed class StandardTests
    {

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
    }
}

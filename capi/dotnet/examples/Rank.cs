// Scores a data file with a standard through the C# binding and prints the ranking of the
// last period. Run with tools/dotnet-build.sh BUILD_DIR example, or by hand:
//
//   mono build/ci/dotnet/Rank.exe [STANDARD DATA [TOP]]
//
// (default: examples/consortium/standard.rubric and cities.csv of the checkout in
// RUBRIC_REPO or the current folder, top 5).
using System;
using System.Collections.Generic;
using System.IO;
using Rubric;

public static class Rank
{
    public static int Main(string[] args)
    {
        string repo = Environment.GetEnvironmentVariable("RUBRIC_REPO") ?? ".";
        string standardPath = args.Length >= 2 ? args[0] : Path.Combine(repo, "examples", "consortium", "standard.rubric");
        string dataPath = args.Length >= 2 ? args[1] : Path.Combine(repo, "examples", "consortium", "cities.csv");
        int top = args.Length >= 3 ? int.Parse(args[2]) : 5;
        try
        {
            Console.WriteLine("librubric " + Library.Version);
            using (Standard standard = Standard.CompileFile(standardPath))
            using (Session session = new Session(standard))
            {
                Console.WriteLine("{0} [{1}, version {2}]: {3} inputs, {4} groups and indicators, {5} vetoes",
                                  standard.Title, standard.Id, standard.Version, standard.Inputs.Count,
                                  standard.Nodes.Count, standard.Vetoes.Count);
                foreach (Diagnostic warning in session.LoadCsvFile(dataPath))
                {
                    Console.Error.WriteLine(warning);
                }
                Print(session, top);
            }
            return 0;
        }
        catch (RubricException e)
        {
            // CompileException and DataException list every diagnostic in their message.
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (DllNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    private static void Print(Session session, int top)
    {
        IReadOnlyList<Row> rows = session.Rows();
        long last = long.MinValue;
        foreach (Row row in rows)
        {
            last = Math.Max(last, row.Period);
        }
        // The totals of every live row in one call; a missing total (or a row that is not
        // scorable) is a NaN, left out of the ranking.
        double[] totals = session.Totals();
        var ranked = new List<int>();
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Period == last && !double.IsNaN(totals[i]))
            {
                ranked.Add(i);
            }
        }
        ranked.Sort((a, b) =>
        {
            int byTotal = totals[b].CompareTo(totals[a]);
            return byTotal != 0 ? byTotal : string.CompareOrdinal(rows[a].Entity, rows[b].Entity);
        });
        string[] grades = session.Grades();

        Console.WriteLine();
        Console.WriteLine("Ranking {0} (top {1} of {2}):", last, Math.Min(top, ranked.Count), ranked.Count);
        Console.WriteLine("{0,4}  {1,-8} {2,10}  {3}", "rank", "entity", "total", "grade");
        for (int k = 0; k < Math.Min(top, ranked.Count); k++)
        {
            int i = ranked[k];
            int row = rows[i].Index;
            string vetoes = session.Vetoed(row) ? "  (vetoed: " + string.Join(", ", session.FiredVetoes(row)) + ")" : "";
            Console.WriteLine("{0,4}  {1,-8} {2,10:F4}  {3}{4}", k + 1, rows[i].Entity, totals[i], grades[i] ?? "-", vetoes);
        }
    }
}

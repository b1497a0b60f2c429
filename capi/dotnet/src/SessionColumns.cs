using System;

namespace Rubric
{
    // Columnar results: one kind of result for many rows in one call (capi/rubric.h,
    // "Columnar results"). rows null means every live row in index order (rows 0 .. RowCount - 1
    // when none was removed; LiveRows() lists them). A removed or unknown row in rows is a
    // RubricException (OutOfRange) and nothing is read.
    public sealed partial class Session
    {
        private delegate int ColumnCall<T>(SessionHandle session, UIntPtr[] rows, UIntPtr count, T[] output);

        /// <summary>The indices of the live rows, in index order.</summary>
        public int[] LiveRows()
        {
            lock (gate)
            {
                int count = RowCount;
                var rows = new System.Collections.Generic.List<int>(count);
                for (int r = 0; r < count; r++)
                {
                    if (IsLive(r))
                    {
                        rows.Add(r);
                    }
                }
                return rows.ToArray();
            }
        }

        // Runs a columnar call into a new array of (rows or live rows) * width elements.
        private T[] Column<T>(int[] rows, int width, string function, ColumnCall<T> call)
        {
            lock (gate)
            {
                UIntPtr[] indices = rows == null ? null : Columns.Indices(rows, "row");
                int count = rows == null ? RowCount : rows.Length;
                var output = new T[count * width];
                int status = call(H, indices, new UIntPtr((uint)count), output);
                if (status == (int)RubricStatus.OutOfRange && rows == null)
                {
                    int[] live = LiveRows(); // some rows were removed: read the live ones
                    output = new T[live.Length * width];
                    status = call(H, Columns.Indices(live, "row"), new UIntPtr((uint)live.Length), output);
                }
                Check(status, function);
                return output;
            }
        }

        /// <summary>
        /// The totals of many rows (rubric_session_totals). A missing total is rubric's missing
        /// NaN (Library.IsMissing), a row that is not scorable a plain NaN (ScorableFlags tells).
        /// </summary>
        public double[] Totals(int[] rows = null)
        {
            return Column<double>(rows, 1, "rubric_session_totals",
                (h, r, n, o) => NativeMethods.rubric_session_totals(h, r, n, o));
        }

        /// <summary>The values of one node for many rows (rubric_session_node_values), as Totals.</summary>
        public double[] NodeValues(int node, int[] rows = null)
        {
            UIntPtr k = Index(node, "node");
            return Column<double>(rows, 1, "rubric_session_node_values",
                (h, r, n, o) => NativeMethods.rubric_session_node_values(h, k, r, n, o));
        }

        public double[] NodeValues(string node, int[] rows = null)
        {
            return NodeValues(NodeIndex(node), rows);
        }

        /// <summary>
        /// The grades of many rows as indices into Standard.Grades (rubric_session_grades); -1
        /// when none applies (no grades, a missing total, a row that is not scorable).
        /// </summary>
        public int[] GradeIndices(int[] rows = null)
        {
            return Column<int>(rows, 1, "rubric_session_grades",
                (h, r, n, o) => NativeMethods.rubric_session_grades(h, r, n, o));
        }

        /// <summary>The grades' names of many rows, null where none applies.</summary>
        public string[] Grades(int[] rows = null)
        {
            int[] indices = GradeIndices(rows);
            var names = new string[indices.Length];
            for (int i = 0; i < indices.Length; i++)
            {
                names[i] = indices[i] >= 0 ? Standard.Grades[indices[i]] : null;
            }
            return names;
        }

        /// <summary>Whether each row is vetoed (rubric_session_vetoed_flags; false when not scorable).</summary>
        public bool[] VetoedFlags(int[] rows = null)
        {
            return Columns.Bools(Column<byte>(rows, 1, "rubric_session_vetoed_flags",
                (h, r, n, o) => NativeMethods.rubric_session_vetoed_flags(h, r, n, o)));
        }

        /// <summary>Whether each row is scorable (rubric_session_scorable_flags).</summary>
        public bool[] ScorableFlags(int[] rows = null)
        {
            return Columns.Bools(Column<byte>(rows, 1, "rubric_session_scorable_flags",
                (h, r, n, o) => NativeMethods.rubric_session_scorable_flags(h, r, n, o)));
        }

        /// <summary>
        /// The values of several inputs (null: every input) for many rows in one call
        /// (rubric_session_input_values), as rules see them (defaults for missing values, an
        /// enum's option index): result[r, k] is input inputs[k] of row rows[r], and
        /// missing[r, k] is true where that value is missing.
        /// </summary>
        public double[,] InputValues(int[] inputs, int[] rows, out bool[,] missing)
        {
            if (inputs == null)
            {
                inputs = new int[Standard.Inputs.Count];
                for (int k = 0; k < inputs.Length; k++)
                {
                    inputs[k] = k;
                }
            }
            int width = inputs.Length;
            UIntPtr[] columns = Columns.Indices(inputs, "input");
            byte[] flags = null;
            double[] values = Column<double>(rows, width, "rubric_session_input_values", (h, r, n, o) =>
            {
                flags = new byte[o.Length];
                return NativeMethods.rubric_session_input_values(h, columns, new UIntPtr((uint)width), r, n, o, flags);
            });
            int count = width == 0 ? (rows == null ? LiveRows().Length : rows.Length) : values.Length / width;
            var result = new double[count, width];
            missing = new bool[count, width];
            for (int r = 0; r < count; r++)
            {
                for (int k = 0; k < width; k++)
                {
                    result[r, k] = values[r * width + k];
                    missing[r, k] = flags[r * width + k] != 0;
                }
            }
            return result;
        }

        public double[,] InputValues(int[] inputs = null, int[] rows = null)
        {
            bool[,] missing;
            return InputValues(inputs, rows, out missing);
        }
    }

    /// <summary>Conversions for the columnar calls.</summary>
    internal static class Columns
    {
        internal static UIntPtr[] Indices(int[] values, string what)
        {
            var indices = new UIntPtr[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                indices[i] = Session.Index(values[i], what);
            }
            return indices;
        }

        internal static bool[] Bools(byte[] flags)
        {
            var result = new bool[flags.Length];
            for (int i = 0; i < flags.Length; i++)
            {
                result[i] = flags[i] != 0;
            }
            return result;
        }

        internal static byte[] Bytes(bool[] flags)
        {
            var result = new byte[flags.Length];
            for (int i = 0; i < flags.Length; i++)
            {
                result[i] = flags[i] ? (byte)1 : (byte)0;
            }
            return result;
        }
    }
}

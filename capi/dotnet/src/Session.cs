using System;
using System.Collections.Generic;

namespace Rubric
{
    /// <summary>
    /// The values of many rows (one entity in one period) for one Standard, and their
    /// results (rubric_session). Results are always current: reading one after edits
    /// recomputes incrementally only what depends on the edits.
    ///
    /// Threads: a session belongs to one thread at a time (capi/rubric.h). Every method takes
    /// the session's lock, so a session shared by mistake is serialised rather than corrupted;
    /// for parallel scoring use one session per thread over one shared Standard.
    ///
    /// Rows are indices as AddRow and FindRow return them; inputs, nodes and outputs are ids
    /// or indices. A result computed from missing inputs is null (double?). Dispose the
    /// session when done; a finalizer frees one that is never disposed. This file: rows,
    /// values and CSV; SessionResults.cs and SessionColumns.cs: the results.
    /// </summary>
    public sealed partial class Session : IDisposable
    {
        private readonly object gate = new object();
        private readonly SessionHandle handle;

        /// <summary>A new, empty session over standard (which may be disposed afterwards).</summary>
        public Session(Standard standard)
        {
            if (standard == null)
            {
                throw new ArgumentNullException("standard");
            }
            Standard = standard;
            SessionHandle created;
            int status = NativeMethods.rubric_session_create(out created, standard.Handle);
            if (status != 0)
            {
                created.Dispose();
                throw RubricException.Of(status, "rubric_session_create",
                                         Library.StatusString((RubricStatus)status));
            }
            handle = created;
        }

        /// <summary>The standard this session scores with.</summary>
        public Standard Standard { get; private set; }

        // ---- calls (callers hold the lock) ----

        private SessionHandle H
        {
            get
            {
                if (handle.IsClosed)
                {
                    throw new ObjectDisposedException("Session");
                }
                return handle;
            }
        }

        private void Check(int status, string function)
        {
            if (status != 0)
            {
                throw Error(status, function);
            }
        }

        private RubricException Error(int status, string function)
        {
            string message = Text.Borrow(NativeMethods.rubric_session_last_error(handle));
            if (string.IsNullOrEmpty(message))
            {
                message = Library.StatusString((RubricStatus)status);
            }
            return RubricException.Of(status, function, message);
        }

        internal static UIntPtr Index(long value, string what)
        {
            if (value < 0)
            {
                throw new RubricException(RubricStatus.OutOfRange, null, "negative " + what + " index " + value);
            }
            return new UIntPtr((ulong)value);
        }

        private int InputIndex(string id) { return Standard.Input(id).Index; }
        private int NodeIndex(string id) { return Standard.Node(id).Index; }
        private int OutputIndex(string id) { return Standard.Output(id).Index; }

        // ---- rows ----

        /// <summary>
        /// Adds a row (every input missing) and returns its index. AlreadyExists when
        /// (entity, period) exists; InvalidArgument for an empty entity or one with control
        /// characters.
        /// </summary>
        public int AddRow(string entity, long period)
        {
            byte[] e = Text.Utf8Z(entity, "entity");
            lock (gate)
            {
                UIntPtr row;
                Check(NativeMethods.rubric_session_add_row(H, e, period, out row), "rubric_session_add_row");
                return (int)row.ToUInt64();
            }
        }

        /// <summary>The index of the row (entity, period), or null when there is none.</summary>
        public int? FindRow(string entity, long period)
        {
            byte[] e = Text.Utf8Z(entity, "entity");
            lock (gate)
            {
                UIntPtr row;
                int status = NativeMethods.rubric_session_find_row(H, e, period, out row);
                if (status == (int)RubricStatus.NotFound)
                {
                    return null;
                }
                Check(status, "rubric_session_find_row");
                return (int)row.ToUInt64();
            }
        }

        /// <summary>Removes a live row; its index stays reserved.</summary>
        public void RemoveRow(int row)
        {
            lock (gate)
            {
                Check(NativeMethods.rubric_session_remove_row(H, Index(row, "row")), "rubric_session_remove_row");
            }
        }

        /// <summary>Rows ever added, removed ones included (indices 0 .. RowCount - 1).</summary>
        public int RowCount
        {
            get
            {
                lock (gate)
                {
                    return (int)NativeMethods.rubric_session_row_count(H).ToUInt64();
                }
            }
        }

        /// <summary>Whether row exists and was not removed.</summary>
        public bool IsLive(int row)
        {
            lock (gate)
            {
                int live;
                if (row < 0 || NativeMethods.rubric_session_row_live(H, Index(row, "row"), out live) != 0)
                {
                    return false;
                }
                return live != 0;
            }
        }

        /// <summary>The entity of a row (removed rows included).</summary>
        public string Entity(int row)
        {
            lock (gate)
            {
                IntPtr entity;
                Check(NativeMethods.rubric_session_row_entity(H, Index(row, "row"), out entity),
                      "rubric_session_row_entity");
                return Text.Borrow(entity);
            }
        }

        /// <summary>The period of a row (removed rows included).</summary>
        public long Period(int row)
        {
            lock (gate)
            {
                long period;
                Check(NativeMethods.rubric_session_row_period(H, Index(row, "row"), out period),
                      "rubric_session_row_period");
                return period;
            }
        }

        /// <summary>The live rows, in index order.</summary>
        public IReadOnlyList<Row> Rows()
        {
            lock (gate)
            {
                var rows = new List<Row>();
                int count = RowCount;
                for (int r = 0; r < count; r++)
                {
                    if (IsLive(r))
                    {
                        rows.Add(new Row(r, Entity(r), Period(r)));
                    }
                }
                return rows;
            }
        }

        // ---- values ----

        /// <summary>Sets a number (bool 0/1, number, percent, integer and rank inputs).</summary>
        public void SetNumber(int row, int input, double value)
        {
            lock (gate)
            {
                Check(NativeMethods.rubric_session_set_number(H, Index(row, "row"), Index(input, "input"), value),
                      "rubric_session_set_number");
            }
        }

        public void SetNumber(int row, string input, double value)
        {
            SetNumber(row, InputIndex(input), value);
        }

        /// <summary>Sets an enum input to its option of index option (0: the first declared).</summary>
        public void SetOption(int row, int input, int option)
        {
            lock (gate)
            {
                Check(NativeMethods.rubric_session_set_option(H, Index(row, "row"), Index(input, "input"),
                                                              Index(option, "option")),
                      "rubric_session_set_option");
            }
        }

        public void SetOption(int row, string input, int option)
        {
            SetOption(row, InputIndex(input), option);
        }

        /// <summary>Sets an enum input to the option with this name.</summary>
        public void SetOption(int row, string input, string option)
        {
            Input declared = Standard.Input(input);
            int k = -1;
            for (int i = 0; i < declared.Options.Count; i++)
            {
                if (declared.Options[i] == option)
                {
                    k = i;
                }
            }
            if (k < 0)
            {
                throw new RubricException(RubricStatus.InvalidArgument, null,
                    "input '" + input + "' has no option '" + option + "'");
            }
            SetOption(row, declared.Index, k);
        }

        /// <summary>Sets a text input.</summary>
        public void SetText(int row, int input, string text)
        {
            byte[] t = Text.Utf8Z(text, "text");
            lock (gate)
            {
                Check(NativeMethods.rubric_session_set_text(H, Index(row, "row"), Index(input, "input"), t),
                      "rubric_session_set_text");
            }
        }

        public void SetText(int row, string input, string text)
        {
            SetText(row, InputIndex(input), text);
        }

        /// <summary>Sets any input from its textual form as in data ("true", "12.5", an option; "" = missing).</summary>
        public void SetString(int row, int input, string text)
        {
            byte[] t = Text.Utf8Z(text, "value");
            lock (gate)
            {
                Check(NativeMethods.rubric_session_set_string(H, Index(row, "row"), Index(input, "input"), t),
                      "rubric_session_set_string");
            }
        }

        public void SetString(int row, string input, string text)
        {
            SetString(row, InputIndex(input), text);
        }

        /// <summary>Makes a value missing.</summary>
        public void Clear(int row, int input)
        {
            lock (gate)
            {
                Check(NativeMethods.rubric_session_clear(H, Index(row, "row"), Index(input, "input")),
                      "rubric_session_clear");
            }
        }

        public void Clear(int row, string input)
        {
            Clear(row, InputIndex(input));
        }

        /// <summary>
        /// One input's values for many rows in one call (rubric_session_set_numbers): rows[i]
        /// gets values[i], or is cleared where missing[i] is true (missing may be null). Stops
        /// at the first bad value and throws (earlier values stay set).
        /// </summary>
        public void SetNumbers(int input, int[] rows, double[] values, bool[] missing = null)
        {
            if (rows == null || values == null)
            {
                throw new ArgumentNullException(rows == null ? "rows" : "values");
            }
            if (values.Length != rows.Length || (missing != null && missing.Length != rows.Length))
            {
                throw new ArgumentException("rows, values and missing must have the same length");
            }
            UIntPtr[] r = Columns.Indices(rows, "row");
            byte[] m = missing == null ? null : Columns.Bytes(missing);
            lock (gate)
            {
                Check(NativeMethods.rubric_session_set_numbers(H, Index(input, "input"), r, values, m,
                                                               new UIntPtr((uint)rows.Length)),
                      "rubric_session_set_numbers");
            }
        }

        public void SetNumbers(string input, int[] rows, double[] values, bool[] missing = null)
        {
            SetNumbers(InputIndex(input), rows, values, missing);
        }

        /// <summary>The value as given (an enum's option index), or null when it is missing.</summary>
        public double? Value(int row, int input)
        {
            lock (gate)
            {
                double value;
                int missing;
                Check(NativeMethods.rubric_session_get_value(H, Index(row, "row"), Index(input, "input"),
                                                             out value, out missing),
                      "rubric_session_get_value");
                return missing != 0 ? (double?)null : value;
            }
        }

        public double? Value(int row, string input)
        {
            return Value(row, InputIndex(input));
        }

        // ---- CSV ----

        /// <summary>
        /// Loads CSV text (long entity,period,input,value or wide) and returns the warnings.
        /// fileName (may be null) names the data in diagnostics. Throws DataException, with the
        /// diagnostics, when the data have errors: rows read before the errors stay in the
        /// session, so discard it.
        /// </summary>
        public IReadOnlyList<Diagnostic> LoadCsv(string text, string fileName = null)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }
            byte[] bytes = Text.Utf8(text, "CSV");
            using (var options = new Options().Set("file_name", fileName))
            {
                lock (gate)
                {
                    DiagnosticsHandle diagnostics;
                    int status = NativeMethods.rubric_session_load_csv(H, out diagnostics, bytes,
                                                                       new UIntPtr((uint)bytes.Length), options.Handle);
                    return Loaded(status, "rubric_session_load_csv", diagnostics);
                }
            }
        }

        /// <summary>
        /// Loads the CSV file at path, as LoadCsv loads text. A file that cannot be read is a
        /// RubricException (InvalidArgument) whose Detail says why.
        /// </summary>
        public IReadOnlyList<Diagnostic> LoadCsvFile(string path, string fileName = null)
        {
            if (path == null)
            {
                throw new ArgumentNullException("path");
            }
            byte[] p = Text.Utf8Z(path, "path");
            using (var options = new Options().Set("file_name", fileName))
            {
                lock (gate)
                {
                    DiagnosticsHandle diagnostics;
                    int status = NativeMethods.rubric_session_load_csv_file(H, out diagnostics, p, options.Handle);
                    return Loaded(status, "rubric_session_load_csv_file", diagnostics);
                }
            }
        }

        private IReadOnlyList<Diagnostic> Loaded(int status, string function, DiagnosticsHandle diagnostics)
        {
            IReadOnlyList<Diagnostic> list = Diagnostic.ReadAndFree(diagnostics);
            if (status == (int)RubricStatus.DataError)
            {
                throw RubricException.Of(status, function, Diagnostic.Summary(list, "the data have errors"), list);
            }
            Check(status, function);
            return list;
        }

        public bool IsDisposed { get { return handle.IsClosed; } }

        /// <summary>Frees the session (idempotent).</summary>
        public void Dispose()
        {
            lock (gate)
            {
                handle.Dispose();
            }
        }
    }
}

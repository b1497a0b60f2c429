using System.Collections.Generic;
using System.Text;

namespace Rubric
{
    /// <summary>How serious a diagnostic is (RUBRIC_SEVERITY_*).</summary>
    public enum Severity
    {
        Error = 0,
        Warning = 1,
        Note = 2,
    }

    /// <summary>
    /// One diagnostic of compiling a standard or loading data: its severity, code ("E0101"),
    /// message, hint ("" when none), file, line and column (1-based, the column in Unicode
    /// code points; 0 when there is none) and byte offset. A plain object: it owns no handle.
    /// </summary>
    public sealed class Diagnostic
    {
        public Diagnostic(Severity severity, string code, string message, string hint,
                          string file, int line, int column, long offset)
        {
            Severity = severity;
            Code = code ?? "";
            Message = message ?? "";
            Hint = hint ?? "";
            File = file ?? "";
            Line = line;
            Column = column;
            Offset = offset;
        }

        public Severity Severity { get; private set; }
        public string Code { get; private set; }
        public string Message { get; private set; }
        public string Hint { get; private set; }
        public string File { get; private set; }
        public int Line { get; private set; }
        public int Column { get; private set; }
        public long Offset { get; private set; }

        public bool IsError { get { return Severity == Severity.Error; } }

        /// <summary><c>FILE:LINE:COL: error: MESSAGE [CODE]</c>, as rubric prints it.</summary>
        public override string ToString()
        {
            var text = new StringBuilder();
            if (File.Length > 0)
            {
                text.Append(File).Append(':');
            }
            if (Line > 0)
            {
                text.Append(Line).Append(':');
                if (Column > 0)
                {
                    text.Append(Column).Append(':');
                }
            }
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(Severity.ToString().ToLowerInvariant()).Append(": ").Append(Message);
            if (Code.Length > 0)
            {
                text.Append(" [").Append(Code).Append(']');
            }
            return text.ToString();
        }

        /// <summary>Reads every diagnostic of a handle and frees it.</summary>
        internal static IReadOnlyList<Diagnostic> ReadAndFree(DiagnosticsHandle handle)
        {
            var list = new List<Diagnostic>();
            if (handle == null)
            {
                return list;
            }
            using (handle)
            {
                if (handle.IsInvalid)
                {
                    return list;
                }
                ulong count = NativeMethods.rubric_diagnostics_count(handle).ToUInt64();
                for (ulong i = 0; i < count; i++)
                {
                    var k = new System.UIntPtr(i);
                    list.Add(new Diagnostic(
                        (Severity)NativeMethods.rubric_diagnostic_severity(handle, k),
                        Text.Borrow(NativeMethods.rubric_diagnostic_code(handle, k)),
                        Text.Borrow(NativeMethods.rubric_diagnostic_message(handle, k)),
                        Text.Borrow(NativeMethods.rubric_diagnostic_hint(handle, k)),
                        Text.Borrow(NativeMethods.rubric_diagnostic_file(handle, k)),
                        NativeMethods.rubric_diagnostic_line(handle, k),
                        NativeMethods.rubric_diagnostic_column(handle, k),
                        (long)NativeMethods.rubric_diagnostic_offset(handle, k).ToUInt64()));
                }
            }
            return list;
        }

        /// <summary>The errors of a list, one a line, for an exception's message.</summary>
        internal static string Summary(IReadOnlyList<Diagnostic> diagnostics, string fallback)
        {
            var text = new StringBuilder();
            foreach (Diagnostic d in diagnostics)
            {
                if (d.IsError)
                {
                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }
                    text.Append(d);
                }
            }
            return text.Length == 0 ? fallback : text.ToString();
        }
    }
}

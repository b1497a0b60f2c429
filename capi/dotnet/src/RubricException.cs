using System;
using System.Collections.Generic;

namespace Rubric
{
    /// <summary>
    /// A failed call: the rubric_status of capi/rubric.h (<see cref="Status"/>) and the
    /// library's message (<see cref="Detail"/>: the session's last error when it gave one).
    /// Filter on the status: <c>catch (RubricException e) when (e.Status == RubricStatus.NotFound)</c>.
    /// </summary>
    public class RubricException : Exception
    {
        private static readonly IReadOnlyList<Diagnostic> None = new Diagnostic[0];

        internal RubricException(RubricStatus status, string function, string detail,
                                 Exception inner = null)
            : this(status, function, detail, None, inner) { }

        internal RubricException(RubricStatus status, string function, string detail,
                                 IReadOnlyList<Diagnostic> diagnostics, Exception inner = null)
            : base(Format(status, function, detail), inner)
        {
            Status = status;
            Function = function;
            Detail = detail ?? "";
            Diagnostics = diagnostics ?? None;
        }

        /// <summary>The status code (Ok for errors of the binding itself, before any call).</summary>
        public RubricStatus Status { get; private set; }

        /// <summary>The status as rubric.h names it, e.g. "RUBRIC_NOT_FOUND".</summary>
        public string StatusName { get { return NameOf(Status); } }

        /// <summary>The C function that failed, or null.</summary>
        public string Function { get; private set; }

        /// <summary>The library's message or the binding's description ("" when none).</summary>
        public string Detail { get; private set; }

        /// <summary>The diagnostics of a compile or data error (empty otherwise).</summary>
        public IReadOnlyList<Diagnostic> Diagnostics { get; private set; }

        /// <summary>"RUBRIC_NOT_FOUND" for RubricStatus.NotFound, and so on.</summary>
        public static string NameOf(RubricStatus status)
        {
            switch (status)
            {
                case RubricStatus.Ok: return "RUBRIC_OK";
                case RubricStatus.InvalidArgument: return "RUBRIC_INVALID_ARGUMENT";
                case RubricStatus.NotFound: return "RUBRIC_NOT_FOUND";
                case RubricStatus.AlreadyExists: return "RUBRIC_ALREADY_EXISTS";
                case RubricStatus.OutOfRange: return "RUBRIC_OUT_OF_RANGE";
                case RubricStatus.TypeMismatch: return "RUBRIC_TYPE_MISMATCH";
                case RubricStatus.InvalidUtf8: return "RUBRIC_INVALID_UTF8";
                case RubricStatus.CompileError: return "RUBRIC_COMPILE_ERROR";
                case RubricStatus.DataError: return "RUBRIC_DATA_ERROR";
                case RubricStatus.NotScorable: return "RUBRIC_NOT_SCORABLE";
                case RubricStatus.NoMemory: return "RUBRIC_NO_MEMORY";
                case RubricStatus.VersionMismatch: return "RUBRIC_VERSION_MISMATCH";
                case RubricStatus.Internal: return "RUBRIC_INTERNAL";
                default: return "status " + (int)status;
            }
        }

        private static string Format(RubricStatus status, string function, string detail)
        {
            string text = function == null ? "" : function + ": ";
            if (string.IsNullOrEmpty(detail))
            {
                return text + NameOf(status);
            }
            text += detail;
            return status == RubricStatus.Ok ? text : text + " (" + NameOf(status) + ")";
        }

        /// <summary>The exception for a failed status: CompileException, DataException or this.</summary>
        internal static RubricException Of(int status, string function, string detail,
                                           IReadOnlyList<Diagnostic> diagnostics = null)
        {
            var code = (RubricStatus)status;
            if (code == RubricStatus.CompileError)
            {
                return new CompileException(function, detail, diagnostics);
            }
            if (code == RubricStatus.DataError)
            {
                return new DataException(function, detail, diagnostics);
            }
            return new RubricException(code, function, detail, diagnostics);
        }
    }

    /// <summary>RUBRIC_COMPILE_ERROR: the standard has errors, listed in Diagnostics.</summary>
    public sealed class CompileException : RubricException
    {
        internal CompileException(string function, string detail, IReadOnlyList<Diagnostic> diagnostics)
            : base(RubricStatus.CompileError, function, detail, diagnostics) { }
    }

    /// <summary>RUBRIC_DATA_ERROR: the data have errors, listed in Diagnostics.</summary>
    public sealed class DataException : RubricException
    {
        internal DataException(string function, string detail, IReadOnlyList<Diagnostic> diagnostics)
            : base(RubricStatus.DataError, function, detail, diagnostics) { }
    }
}

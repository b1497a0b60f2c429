// The owners of rubric's native handles: one SafeHandle subclass per handle type. Each frees
// its handle exactly once, on Dispose or, as a safety net, from the runtime's critical
// finalizer when it was never disposed. The public classes (Standard, Session) own one each.
using System;
using System.Runtime.InteropServices;

namespace Rubric
{
    /// <summary>Owns a rubric_standard* (freed with rubric_standard_free).</summary>
    internal sealed class StandardHandle : SafeHandle
    {
        /// <summary>Used by the P/Invoke marshaller for out parameters.</summary>
        public StandardHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.rubric_standard_free(handle);
            return true;
        }
    }

    /// <summary>Owns a rubric_session* (freed with rubric_session_free).</summary>
    internal sealed class SessionHandle : SafeHandle
    {
        public SessionHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.rubric_session_free(handle);
            return true;
        }
    }

    /// <summary>Owns a rubric_diagnostics* (freed with rubric_diagnostics_free).</summary>
    internal sealed class DiagnosticsHandle : SafeHandle
    {
        public DiagnosticsHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.rubric_diagnostics_free(handle);
            return true;
        }
    }

    /// <summary>Owns a rubric_options* (freed with rubric_options_free).</summary>
    internal sealed class OptionsHandle : SafeHandle
    {
        public OptionsHandle() : base(IntPtr.Zero, true) { }

        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }

        protected override bool ReleaseHandle()
        {
            NativeMethods.rubric_options_free(handle);
            return true;
        }
    }
}

using System;

namespace Rubric
{
    /// <summary>
    /// Library-wide facts: the version of librubric, the version check, statuses and the
    /// missing value. Any thread.
    ///
    /// The library is found by the runtime's native library search for "rubric": on Linux
    /// librubric.so on LD_LIBRARY_PATH or the system's library path (after cmake --install);
    /// with Mono also a dllmap in Rubric.dll.config (tools/dotnet-build.sh writes one).
    /// </summary>
    public static class Library
    {
        /// <summary>The version of capi/rubric.h this binding was written against (RUBRIC_VERSION_NUMBER).</summary>
        public const uint HeaderVersion = 0 * 10000 + 6 * 100 + 0;

        private static readonly object Gate = new object();
        private static volatile bool checkedVersion;

        /// <summary>The version of the loaded library, e.g. "0.5.0".</summary>
        public static string Version
        {
            get { return Text.Borrow(Call(() => NativeMethods.rubric_version_string())); }
        }

        /// <summary>The version of the loaded library as MAJOR * 10000 + MINOR * 100 + PATCH.</summary>
        public static uint VersionNumber
        {
            get { return Call(() => NativeMethods.rubric_version_number()); }
        }

        /// <summary>
        /// Checks once that the loaded library can serve this binding (rubric_check_version:
        /// the same major version and a minor at least HeaderVersion's). Standard.Compile calls
        /// it; call it yourself to fail early. Throws a RubricException with
        /// RubricStatus.VersionMismatch when it cannot, DllNotFoundException when there is no
        /// library.
        /// </summary>
        public static void CheckVersion()
        {
            if (checkedVersion)
            {
                return;
            }
            lock (Gate)
            {
                if (checkedVersion)
                {
                    return;
                }
                int status = Call(() => NativeMethods.rubric_check_version(HeaderVersion));
                if (status != 0)
                {
                    throw new RubricException(RubricStatus.VersionMismatch, "rubric_check_version",
                        "librubric " + Version + " cannot serve a binding written for header version "
                        + HeaderVersion);
                }
                checkedVersion = true;
            }
        }

        /// <summary>A short English description of a status.</summary>
        public static string StatusString(RubricStatus status)
        {
            return Text.Borrow(Call(() => NativeMethods.rubric_status_string((int)status)));
        }

        /// <summary>
        /// Whether value is rubric's missing value (a NaN with a reserved payload), as the
        /// columnar reads give it; other NaNs (a row that is not scorable) are not.
        /// </summary>
        public static bool IsMissing(double value)
        {
            return NativeMethods.rubric_value_is_missing(value) != 0;
        }

        // Makes a missing library a DllNotFoundException that says where to put it.
        private static T Call<T>(Func<T> call)
        {
            try
            {
                return call();
            }
            catch (DllNotFoundException e)
            {
                throw new DllNotFoundException(
                    "cannot load librubric (DllImport \"rubric\"): put librubric.so on LD_LIBRARY_PATH, "
                    + "install it (cmake --install), or map it in Rubric.dll.config under Mono: "
                    + e.Message, e);
            }
        }
    }
}

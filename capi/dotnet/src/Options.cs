using System;

namespace Rubric
{
    /// <summary>A rubric_options handle for one call (internal; keyed setters of rubric.h).</summary>
    internal sealed class Options : IDisposable
    {
        internal Options()
        {
            OptionsHandle handle;
            Check(NativeMethods.rubric_options_create(out handle), "rubric_options_create", "options");
            Handle = handle;
        }

        internal OptionsHandle Handle { get; private set; }

        /// <summary>Sets a string option; a null value leaves the default.</summary>
        internal Options Set(string key, string value)
        {
            if (value != null)
            {
                Check(NativeMethods.rubric_options_set_string(Handle, Text.Utf8Z(key, "key"),
                                                              Text.Utf8Z(value, key)),
                      "rubric_options_set_string", key);
            }
            return this;
        }

        internal Options Set(string key, long value)
        {
            Check(NativeMethods.rubric_options_set_int(Handle, Text.Utf8Z(key, "key"), value),
                  "rubric_options_set_int", key);
            return this;
        }

        private static void Check(int status, string function, string what)
        {
            if (status != 0)
            {
                throw RubricException.Of(status, function,
                    what + ": " + Library.StatusString((RubricStatus)status));
            }
        }

        public void Dispose()
        {
            if (Handle != null)
            {
                Handle.Dispose();
            }
        }
    }
}

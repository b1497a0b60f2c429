// Strings across the C ABI: UTF-8 in both directions, never the platform's default encoding.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Rubric
{
    internal static class Text
    {
        // Throws on a lone surrogate instead of replacing it with '?' silently.
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>The UTF-8 bytes of text without a terminator (null stays null).</summary>
        internal static byte[] Utf8(string text, string what)
        {
            if (text == null)
            {
                return null;
            }
            try
            {
                return Strict.GetBytes(text);
            }
            catch (EncoderFallbackException e)
            {
                throw new RubricException(RubricStatus.InvalidUtf8, null,
                    what + " holds a lone surrogate (not valid UTF-8)", e);
            }
        }

        /// <summary>The UTF-8 bytes of text and a NUL, for a const char* (null stays null).</summary>
        internal static byte[] Utf8Z(string text, string what)
        {
            byte[] bytes = Utf8(text, what);
            if (bytes == null)
            {
                return null;
            }
            if (Array.IndexOf(bytes, (byte)0) >= 0)
            {
                throw new RubricException(RubricStatus.InvalidArgument, null,
                    what + " holds a NUL character");
            }
            byte[] z = new byte[bytes.Length + 1];
            Buffer.BlockCopy(bytes, 0, z, 0, bytes.Length);
            return z;
        }

        /// <summary>Copies a NUL-terminated UTF-8 string that rubric owns (null for NULL).</summary>
        internal static string Borrow(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0)
            {
                length++;
            }
            byte[] bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Copies a string returned through char** and frees it (null for NULL).</summary>
        internal static string Take(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            try
            {
                return Borrow(text);
            }
            finally
            {
                NativeMethods.rubric_string_free(text);
            }
        }
    }
}

// The P/Invoke declarations of capi/rubric.h, one per C function the binding uses.
//
// Mapping: size_t is UIntPtr, int64_t long, uint64_t ulong, uint8_t byte; const char* in is a
// NUL-terminated UTF-8 byte[] (Text.Utf8Z), const char* out an IntPtr read with Text.Borrow,
// char** out an IntPtr freed with rubric_string_free (Text.Take). Handles are SafeHandles:
// the marshaller holds a reference on them for the length of each call, so a handle disposed
// by another thread meanwhile is freed only after the call returns.
using System;
using System.Runtime.InteropServices;

namespace Rubric
{
    internal static class NativeMethods
    {
        private const string Lib = "rubric";
        private const CallingConvention Cc = CallingConvention.Cdecl;

        // ---- version, status, strings ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern uint rubric_version_number();
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_version_string();
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_check_version(uint headerVersion);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_status_string(int status);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern void rubric_string_free(IntPtr text);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_value_is_missing(double value);

        // ---- options ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_options_create(out OptionsHandle options);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern void rubric_options_free(IntPtr options);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_options_set_string(OptionsHandle options, byte[] key, byte[] value);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_options_set_int(OptionsHandle options, byte[] key, long value);

        // ---- diagnostics ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_diagnostics_count(DiagnosticsHandle diagnostics);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_diagnostic_severity(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_diagnostic_code(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_diagnostic_message(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_diagnostic_hint(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_diagnostic_file(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_diagnostic_line(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_diagnostic_column(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_diagnostic_offset(DiagnosticsHandle diagnostics, UIntPtr i);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern void rubric_diagnostics_free(IntPtr diagnostics);

        // ---- standard ----
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_standard_compile(out StandardHandle standard, out DiagnosticsHandle diagnostics,
                                                           byte[] source, UIntPtr length, OptionsHandle options);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_standard_compile_file(out StandardHandle standard, out DiagnosticsHandle diagnostics,
                                                                byte[] path, OptionsHandle options);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern void rubric_standard_free(IntPtr standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_id(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_title(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_version(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_content_hash(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_input_count(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_input_id(StandardHandle standard, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_input_label(StandardHandle standard, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_standard_input_type(StandardHandle standard, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_input_unit(StandardHandle standard, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_input_option_count(StandardHandle standard, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_input_option(StandardHandle standard, UIntPtr input, UIntPtr option);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_node_count(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_node_id(StandardHandle standard, UIntPtr node);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_node_label(StandardHandle standard, UIntPtr node);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_standard_node_kind(StandardHandle standard, UIntPtr node);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_standard_node_parent(StandardHandle standard, UIntPtr node, out UIntPtr parent);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_standard_node_points(StandardHandle standard, UIntPtr node, out double points);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_output_count(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_output_id(StandardHandle standard, UIntPtr output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_output_label(StandardHandle standard, UIntPtr output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_standard_weighted_groups_json(StandardHandle standard, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_veto_count(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_veto_id(StandardHandle standard, UIntPtr veto);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_veto_label(StandardHandle standard, UIntPtr veto);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_standard_grade_count(StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_standard_grade_name(StandardHandle standard, UIntPtr grade);

        // ---- session: rows and values ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_create(out SessionHandle session, StandardHandle standard);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern void rubric_session_free(IntPtr session);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern IntPtr rubric_session_last_error(SessionHandle session);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_add_row(SessionHandle session, byte[] entity, long period, out UIntPtr row);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_find_row(SessionHandle session, byte[] entity, long period, out UIntPtr row);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_remove_row(SessionHandle session, UIntPtr row);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_row_live(SessionHandle session, UIntPtr row, out int live);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern UIntPtr rubric_session_row_count(SessionHandle session);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_row_entity(SessionHandle session, UIntPtr row, out IntPtr entity);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_row_period(SessionHandle session, UIntPtr row, out long period);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_set_number(SessionHandle session, UIntPtr row, UIntPtr input, double value);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_set_option(SessionHandle session, UIntPtr row, UIntPtr input, UIntPtr option);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_set_text(SessionHandle session, UIntPtr row, UIntPtr input, byte[] text);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_set_string(SessionHandle session, UIntPtr row, UIntPtr input, byte[] text);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_clear(SessionHandle session, UIntPtr row, UIntPtr input);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_session_set_numbers(SessionHandle session, UIntPtr input, UIntPtr[] rows,
                                                              double[] values, byte[] missing, UIntPtr count);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_session_get_value(SessionHandle session, UIntPtr row, UIntPtr input,
                                                            out double value, out int missing);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_session_load_csv(SessionHandle session, out DiagnosticsHandle diagnostics,
                                                           byte[] text, UIntPtr length, OptionsHandle options);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_session_load_csv_file(SessionHandle session, out DiagnosticsHandle diagnostics,
                                                                byte[] path, OptionsHandle options);

        // ---- session: results ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_evaluate(SessionHandle session);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_total(SessionHandle session, UIntPtr row, out double total);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_node_value(SessionHandle session, UIntPtr row, UIntPtr node, out double value);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_grade(SessionHandle session, UIntPtr row, out IntPtr grade);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_scorable(SessionHandle session, UIntPtr row, out int scorable);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_vetoed(SessionHandle session, UIntPtr row, out int vetoed);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_fired_veto_count(SessionHandle session, UIntPtr row, out UIntPtr count);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_fired_veto(SessionHandle session, UIntPtr row, UIntPtr k, out UIntPtr veto);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_explain_json(SessionHandle session, UIntPtr row, byte[] nodeId, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_missing_reason(SessionHandle session, UIntPtr row, out IntPtr reason);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_imputations_json(SessionHandle session, UIntPtr row, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_attribute_json(SessionHandle session, byte[] options, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_goal_json(SessionHandle session, UIntPtr row, byte[] options, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_sensitivity_json(SessionHandle session, byte[] options, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_sensitivity_runs(SessionHandle session, byte[] options, UIntPtr firstRun, UIntPtr runCount, out IntPtr block, out UIntPtr size);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_sensitivity_merge_json(SessionHandle session, byte[] options, IntPtr[] blocks, UIntPtr[] sizes, UIntPtr blockCount, out IntPtr json);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_output_value(SessionHandle session, UIntPtr row, UIntPtr output, out double value);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_output_text(SessionHandle session, UIntPtr row, UIntPtr output, out IntPtr text);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern ulong rubric_session_ops(SessionHandle session);

        // ---- session: columnar results ----
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_totals(SessionHandle session, UIntPtr[] rows, UIntPtr count, [Out] double[] output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_node_values(SessionHandle session, UIntPtr node, UIntPtr[] rows, UIntPtr count, [Out] double[] output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_grades(SessionHandle session, UIntPtr[] rows, UIntPtr count, [Out] int[] output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_vetoed_flags(SessionHandle session, UIntPtr[] rows, UIntPtr count, [Out] byte[] output);
        [DllImport(Lib, CallingConvention = Cc)] internal static extern int rubric_session_scorable_flags(SessionHandle session, UIntPtr[] rows, UIntPtr count, [Out] byte[] output);
        [DllImport(Lib, CallingConvention = Cc)]
        internal static extern int rubric_session_input_values(SessionHandle session, UIntPtr[] inputs, UIntPtr inputCount,
                                                                UIntPtr[] rows, UIntPtr rowCount, [Out] double[] output,
                                                                [Out] byte[] missing);
    }
}

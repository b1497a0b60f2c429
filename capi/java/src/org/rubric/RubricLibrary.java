package org.rubric;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The JNA mapping of the rubric_* functions of capi/rubric.h that the binding uses.
 * Internal: use {@link Standard} and {@link Session}. Handles are plain {@link Pointer}s;
 * strings passed in are UTF-8 (the library is loaded with UTF-8 string encoding); strings
 * the caller must free come back through a {@link PointerByReference}.
 */
interface RubricLibrary extends Library {
  /** size_t. */
  final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  /** size_t* (an output). */
  final class SizeTByReference extends ByReference {
    public SizeTByReference() {
      super(Native.SIZE_T_SIZE);
      getPointer().clear(Native.SIZE_T_SIZE);
    }

    public long getValue() {
      return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0)
          : getPointer().getInt(0) & 0xffffffffL;
    }
  }

  // version and status
  int rubric_version_number();

  String rubric_version_string();

  int rubric_check_version(int headerVersion);

  String rubric_status_string(int status);

  void rubric_string_free(Pointer text);

  // options
  int rubric_options_create(PointerByReference out);

  void rubric_options_free(Pointer options);

  int rubric_options_set_string(Pointer options, String key, String value);

  int rubric_options_set_int(Pointer options, String key, long value);

  // diagnostics
  SizeT rubric_diagnostics_count(Pointer diagnostics);

  int rubric_diagnostic_severity(Pointer diagnostics, SizeT i);

  String rubric_diagnostic_code(Pointer diagnostics, SizeT i);

  String rubric_diagnostic_message(Pointer diagnostics, SizeT i);

  String rubric_diagnostic_hint(Pointer diagnostics, SizeT i);

  String rubric_diagnostic_file(Pointer diagnostics, SizeT i);

  int rubric_diagnostic_line(Pointer diagnostics, SizeT i);

  int rubric_diagnostic_column(Pointer diagnostics, SizeT i);

  String rubric_diagnostics_render(Pointer diagnostics);

  void rubric_diagnostics_free(Pointer diagnostics);

  // standard
  int rubric_standard_compile(PointerByReference out, PointerByReference diagnostics,
      byte[] source, SizeT length, Pointer options);

  int rubric_standard_compile_file(PointerByReference out, PointerByReference diagnostics,
      String path, Pointer options);

  void rubric_standard_free(Pointer standard);

  String rubric_standard_id(Pointer standard);

  String rubric_standard_title(Pointer standard);

  String rubric_standard_version(Pointer standard);

  String rubric_standard_content_hash(Pointer standard);

  SizeT rubric_standard_input_count(Pointer standard);

  String rubric_standard_input_id(Pointer standard, SizeT input);

  String rubric_standard_input_label(Pointer standard, SizeT input);

  int rubric_standard_input_type(Pointer standard, SizeT input);

  SizeT rubric_standard_input_option_count(Pointer standard, SizeT input);

  String rubric_standard_input_option(Pointer standard, SizeT input, SizeT option);

  SizeT rubric_standard_node_count(Pointer standard);

  String rubric_standard_node_id(Pointer standard, SizeT node);

  String rubric_standard_node_label(Pointer standard, SizeT node);

  int rubric_standard_node_kind(Pointer standard, SizeT node);

  SizeT rubric_standard_output_count(Pointer standard);

  String rubric_standard_output_id(Pointer standard, SizeT output);

  String rubric_standard_output_label(Pointer standard, SizeT output);

  int rubric_standard_weighted_groups_json(Pointer standard, PointerByReference json);

  SizeT rubric_standard_veto_count(Pointer standard);

  String rubric_standard_veto_id(Pointer standard, SizeT veto);

  SizeT rubric_standard_grade_count(Pointer standard);

  String rubric_standard_grade_name(Pointer standard, SizeT grade);

  // session
  int rubric_session_create(PointerByReference out, Pointer standard);

  void rubric_session_free(Pointer session);

  String rubric_session_last_error(Pointer session);

  int rubric_session_add_row(Pointer session, String entity, long period, SizeTByReference row);

  int rubric_session_find_row(Pointer session, String entity, long period, SizeTByReference row);

  int rubric_session_remove_row(Pointer session, SizeT row);

  int rubric_session_row_live(Pointer session, SizeT row, IntByReference live);

  SizeT rubric_session_row_count(Pointer session);

  int rubric_session_row_entity(Pointer session, SizeT row, PointerByReference entity);

  int rubric_session_row_period(Pointer session, SizeT row, LongByReference period);

  int rubric_session_set_number(Pointer session, SizeT row, SizeT input, double value);

  int rubric_session_set_option(Pointer session, SizeT row, SizeT input, SizeT option);

  int rubric_session_set_text(Pointer session, SizeT row, SizeT input, String text);

  int rubric_session_set_string(Pointer session, SizeT row, SizeT input, String text);

  int rubric_session_clear(Pointer session, SizeT row, SizeT input);

  int rubric_session_get_value(Pointer session, SizeT row, SizeT input, DoubleByReference value,
      IntByReference missing);

  int rubric_session_load_csv(Pointer session, PointerByReference diagnostics, byte[] text,
      SizeT length, Pointer options);

  int rubric_session_load_csv_file(Pointer session, PointerByReference diagnostics, String path,
      Pointer options);

  int rubric_session_evaluate(Pointer session);

  int rubric_session_total(Pointer session, SizeT row, DoubleByReference total);

  int rubric_session_node_value(Pointer session, SizeT row, SizeT node, DoubleByReference value);

  int rubric_session_grade(Pointer session, SizeT row, PointerByReference grade);

  int rubric_session_scorable(Pointer session, SizeT row, IntByReference scorable);

  int rubric_session_vetoed(Pointer session, SizeT row, IntByReference vetoed);

  int rubric_session_fired_veto_count(Pointer session, SizeT row, SizeTByReference count);

  int rubric_session_fired_veto(Pointer session, SizeT row, SizeT k, SizeTByReference veto);

  int rubric_session_explain_json(Pointer session, SizeT row, String nodeId,
      PointerByReference json);

  int rubric_value_is_missing(double value);

  int rubric_session_missing_reason(Pointer session, SizeT row, PointerByReference reason);

  int rubric_session_imputations_json(Pointer session, SizeT row, PointerByReference json);

  int rubric_session_attribute_json(Pointer session, String optionsJson, PointerByReference json);

  int rubric_session_goal_json(Pointer session, SizeT row, String optionsJson,
      PointerByReference json);

  int rubric_session_sensitivity_json(Pointer session, String optionsJson,
      PointerByReference json);

  int rubric_session_sensitivity_runs(Pointer session, String optionsJson, SizeT firstRun,
      SizeT runCount, PointerByReference block, SizeTByReference size);

  /** blocks: const char* const*; sizes: const size_t*. */
  int rubric_session_sensitivity_merge_json(Pointer session, String optionsJson, Pointer blocks,
      Pointer sizes, SizeT blockCount, PointerByReference json);

  int rubric_session_output_value(Pointer session, SizeT row, SizeT output,
      DoubleByReference value);

  int rubric_session_output_text(Pointer session, SizeT row, SizeT output,
      PointerByReference text);

  long rubric_session_ops(Pointer session);
}

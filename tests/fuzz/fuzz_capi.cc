// libFuzzer target: a byte stream read as a sequence of C API calls on a few handles:
// compiling (the bundled standard, a small one, or bytes from the stream), creating and
// freeing sessions, adding and removing rows, setting values of every kind (NaN, infinities,
// out-of-range indices, invalid UTF-8, NULL pointers), loading CSV, evaluating, reading and
// explaining. Only misuse that the API promises to handle is generated: NULL handles and
// pointers, bad indices and bad text; never a freed handle.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "rubric.h"

namespace {

const std::string& ConsortiumSource() {
  static const std::string source = [] {
    std::ifstream in(RUBRIC_SOURCE_DIR "/examples/consortium/standard.rubric");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }();
  return source;
}

constexpr const char kSmall[] =
    "standard small \"Small\" {\n"
    "  input a : number >= 0 <= 100 missing exclude\n"
    "  input b : enum { low, high }\n"
    "  input t : text\n"
    "  indicator x points 60 { score cohort_rank(a) }\n"
    "  indicator y points 40 { score lookup(b) { low: 0.2, high: 1 } + prev(a) / 100\n"
    "    veto when a > 99 }\n"
    "  grades { A >= 80  B otherwise  C when vetoed }\n"
    "}\n";

// Reads the stream; past its end every read gives zeros.
class Stream {
 public:
  Stream(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  std::uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::size_t Index() {  // mostly small, sometimes huge
    const std::uint8_t b = Byte();
    return b == 255 ? std::numeric_limits<std::size_t>::max() : b % 200;
  }
  double Number() {
    switch (Byte() % 8) {
      case 0:
        return std::numeric_limits<double>::quiet_NaN();
      case 1:
        return std::numeric_limits<double>::infinity();
      case 2:
        return -0.0;
      case 3:
        return 1e308;
      default: {
        std::uint8_t b[2] = {Byte(), Byte()};
        return (static_cast<double>(b[0]) * 256 + b[1]) / 100.0 - 50;
      }
    }
  }
  // A string of up to 15 bytes from the stream (NUL-terminated, maybe invalid UTF-8).
  std::string Text() {
    const std::size_t n = Byte() % 16;
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      const char c = static_cast<char>(Byte());
      if (c != '\0') s.push_back(c);
    }
    return s;
  }
  // Up to 255 raw bytes.
  std::string Bytes() {
    const std::size_t n = Byte();
    std::string s;
    for (std::size_t i = 0; i < n && !done(); ++i) s.push_back(static_cast<char>(Byte()));
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Stream in(data, size);
  rubric_standard* standards[2] = {nullptr, nullptr};
  rubric_session* sessions[3] = {nullptr, nullptr, nullptr};
  rubric_options* options = nullptr;
  rubric_diagnostics* diagnostics = nullptr;
  auto session = [&]() -> rubric_session* { return sessions[in.Byte() % 3]; };
  for (int step = 0; step < 200 && !in.done(); ++step) {
    switch (in.Byte() % 24) {
      case 0:
      case 1: {  // compile the bundled standard, the small one, or bytes
        const std::uint8_t which = in.Byte();
        rubric_standard*& slot = standards[which % 2];
        rubric_standard_free(slot);
        slot = nullptr;
        rubric_diagnostics_free(diagnostics);
        diagnostics = nullptr;
        const std::string bytes = which % 3 == 2 ? in.Bytes() : std::string();
        const char* source = which % 3 == 0   ? ConsortiumSource().c_str()
                             : which % 3 == 1 ? kSmall
                                              : bytes.c_str();
        const std::size_t length = which % 3 == 0   ? ConsortiumSource().size()
                                   : which % 3 == 1 ? std::strlen(kSmall)
                                                    : bytes.size();
        rubric_standard_compile(&slot, (which & 4) ? &diagnostics : nullptr, source, length,
                                (which & 8) ? options : nullptr);
        break;
      }
      case 2: {  // a session (from a standard that may be NULL)
        rubric_session*& slot = sessions[in.Byte() % 3];
        rubric_session_free(slot);
        slot = nullptr;
        rubric_session_create(&slot, standards[in.Byte() % 2]);
        break;
      }
      case 3: {
        rubric_session*& slot = sessions[in.Byte() % 3];
        rubric_session_free(slot);
        slot = nullptr;
        break;
      }
      case 4:
      case 5: {
        const std::string entity = in.Text();
        std::size_t row = 0;
        rubric_session_add_row(session(), in.Byte() % 8 == 0 ? nullptr : entity.c_str(),
                               2020 + in.Byte() % 4, in.Byte() % 8 == 0 ? nullptr : &row);
        break;
      }
      case 6: {
        rubric_session* s = session();
        rubric_session_set_number(s, in.Index(), in.Index(), in.Number());
        break;
      }
      case 7: {
        rubric_session* s = session();
        const std::string text = in.Text();
        rubric_session_set_string(s, in.Index(), in.Index(),
                                  in.Byte() % 8 ? text.c_str() : nullptr);
        break;
      }
      case 8: {
        rubric_session* s = session();
        const std::string text = in.Text();
        rubric_session_set_text(s, in.Index(), in.Index(), text.c_str());
        break;
      }
      case 9: {
        rubric_session* s = session();
        rubric_session_set_option(s, in.Index(), in.Index(), in.Index());
        break;
      }
      case 10: {
        rubric_session* s = session();
        rubric_session_clear(s, in.Index(), in.Index());
        break;
      }
      case 11: {  // bulk values
        rubric_session* s = session();
        const std::size_t input = in.Index();
        const std::size_t count = in.Byte() % 8;
        std::size_t rows[8];
        double values[8];
        unsigned char missing[8];
        for (std::size_t i = 0; i < count; ++i) {
          rows[i] = in.Index();
          values[i] = in.Number();
          missing[i] = in.Byte() % 4 == 0;
        }
        rubric_session_set_numbers(s, input, in.Byte() % 8 ? rows : nullptr, values,
                                   in.Byte() % 2 ? missing : nullptr, count);
        break;
      }
      case 12:
        rubric_session_evaluate(session());
        break;
      case 13: {  // results
        rubric_session* s = session();
        const std::size_t row = in.Index();
        double value = 0;
        const char* grade = nullptr;
        int flag = 0;
        std::size_t count = 0, veto = 0;
        rubric_session_total(s, row, in.Byte() % 8 ? &value : nullptr);
        rubric_session_node_value(s, row, in.Index(), &value);
        rubric_session_grade(s, row, &grade);
        rubric_session_scorable(s, row, &flag);
        rubric_session_vetoed(s, row, &flag);
        rubric_session_fired_veto_count(s, row, &count);
        rubric_session_fired_veto(s, row, in.Index(), &veto);
        rubric_session_get_value(s, row, in.Index(), &value, &flag);
        break;
      }
      case 14: {
        rubric_session* s = session();
        const std::string node = in.Text();
        char* json = nullptr;
        rubric_session_explain_json(s, in.Index(), in.Byte() % 2 ? node.c_str() : nullptr,
                                    in.Byte() % 8 ? &json : nullptr);
        rubric_string_free(json);
        break;
      }
      case 15: {
        rubric_session* s = session();
        const std::string csv = in.Bytes();
        rubric_diagnostics* load = nullptr;
        rubric_session_load_csv(s, in.Byte() % 2 ? &load : nullptr, csv.data(), csv.size(),
                                in.Byte() % 2 ? options : nullptr);
        if (load != nullptr) (void)rubric_diagnostics_render(load);
        rubric_diagnostics_free(load);
        break;
      }
      case 16:
        rubric_session_remove_row(session(), in.Index());
        break;
      case 17: {
        rubric_session* s = session();
        const std::string entity = in.Text();
        std::size_t row = 0;
        const char* name = nullptr;
        std::int64_t period = 0;
        int live = 0;
        rubric_session_find_row(s, entity.c_str(), 2020 + in.Byte() % 4, &row);
        rubric_session_row_entity(s, in.Index(), &name);
        rubric_session_row_period(s, in.Index(), &period);
        rubric_session_row_live(s, in.Index(), &live);
        (void)rubric_session_row_count(s);
        (void)rubric_session_ops(s);
        (void)rubric_session_last_error(s);
        break;
      }
      case 18: {
        if (options == nullptr) {
          rubric_options_create(&options);
          break;
        }
        static const char* const kKeys[] = {"file_name",      "entity_column", "period_column",
                                            "ignore_columns", "max_errors",    "unknown"};
        const char* key = kKeys[in.Byte() % 6];
        const std::string value = in.Text();
        rubric_options_set_string(options, key, in.Byte() % 8 ? value.c_str() : nullptr);
        rubric_options_set_int(options, key, static_cast<std::int64_t>(in.Byte()) - 100);
        break;
      }
      case 19:
        rubric_options_free(options);
        options = nullptr;
        break;
      case 20: {  // diagnostics, with indices in and out of range
        const std::size_t i = in.Index() % 8;
        (void)rubric_diagnostics_count(diagnostics);
        (void)rubric_diagnostics_error_count(diagnostics);
        (void)rubric_diagnostic_severity(diagnostics, i);
        (void)rubric_diagnostic_code(diagnostics, i);
        (void)rubric_diagnostic_message(diagnostics, i);
        (void)rubric_diagnostic_hint(diagnostics, i);
        (void)rubric_diagnostic_file(diagnostics, i);
        (void)rubric_diagnostic_line(diagnostics, i);
        (void)rubric_diagnostic_column(diagnostics, i);
        (void)rubric_diagnostic_offset(diagnostics, i);
        (void)rubric_diagnostics_render(diagnostics);
        break;
      }
      case 21: {  // the standard's description
        const rubric_standard* st = standards[in.Byte() % 2];
        const std::size_t i = in.Index();
        std::size_t index = 0;
        double points = 0;
        const std::string id = in.Text();
        (void)rubric_standard_id(st);
        (void)rubric_standard_title(st);
        (void)rubric_standard_version(st);
        (void)rubric_standard_input_count(st);
        rubric_standard_find_input(st, id.c_str(), &index);
        (void)rubric_standard_input_id(st, i);
        (void)rubric_standard_input_label(st, i);
        (void)rubric_standard_input_type(st, i);
        (void)rubric_standard_input_unit(st, i);
        (void)rubric_standard_input_option_count(st, i);
        (void)rubric_standard_input_option(st, i, in.Index());
        (void)rubric_standard_node_count(st);
        rubric_standard_find_node(st, id.c_str(), &index);
        (void)rubric_standard_node_id(st, i);
        (void)rubric_standard_node_label(st, i);
        (void)rubric_standard_node_kind(st, i);
        rubric_standard_node_parent(st, i, &index);
        rubric_standard_node_points(st, i, &points);
        (void)rubric_standard_veto_count(st);
        (void)rubric_standard_veto_id(st, i);
        (void)rubric_standard_veto_label(st, i);
        (void)rubric_standard_grade_count(st);
        (void)rubric_standard_grade_name(st, i);
        break;
      }
      case 22:
        (void)rubric_status_string(static_cast<int>(in.Byte()) - 128);
        (void)rubric_check_version(static_cast<unsigned>(in.Byte()) << 8);
        break;
      default: {  // the standard goes while its sessions live on
        rubric_standard*& slot = standards[in.Byte() % 2];
        rubric_standard_free(slot);
        slot = nullptr;
        break;
      }
    }
  }
  for (rubric_session* s : sessions) rubric_session_free(s);
  for (rubric_standard* s : standards) rubric_standard_free(s);
  rubric_options_free(options);
  rubric_diagnostics_free(diagnostics);
  return 0;
}

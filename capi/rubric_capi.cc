// The C ABI: extern "C" wrappers over the public C++ API (include/rubric/). Every entry
// point runs inside Guard(), so no C++ exception ever crosses the boundary.
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <new>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "rubric.h"
#include "rubric/attribution.h"
#include "rubric/data.h"
#include "rubric/diagnostic.h"
#include "rubric/explain.h"
#include "rubric/file.h"
#include "rubric/goal.h"
#include "rubric/missing.h"
#include "rubric/sensitivity.h"
#include "rubric/session.h"
#include "rubric/standard.h"
#include "rubric/text.h"

struct rubric_options {
  std::optional<std::string> file_name;
  bool read_bases = false;      // variants: read bases from files relative to file_name
  bool allow_any_base = false;  // bases outside the folder tree of file_name too
  rubric::CsvOptions csv;
};

struct rubric_diagnostics {
  std::vector<rubric::Diagnostic> list;
  std::string rendered;
};

struct rubric_standard {
  rubric::Standard standard;
};

struct rubric_session {
  explicit rubric_session(const rubric::Standard& standard) : session(standard) {}
  rubric::Session session;
  // The message of the last failed call; cleared by every call (mutable: const calls too).
  mutable std::string last_error;
};

namespace {

int ToStatus(rubric::StatusCode code) {
  switch (code) {
    case rubric::StatusCode::kOk:
      return RUBRIC_OK;
    case rubric::StatusCode::kInvalidArgument:
      return RUBRIC_INVALID_ARGUMENT;
    case rubric::StatusCode::kNotFound:
      return RUBRIC_NOT_FOUND;
    case rubric::StatusCode::kAlreadyExists:
      return RUBRIC_ALREADY_EXISTS;
    case rubric::StatusCode::kOutOfRange:
      return RUBRIC_OUT_OF_RANGE;
    case rubric::StatusCode::kFailedPrecondition:
      return RUBRIC_INVALID_ARGUMENT;
    case rubric::StatusCode::kDataError:
      return RUBRIC_DATA_ERROR;
    case rubric::StatusCode::kCompileError:
      return RUBRIC_COMPILE_ERROR;
    case rubric::StatusCode::kIoError:
      return RUBRIC_INTERNAL;
    case rubric::StatusCode::kInternal:
      return RUBRIC_INTERNAL;
    case rubric::StatusCode::kInvalidUtf8:
      return RUBRIC_INVALID_UTF8;
  }
  return RUBRIC_INTERNAL;
}

// Runs `body` (returning a status), turning every exception into a status and recording
// messages on `session` when there is one.
template <typename Body>
int Guard(const rubric_session* session, Body&& body) noexcept {
  try {
    if (session != nullptr) session->last_error.clear();
    return body();
  } catch (const std::bad_alloc&) {
    return RUBRIC_NO_MEMORY;
  } catch (const std::exception& e) {
    if (session != nullptr) {
      try {
        session->last_error = e.what();
      } catch (...) {
      }
    }
    return RUBRIC_INTERNAL;
  } catch (...) {
    return RUBRIC_INTERNAL;
  }
}

// Records a C++ status on the session and returns its C code.
int Fail(const rubric_session* session, const rubric::Status& status) {
  if (session != nullptr && !status.ok()) session->last_error = status.message();
  return ToStatus(status.code());
}

int Fail(const rubric_session* session, int code, const std::string& message) {
  if (session != nullptr) session->last_error = message;
  return code;
}

bool ValidUtf8(const char* text) {
  return text != nullptr && rubric::IsValidUtf8(std::string_view(text));
}

// Row and input checks common to the setters; the status when invalid, RUBRIC_OK else.
int CheckCell(rubric_session* session, std::size_t row, std::size_t input) {
  if (row >= session->session.row_count() || !session->session.live(row)) {
    return Fail(session, RUBRIC_OUT_OF_RANGE, "row " + std::to_string(row) + " is not a live row");
  }
  if (input >= session->session.standard().inputs().size()) {
    return Fail(session, RUBRIC_OUT_OF_RANGE,
                "input " + std::to_string(input) + " is out of range");
  }
  return RUBRIC_OK;
}

rubric::InputType TypeOf(rubric_session* session, std::size_t input) {
  return session->session.standard().inputs()[input].type;
}

// Results need a live, scorable row.
int CheckResultRow(rubric_session* session, std::size_t row) {
  if (row >= session->session.row_count() || !session->session.live(row)) {
    return Fail(session, RUBRIC_OUT_OF_RANGE, "row " + std::to_string(row) + " is not a live row");
  }
  if (!session->session.scorable(row)) {
    return Fail(session, RUBRIC_NOT_SCORABLE,
                "the row is not scorable: " + session->session.unscorable_reason(row));
  }
  return RUBRIC_OK;
}

rubric_diagnostics* NewDiagnostics(std::vector<rubric::Diagnostic> list, std::string_view source) {
  auto* d = new rubric_diagnostics;
  d->list = std::move(list);
  d->rendered = rubric::RenderAll(d->list, source);
  return d;
}

// Bases of a standard compiled as `file`: from the folder tree of that file.
rubric::FileBaseOptions BaseOptionsFor(const std::string& file, const rubric_options& options) {
  rubric::FileBaseOptions bases;
  bases.root = std::filesystem::path(file).parent_path().string();
  bases.allow_any_base = options.allow_any_base;
  return bases;
}

const rubric::Diagnostic* DiagnosticAt(const rubric_diagnostics* d, std::size_t i) {
  return d != nullptr && i < d->list.size() ? &d->list[i] : nullptr;
}

}  // namespace

namespace {

// A row's string result, copied for the caller (freed with rubric_string_free).
template <typename Compute>
int StringResult(rubric_session* session, size_t row, char** out, const char* what,
                 Compute compute) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  if (out != nullptr) *out = nullptr;
  return Guard(session, [&]() -> int {
    if (out == nullptr)
      return Fail(session, RUBRIC_INVALID_ARGUMENT, std::string(what) + " is NULL");
    if (row >= session->session.row_count() || !session->session.live(row)) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "row " + std::to_string(row) + " is not a live row");
    }
    const std::string text = compute();
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) return RUBRIC_NO_MEMORY;
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *out = copy;
    return RUBRIC_OK;
  });
}

// An analysis that returns JSON: parses `options_json` (NULL or "" for the defaults) with
// `parse`, runs `run` on the parsed options and copies its JSON text into *out.
template <typename Parse, typename Run>
int AnalysisResult(rubric_session* session, const char* options_json, char** out, Parse parse,
                   Run run) {
  if (out != nullptr) *out = nullptr;
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (out == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "json is NULL");
    const std::string_view text =
        options_json == nullptr || *options_json == '\0' ? "{}" : options_json;
    if (!rubric::IsValidUtf8(text)) {
      return Fail(session, RUBRIC_INVALID_UTF8, "the options are not valid UTF-8");
    }
    auto options = parse(text);
    if (!options.ok()) return Fail(session, options.status());
    rubric::StatusOr<std::string> json = run(*options);
    if (!json.ok()) return Fail(session, json.status());
    char* copy = static_cast<char*>(std::malloc(json->size() + 1));
    if (copy == nullptr) return RUBRIC_NO_MEMORY;
    std::memcpy(copy, json->c_str(), json->size() + 1);
    *out = copy;
    return RUBRIC_OK;
  });
}

}  // namespace

namespace {

// Columnar reads: checks the buffer and every row (live) before anything is written; then
// calls write(i, row) for each. RUBRIC_OK for count 0 whatever the buffers.
template <typename Write>
int Columnar(const rubric_session* session, const size_t* rows, size_t count, const void* out,
             Write&& write) {
  if (count == 0) return RUBRIC_OK;
  if (out == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "out is NULL");
  const std::size_t row_count = session->session.row_count();
  if (rows == nullptr && count > row_count) {
    return Fail(
        session, RUBRIC_OUT_OF_RANGE,
        "count " + std::to_string(count) + " is past the " + std::to_string(row_count) + " rows");
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t row = rows == nullptr ? i : rows[i];
    if (row >= row_count || !session->session.live(row)) {
      return Fail(
          session, RUBRIC_OUT_OF_RANGE,
          "rows[" + std::to_string(i) + "] = " + std::to_string(row) + " is not a live row");
    }
  }
  for (std::size_t i = 0; i < count; ++i) write(i, rows == nullptr ? i : rows[i]);
  return RUBRIC_OK;
}

constexpr double kNotScorable = std::numeric_limits<double>::quiet_NaN();

}  // namespace

extern "C" {

// ---- Version and status ----

unsigned rubric_version_number(void) { return RUBRIC_VERSION_NUMBER; }
const char* rubric_version_string(void) { return RUBRIC_VERSION_STRING; }

int rubric_check_version(unsigned header_version) {
  const unsigned major = header_version / 10000;
  const unsigned minor = header_version / 100 % 100;
  if (major != RUBRIC_VERSION_MAJOR || minor > RUBRIC_VERSION_MINOR) {
    return RUBRIC_VERSION_MISMATCH;
  }
  return RUBRIC_OK;
}

const char* rubric_status_string(int status) {
  switch (status) {
    case RUBRIC_OK:
      return "ok";
    case RUBRIC_INVALID_ARGUMENT:
      return "invalid argument";
    case RUBRIC_NOT_FOUND:
      return "not found";
    case RUBRIC_ALREADY_EXISTS:
      return "already exists";
    case RUBRIC_OUT_OF_RANGE:
      return "out of range";
    case RUBRIC_TYPE_MISMATCH:
      return "type mismatch";
    case RUBRIC_INVALID_UTF8:
      return "invalid UTF-8";
    case RUBRIC_COMPILE_ERROR:
      return "the standard has errors";
    case RUBRIC_DATA_ERROR:
      return "the data have errors";
    case RUBRIC_NOT_SCORABLE:
      return "the row is not scorable";
    case RUBRIC_NO_MEMORY:
      return "out of memory";
    case RUBRIC_VERSION_MISMATCH:
      return "library and header versions do not match";
    case RUBRIC_INTERNAL:
      return "internal error";
    default:
      return "unknown status";
  }
}

void rubric_string_free(char* text) { std::free(text); }

// ---- Options ----

int rubric_options_create(rubric_options** out) {
  return Guard(nullptr, [&]() -> int {
    if (out == nullptr) return RUBRIC_INVALID_ARGUMENT;
    *out = new rubric_options;
    return RUBRIC_OK;
  });
}

void rubric_options_free(rubric_options* options) { delete options; }

int rubric_options_set_string(rubric_options* options, const char* key, const char* value) {
  return Guard(nullptr, [&]() -> int {
    if (options == nullptr || key == nullptr || value == nullptr) return RUBRIC_INVALID_ARGUMENT;
    if (!ValidUtf8(value)) return RUBRIC_INVALID_UTF8;
    const std::string k(key);
    if (k == "file_name") {
      options->file_name = value;
    } else if (k == "entity_column") {
      options->csv.entity_column = value;
    } else if (k == "period_column") {
      options->csv.period_column = value;
    } else if (k == "ignore_columns") {
      options->csv.ignore_columns.clear();
      std::istringstream in(value);
      std::string column;
      while (std::getline(in, column, ',')) {
        if (!column.empty()) options->csv.ignore_columns.push_back(column);
      }
    } else {
      return RUBRIC_INVALID_ARGUMENT;
    }
    return RUBRIC_OK;
  });
}

int rubric_options_set_int(rubric_options* options, const char* key, int64_t value) {
  return Guard(nullptr, [&]() -> int {
    if (options == nullptr || key == nullptr) return RUBRIC_INVALID_ARGUMENT;
    if (std::string(key) == "max_errors" && value > 0) {
      options->csv.max_errors = static_cast<std::size_t>(value);
      return RUBRIC_OK;
    }
    if (std::string(key) == "read_bases" && (value == 0 || value == 1)) {
      options->read_bases = value == 1;
      return RUBRIC_OK;
    }
    if (std::string(key) == "allow_any_base" && (value == 0 || value == 1)) {
      options->allow_any_base = value == 1;
      return RUBRIC_OK;
    }
    return RUBRIC_INVALID_ARGUMENT;
  });
}

// ---- Diagnostics ----

size_t rubric_diagnostics_count(const rubric_diagnostics* d) {
  return d == nullptr ? 0 : d->list.size();
}

size_t rubric_diagnostics_error_count(const rubric_diagnostics* d) {
  std::size_t errors = 0;
  if (d != nullptr) {
    for (const rubric::Diagnostic& diagnostic : d->list) {
      errors += diagnostic.severity == rubric::Severity::kError ? 1 : 0;
    }
  }
  return errors;
}

int rubric_diagnostic_severity(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  if (x == nullptr) return RUBRIC_SEVERITY_ERROR;
  switch (x->severity) {
    case rubric::Severity::kError:
      return RUBRIC_SEVERITY_ERROR;
    case rubric::Severity::kWarning:
      return RUBRIC_SEVERITY_WARNING;
    case rubric::Severity::kNote:
      return RUBRIC_SEVERITY_NOTE;
  }
  return RUBRIC_SEVERITY_ERROR;
}

const char* rubric_diagnostic_code(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? nullptr : x->code.c_str();
}
const char* rubric_diagnostic_message(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? nullptr : x->message.c_str();
}
const char* rubric_diagnostic_hint(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? nullptr : x->hint.c_str();
}
const char* rubric_diagnostic_file(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? nullptr : x->file.c_str();
}
int rubric_diagnostic_line(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? 0 : x->line;
}
int rubric_diagnostic_column(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? 0 : x->column;
}
size_t rubric_diagnostic_offset(const rubric_diagnostics* d, size_t i) {
  const rubric::Diagnostic* x = DiagnosticAt(d, i);
  return x == nullptr ? 0 : x->offset;
}
const char* rubric_diagnostics_render(const rubric_diagnostics* d) {
  return d == nullptr ? nullptr : d->rendered.c_str();
}
void rubric_diagnostics_free(rubric_diagnostics* d) { delete d; }

// ---- Standard ----

int rubric_standard_compile(rubric_standard** out, rubric_diagnostics** diagnostics,
                            const char* source, size_t length, const rubric_options* options) {
  if (diagnostics != nullptr) *diagnostics = nullptr;
  return Guard(nullptr, [&]() -> int {
    if (out == nullptr || (source == nullptr && length > 0)) return RUBRIC_INVALID_ARGUMENT;
    const std::string_view text(source == nullptr ? "" : source, length);
    const std::string file =
        options != nullptr && options->file_name ? *options->file_name : "<input>";
    rubric::CompileOptions compile_options;
    compile_options.file_name = file;
    if (options != nullptr && options->read_bases) {
      compile_options.load_base = rubric::FileBaseLoader(BaseOptionsFor(file, *options));
    }
    rubric::CompileResult result = rubric::Standard::Compile(text, compile_options);
    if (diagnostics != nullptr) *diagnostics = NewDiagnostics(std::move(result.diagnostics), text);
    if (!result.ok()) return RUBRIC_COMPILE_ERROR;
    *out = new rubric_standard{std::move(*result.standard)};
    return RUBRIC_OK;
  });
}

int rubric_standard_compile_file(rubric_standard** out, rubric_diagnostics** diagnostics,
                                 const char* path, const rubric_options* options) {
  if (diagnostics != nullptr) *diagnostics = nullptr;
  return Guard(nullptr, [&]() -> int {
    if (out == nullptr || path == nullptr) return RUBRIC_INVALID_ARGUMENT;
    if (!ValidUtf8(path)) return RUBRIC_INVALID_UTF8;
    rubric::CompileFileOptions file_options;
    file_options.read_bases = options != nullptr && options->read_bases;
    file_options.allow_any_base = options != nullptr && options->allow_any_base;
    rubric::CompileResult result = rubric::Standard::CompileFile(path, file_options);
    if (diagnostics != nullptr) {
      // Diagnostics of the file itself carry "file_name" when it is set.
      if (options != nullptr && options->file_name) {
        for (rubric::Diagnostic& d : result.diagnostics) {
          if (d.file == path) d.file = *options->file_name;
        }
      }
      *diagnostics = NewDiagnostics(std::move(result.diagnostics), {});
    }
    if (!result.ok()) return RUBRIC_COMPILE_ERROR;
    *out = new rubric_standard{std::move(*result.standard)};
    return RUBRIC_OK;
  });
}

void rubric_standard_free(rubric_standard* standard) { delete standard; }

const char* rubric_standard_id(const rubric_standard* s) {
  return s == nullptr ? nullptr : s->standard.id().c_str();
}
const char* rubric_standard_title(const rubric_standard* s) {
  return s == nullptr ? nullptr : s->standard.title().c_str();
}
const char* rubric_standard_version(const rubric_standard* s) {
  return s == nullptr ? nullptr : s->standard.version().c_str();
}

const char* rubric_standard_content_hash(const rubric_standard* s) {
  return s == nullptr ? nullptr : s->standard.content_hash().c_str();
}

size_t rubric_standard_input_count(const rubric_standard* s) {
  return s == nullptr ? 0 : s->standard.inputs().size();
}

int rubric_standard_find_input(const rubric_standard* s, const char* id, size_t* out) {
  return Guard(nullptr, [&]() -> int {
    if (s == nullptr || id == nullptr || out == nullptr) return RUBRIC_INVALID_ARGUMENT;
    if (!ValidUtf8(id)) return RUBRIC_INVALID_UTF8;
    std::optional<std::size_t> index = s->standard.FindInput(id);
    if (!index) return RUBRIC_NOT_FOUND;
    *out = *index;
    return RUBRIC_OK;
  });
}

namespace {
const rubric::InputInfo* InputAt(const rubric_standard* s, std::size_t i) {
  return s != nullptr && i < s->standard.inputs().size() ? &s->standard.inputs()[i] : nullptr;
}
const rubric::NodeInfo* NodeAt(const rubric_standard* s, std::size_t i) {
  return s != nullptr && i < s->standard.nodes().size() ? &s->standard.nodes()[i] : nullptr;
}
}  // namespace

const char* rubric_standard_input_id(const rubric_standard* s, size_t input) {
  const rubric::InputInfo* x = InputAt(s, input);
  return x == nullptr ? nullptr : x->id.c_str();
}
const char* rubric_standard_input_label(const rubric_standard* s, size_t input) {
  const rubric::InputInfo* x = InputAt(s, input);
  return x == nullptr ? nullptr : x->label.c_str();
}
int rubric_standard_input_type(const rubric_standard* s, size_t input) {
  const rubric::InputInfo* x = InputAt(s, input);
  if (x == nullptr) return -1;
  return static_cast<int>(x->type);  // the enum's order matches RUBRIC_TYPE_*
}
const char* rubric_standard_input_unit(const rubric_standard* s, size_t input) {
  const rubric::InputInfo* x = InputAt(s, input);
  return x == nullptr ? nullptr : x->unit.c_str();
}
size_t rubric_standard_input_option_count(const rubric_standard* s, size_t input) {
  const rubric::InputInfo* x = InputAt(s, input);
  return x == nullptr ? 0 : x->options.size();
}
const char* rubric_standard_input_option(const rubric_standard* s, size_t input, size_t option) {
  const rubric::InputInfo* x = InputAt(s, input);
  return x == nullptr || option >= x->options.size() ? nullptr : x->options[option].c_str();
}

size_t rubric_standard_node_count(const rubric_standard* s) {
  return s == nullptr ? 0 : s->standard.nodes().size();
}
int rubric_standard_find_node(const rubric_standard* s, const char* id, size_t* out) {
  return Guard(nullptr, [&]() -> int {
    if (s == nullptr || id == nullptr || out == nullptr) return RUBRIC_INVALID_ARGUMENT;
    if (!ValidUtf8(id)) return RUBRIC_INVALID_UTF8;
    std::optional<std::size_t> index = s->standard.FindNode(id);
    if (!index) return RUBRIC_NOT_FOUND;
    *out = *index;
    return RUBRIC_OK;
  });
}
size_t rubric_standard_output_count(const rubric_standard* s) {
  return s == nullptr ? 0 : s->standard.outputs().size();
}
const char* rubric_standard_output_id(const rubric_standard* s, size_t output) {
  if (s == nullptr || output >= s->standard.outputs().size()) return nullptr;
  return s->standard.outputs()[output].id.c_str();
}
const char* rubric_standard_output_label(const rubric_standard* s, size_t output) {
  if (s == nullptr || output >= s->standard.outputs().size()) return nullptr;
  return s->standard.outputs()[output].label.c_str();
}
int rubric_standard_weighted_groups_json(const rubric_standard* s, char** json) {
  if (json != nullptr) *json = nullptr;
  if (s == nullptr || json == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(nullptr, [&]() -> int {
    const auto& nodes = s->standard.nodes();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const rubric::WeightedGroupInfo& group : s->standard.weighted_groups()) {
      nlohmann::ordered_json item = {{"group", nodes[group.node].id},
                                     {"aggregate", group.aggregate},
                                     {"method", group.method}};
      auto& children = item["children"] = nlohmann::ordered_json::array();
      for (std::size_t child : group.children) children.push_back(nodes[child].id);
      if (!group.weights.empty()) item["weights"] = group.weights;
      if (!group.consistency.empty()) {
        auto& consistency = item["consistency"] = nlohmann::ordered_json::array();
        for (const rubric::WeightedGroupInfo::Consistency& c : group.consistency) {
          consistency.push_back(
              {{"lambda_max", c.lambda_max}, {"ci", c.ci}, {"ri", c.ri}, {"cr", c.cr}});
        }
      }
      list.push_back(std::move(item));
    }
    const std::string text = list.dump();
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) return RUBRIC_NO_MEMORY;
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *json = copy;
    return RUBRIC_OK;
  });
}
const char* rubric_standard_node_id(const rubric_standard* s, size_t node) {
  const rubric::NodeInfo* x = NodeAt(s, node);
  return x == nullptr ? nullptr : x->id.c_str();
}
const char* rubric_standard_node_label(const rubric_standard* s, size_t node) {
  const rubric::NodeInfo* x = NodeAt(s, node);
  return x == nullptr ? nullptr : x->label.c_str();
}
int rubric_standard_node_kind(const rubric_standard* s, size_t node) {
  const rubric::NodeInfo* x = NodeAt(s, node);
  if (x == nullptr) return -1;
  return x->kind == rubric::NodeKind::kGroup ? RUBRIC_NODE_GROUP : RUBRIC_NODE_INDICATOR;
}
int rubric_standard_node_parent(const rubric_standard* s, size_t node, size_t* out) {
  const rubric::NodeInfo* x = NodeAt(s, node);
  if (x == nullptr) return s == nullptr ? RUBRIC_INVALID_ARGUMENT : RUBRIC_OUT_OF_RANGE;
  if (out == nullptr) return RUBRIC_INVALID_ARGUMENT;
  if (x->parent < 0) return RUBRIC_NOT_FOUND;
  *out = static_cast<std::size_t>(x->parent);
  return RUBRIC_OK;
}
int rubric_standard_node_points(const rubric_standard* s, size_t node, double* out) {
  const rubric::NodeInfo* x = NodeAt(s, node);
  if (x == nullptr) return s == nullptr ? RUBRIC_INVALID_ARGUMENT : RUBRIC_OUT_OF_RANGE;
  if (out == nullptr) return RUBRIC_INVALID_ARGUMENT;
  if (!x->points) return RUBRIC_NOT_FOUND;
  *out = *x->points;
  return RUBRIC_OK;
}

size_t rubric_standard_veto_count(const rubric_standard* s) {
  return s == nullptr ? 0 : s->standard.vetoes().size();
}
const char* rubric_standard_veto_id(const rubric_standard* s, size_t veto) {
  if (s == nullptr || veto >= s->standard.vetoes().size()) return nullptr;
  return s->standard.vetoes()[veto].id.c_str();
}
const char* rubric_standard_veto_label(const rubric_standard* s, size_t veto) {
  if (s == nullptr || veto >= s->standard.vetoes().size()) return nullptr;
  return s->standard.vetoes()[veto].label.c_str();
}
size_t rubric_standard_grade_count(const rubric_standard* s) {
  return s == nullptr ? 0 : s->standard.grades().size();
}
const char* rubric_standard_grade_name(const rubric_standard* s, size_t grade) {
  if (s == nullptr || grade >= s->standard.grades().size()) return nullptr;
  return s->standard.grades()[grade].name.c_str();
}

// ---- Session ----

int rubric_session_create(rubric_session** out, const rubric_standard* standard) {
  return Guard(nullptr, [&]() -> int {
    if (out == nullptr || standard == nullptr) return RUBRIC_INVALID_ARGUMENT;
    *out = new rubric_session(standard->standard);
    return RUBRIC_OK;
  });
}

void rubric_session_free(rubric_session* session) { delete session; }

const char* rubric_session_last_error(const rubric_session* session) {
  return session == nullptr ? "" : session->last_error.c_str();
}

int rubric_session_add_row(rubric_session* session, const char* entity, int64_t period,
                           size_t* row) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (entity == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "entity is NULL");
    rubric::StatusOr<std::size_t> added = session->session.AddRow(entity, period);
    if (!added.ok()) return Fail(session, added.status());
    if (row != nullptr) *row = *added;
    return RUBRIC_OK;
  });
}

int rubric_session_find_row(const rubric_session* session, const char* entity, int64_t period,
                            size_t* row) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (entity == nullptr || row == nullptr) {
      return Fail(session, RUBRIC_INVALID_ARGUMENT, "entity or row is NULL");
    }
    if (!ValidUtf8(entity)) {
      return Fail(session, RUBRIC_INVALID_UTF8, "the entity name is not valid UTF-8");
    }
    std::optional<std::size_t> found = session->session.FindRow(entity, period);
    if (!found) {
      return Fail(
          session, RUBRIC_NOT_FOUND,
          std::string("no row for entity '") + entity + "', period " + std::to_string(period));
    }
    *row = *found;
    return RUBRIC_OK;
  });
}

int rubric_session_remove_row(rubric_session* session, size_t row) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    rubric::Status status = session->session.RemoveRow(row);
    if (!status.ok()) return Fail(session, RUBRIC_OUT_OF_RANGE, status.message());
    return RUBRIC_OK;
  });
}

size_t rubric_session_row_count(const rubric_session* session) {
  return session == nullptr ? 0 : session->session.row_count();
}

int rubric_session_row_entity(const rubric_session* session, size_t row, const char** entity) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (entity == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "entity is NULL");
    if (row >= session->session.row_count()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE, "row " + std::to_string(row) + " is out of range");
    }
    *entity = session->session.entity(row).c_str();
    return RUBRIC_OK;
  });
}

int rubric_session_row_period(const rubric_session* session, size_t row, int64_t* period) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (period == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "period is NULL");
    if (row >= session->session.row_count()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE, "row " + std::to_string(row) + " is out of range");
    }
    *period = session->session.period(row);
    return RUBRIC_OK;
  });
}

int rubric_session_set_number(rubric_session* session, size_t row, size_t input, double value) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (int status = CheckCell(session, row, input); status != RUBRIC_OK) return status;
    const rubric::InputType type = TypeOf(session, input);
    if (type == rubric::InputType::kEnum || type == rubric::InputType::kText) {
      return Fail(session, RUBRIC_TYPE_MISMATCH,
                  "input '" + session->session.standard().inputs()[input].id +
                      "' is not a number (use set_option, set_text or set_string)");
    }
    rubric::Status status = session->session.SetNumber(row, input, value);
    return status.ok() ? RUBRIC_OK : Fail(session, status);
  });
}

int rubric_session_set_option(rubric_session* session, size_t row, size_t input, size_t option) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (int status = CheckCell(session, row, input); status != RUBRIC_OK) return status;
    if (TypeOf(session, input) != rubric::InputType::kEnum) {
      return Fail(session, RUBRIC_TYPE_MISMATCH,
                  "input '" + session->session.standard().inputs()[input].id + "' is not an enum");
    }
    rubric::Status status = session->session.SetOption(row, input, option);
    return status.ok() ? RUBRIC_OK : Fail(session, status);
  });
}

int rubric_session_set_text(rubric_session* session, size_t row, size_t input, const char* text) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (text == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "text is NULL");
    if (int status = CheckCell(session, row, input); status != RUBRIC_OK) return status;
    if (TypeOf(session, input) != rubric::InputType::kText) {
      return Fail(
          session, RUBRIC_TYPE_MISMATCH,
          "input '" + session->session.standard().inputs()[input].id + "' is not a text input");
    }
    rubric::Status status = session->session.SetText(row, input, text);
    return status.ok() ? RUBRIC_OK : Fail(session, status);
  });
}

int rubric_session_set_string(rubric_session* session, size_t row, size_t input, const char* text) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (text == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "text is NULL");
    if (int status = CheckCell(session, row, input); status != RUBRIC_OK) return status;
    rubric::Status status = session->session.SetFromString(row, input, text);
    return status.ok() ? RUBRIC_OK : Fail(session, status);
  });
}

int rubric_session_clear(rubric_session* session, size_t row, size_t input) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (int status = CheckCell(session, row, input); status != RUBRIC_OK) return status;
    rubric::Status status = session->session.Clear(row, input);
    return status.ok() ? RUBRIC_OK : Fail(session, status);
  });
}

int rubric_session_set_numbers(rubric_session* session, size_t input, const size_t* rows,
                               const double* values, const unsigned char* missing, size_t count) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (count > 0 && rows == nullptr) {
      return Fail(session, RUBRIC_INVALID_ARGUMENT, "rows is NULL");
    }
    if (input >= session->session.standard().inputs().size()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "input " + std::to_string(input) + " is out of range");
    }
    const rubric::InputType type = TypeOf(session, input);
    if (type == rubric::InputType::kEnum || type == rubric::InputType::kText) {
      return Fail(session, RUBRIC_TYPE_MISMATCH,
                  "input '" + session->session.standard().inputs()[input].id + "' is not a number");
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (int status = CheckCell(session, rows[i], input); status != RUBRIC_OK) return status;
      const bool is_missing = missing != nullptr && missing[i] != 0;
      if (!is_missing && values == nullptr) {
        return Fail(session, RUBRIC_INVALID_ARGUMENT, "values is NULL");
      }
      rubric::Status status = is_missing ? session->session.Clear(rows[i], input)
                                         : session->session.SetNumber(rows[i], input, values[i]);
      if (!status.ok()) return Fail(session, status);
    }
    return RUBRIC_OK;
  });
}

int rubric_session_get_value(const rubric_session* session, size_t row, size_t input, double* value,
                             int* missing) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (value == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "value is NULL");
    if (row >= session->session.row_count() || !session->session.live(row) ||
        input >= session->session.standard().inputs().size()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE, "no such live row or input");
    }
    *value = session->session.value(row, input);
    if (missing != nullptr) *missing = session->session.is_missing(row, input) ? 1 : 0;
    return RUBRIC_OK;
  });
}

int rubric_session_load_csv(rubric_session* session, rubric_diagnostics** diagnostics,
                            const char* text, size_t length, const rubric_options* options) {
  if (diagnostics != nullptr) *diagnostics = nullptr;
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (text == nullptr && length > 0) {
      return Fail(session, RUBRIC_INVALID_ARGUMENT, "text is NULL");
    }
    const rubric::CsvOptions csv = options != nullptr ? options->csv : rubric::CsvOptions{};
    const std::string file =
        options != nullptr && options->file_name ? *options->file_name : "<data>";
    rubric::LoadReport report = rubric::LoadCsv(
        session->session, std::string_view(text == nullptr ? "" : text, length), file, csv);
    const bool ok = report.ok();
    if (diagnostics != nullptr) *diagnostics = NewDiagnostics(std::move(report.diagnostics), {});
    if (!ok) return Fail(session, RUBRIC_DATA_ERROR, "the data have errors; see the diagnostics");
    return RUBRIC_OK;
  });
}

int rubric_session_load_csv_file(rubric_session* session, rubric_diagnostics** diagnostics,
                                 const char* path, const rubric_options* options) {
  if (diagnostics != nullptr) *diagnostics = nullptr;
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (path == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "path is NULL");
    // Checked as every file rubric reads: a regular file within the data file limit.
    rubric::StatusOr<std::string> text = rubric::ReadInputFile(path, rubric::kMaxDataFileBytes);
    if (!text.ok()) {
      // A path that names no readable regular file is a bad argument; the message says why.
      const int code = text.status().code() == rubric::StatusCode::kOutOfRange
                           ? RUBRIC_OUT_OF_RANGE
                           : RUBRIC_INVALID_ARGUMENT;
      return Fail(session, code, text.status().message());
    }
    rubric_options named = options != nullptr ? *options : rubric_options{};
    if (!named.file_name) named.file_name = std::string(path);
    return rubric_session_load_csv(session, diagnostics, text->data(), text->size(), &named);
  });
}

int rubric_session_evaluate(rubric_session* session) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    session->session.Evaluate();
    return RUBRIC_OK;
  });
}

int rubric_session_total(rubric_session* session, size_t row, double* total) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (total == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "total is NULL");
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    *total = session->session.total(row);
    return RUBRIC_OK;
  });
}

int rubric_session_node_value(rubric_session* session, size_t row, size_t node, double* value) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (value == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "value is NULL");
    if (node >= session->session.standard().nodes().size()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "node " + std::to_string(node) + " is out of range");
    }
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    *value = session->session.node_value(row, node);
    return RUBRIC_OK;
  });
}

int rubric_session_grade(rubric_session* session, size_t row, const char** grade) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (grade == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "grade is NULL");
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    const std::string* name = session->session.grade(row);
    *grade = name == nullptr ? nullptr : name->c_str();
    return RUBRIC_OK;
  });
}

int rubric_session_row_live(const rubric_session* session, size_t row, int* live) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (live == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "live is NULL");
    if (row >= session->session.row_count()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE, "row " + std::to_string(row) + " is out of range");
    }
    *live = session->session.live(row) ? 1 : 0;
    return RUBRIC_OK;
  });
}

int rubric_session_scorable(const rubric_session* session, size_t row, int* scorable) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (scorable == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "scorable is NULL");
    if (row >= session->session.row_count() || !session->session.live(row)) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "row " + std::to_string(row) + " is not a live row");
    }
    *scorable = session->session.scorable(row) ? 1 : 0;
    return RUBRIC_OK;
  });
}

int rubric_session_vetoed(rubric_session* session, size_t row, int* vetoed) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (vetoed == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "vetoed is NULL");
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    *vetoed = session->session.vetoed(row) ? 1 : 0;
    return RUBRIC_OK;
  });
}

int rubric_session_fired_veto_count(rubric_session* session, size_t row, size_t* count) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (count == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "count is NULL");
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    *count = session->session.fired_vetoes(row).size();
    return RUBRIC_OK;
  });
}

int rubric_session_fired_veto(rubric_session* session, size_t row, size_t k, size_t* veto) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (veto == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "veto is NULL");
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    const std::vector<std::size_t> fired = session->session.fired_vetoes(row);
    if (k >= fired.size()) return Fail(session, RUBRIC_OUT_OF_RANGE, "no such fired veto");
    *veto = fired[k];
    return RUBRIC_OK;
  });
}

int rubric_session_explain_json(rubric_session* session, size_t row, const char* node_id,
                                char** json) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  if (json != nullptr) *json = nullptr;
  return Guard(session, [&]() -> int {
    if (json == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "json is NULL");
    std::optional<std::size_t> node;
    if (node_id != nullptr) {
      if (!ValidUtf8(node_id)) {
        return Fail(session, RUBRIC_INVALID_UTF8, "the node id is not valid UTF-8");
      }
      node = session->session.standard().FindNode(node_id);
      if (!node)
        return Fail(session, RUBRIC_NOT_FOUND, std::string("unknown node '") + node_id + "'");
    }
    if (row >= session->session.row_count() || !session->session.live(row)) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "row " + std::to_string(row) + " is not a live row");
    }
    rubric::StatusOr<rubric::Explanation> explanation = session->session.Explain(row, node);
    if (!explanation.ok()) return Fail(session, explanation.status());
    const std::string text = rubric::ExplanationToJson(*explanation);
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (copy == nullptr) return RUBRIC_NO_MEMORY;
    std::memcpy(copy, text.c_str(), text.size() + 1);
    *json = copy;
    return RUBRIC_OK;
  });
}

int rubric_value_is_missing(double value) { return rubric::IsMissing(value) ? 1 : 0; }

int rubric_session_missing_reason(rubric_session* session, size_t row, char** reason) {
  return StringResult(session, row, reason, "reason",
                      [&] { return session->session.missing_reason(row); });
}

int rubric_session_output_value(rubric_session* session, size_t row, size_t output, double* value) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    if (value == nullptr) return Fail(session, RUBRIC_INVALID_ARGUMENT, "value is NULL");
    if (output >= session->session.standard().outputs().size()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "output " + std::to_string(output) + " is out of range");
    }
    if (int status = CheckResultRow(session, row); status != RUBRIC_OK) return status;
    *value = session->session.output_value(row, output);
    return RUBRIC_OK;
  });
}

int rubric_session_output_text(rubric_session* session, size_t row, size_t output, char** text) {
  if (session != nullptr && output >= session->session.standard().outputs().size()) {
    if (text != nullptr) *text = nullptr;
    return Guard(session, [&]() -> int {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "output " + std::to_string(output) + " is out of range");
    });
  }
  return StringResult(session, row, text, "text",
                      [&] { return session->session.output_text(row, output); });
}

int rubric_session_attribute_json(rubric_session* session, const char* options_json, char** json) {
  return AnalysisResult(
      session, options_json, json, rubric::AttributionOptionsFromJson,
      [&](const rubric::AttributionOptions& options) -> rubric::StatusOr<std::string> {
        rubric::StatusOr<rubric::AttributionResult> result =
            rubric::Attribute(session->session, options);
        if (!result.ok()) return result.status();
        return rubric::AttributionToJson(*result);
      });
}

int rubric_session_goal_json(rubric_session* session, size_t row, const char* options_json,
                             char** json) {
  return AnalysisResult(session, options_json, json, rubric::GoalOptionsFromJson,
                        [&](const rubric::GoalOptions& options) -> rubric::StatusOr<std::string> {
                          if (row >= session->session.row_count() || !session->session.live(row)) {
                            return rubric::Status(
                                rubric::StatusCode::kOutOfRange,
                                "row " + std::to_string(row) + " is not a live row");
                          }
                          rubric::StatusOr<rubric::GoalResult> result =
                              rubric::FindGoal(session->session, row, options);
                          if (!result.ok()) return result.status();
                          return rubric::GoalToJson(*result);
                        });
}

int rubric_session_sensitivity_json(rubric_session* session, const char* options_json,
                                    char** json) {
  return AnalysisResult(
      session, options_json, json, rubric::SensitivityOptionsFromJson,
      [&](const rubric::SensitivityOptions& options) -> rubric::StatusOr<std::string> {
        rubric::StatusOr<rubric::SensitivityResult> result =
            rubric::AnalyzeSensitivity(session->session, options);
        if (!result.ok()) return result.status();
        return rubric::SensitivityToJson(*result);
      });
}

int rubric_session_sensitivity_runs(rubric_session* session, const char* options_json,
                                    size_t first_run, size_t run_count, char** block,
                                    size_t* size) {
  if (size != nullptr) *size = 0;
  if (block == nullptr) {
    return Guard(session, [&] { return Fail(session, RUBRIC_INVALID_ARGUMENT, "block is NULL"); });
  }
  std::size_t bytes = 0;
  const int status = AnalysisResult(
      session, options_json, block, rubric::SensitivityOptionsFromJson,
      [&](const rubric::SensitivityOptions& options) -> rubric::StatusOr<std::string> {
        if (size == nullptr) {
          return rubric::Status(rubric::StatusCode::kInvalidArgument, "size is NULL");
        }
        rubric::StatusOr<rubric::SensitivityRuns> runs =
            rubric::SensitivityRunBlock(session->session, options, first_run, run_count);
        if (!runs.ok()) return runs.status();
        std::string text = rubric::SensitivityRunsToBytes(*runs);
        bytes = text.size();
        return text;
      });
  if (status == RUBRIC_OK) *size = bytes;
  return status;
}

int rubric_session_sensitivity_merge_json(rubric_session* session, const char* options_json,
                                          const char* const* blocks, const size_t* sizes,
                                          size_t block_count, char** json) {
  return AnalysisResult(
      session, options_json, json, rubric::SensitivityOptionsFromJson,
      [&](const rubric::SensitivityOptions& options) -> rubric::StatusOr<std::string> {
        if (block_count > 0 && (blocks == nullptr || sizes == nullptr)) {
          return rubric::Status(rubric::StatusCode::kInvalidArgument, "blocks or sizes is NULL");
        }
        std::vector<rubric::SensitivityRuns> runs;
        for (size_t i = 0; i < block_count; ++i) {
          if (blocks[i] == nullptr) {
            return rubric::Status(rubric::StatusCode::kInvalidArgument,
                                  "block " + std::to_string(i) + " is NULL");
          }
          rubric::StatusOr<rubric::SensitivityRuns> block =
              rubric::SensitivityRunsFromBytes(std::string_view(blocks[i], sizes[i]));
          if (!block.ok()) return block.status();
          runs.push_back(std::move(*block));
        }
        rubric::StatusOr<rubric::SensitivityResult> result =
            rubric::MergeSensitivityRuns(session->session, options, runs);
        if (!result.ok()) return result.status();
        return rubric::SensitivityToJson(*result);
      });
}

int rubric_session_imputations_json(rubric_session* session, size_t row, char** json) {
  return StringResult(session, row, json, "json", [&] {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const rubric::Imputation& i : session->session.imputations(row)) {
      nlohmann::ordered_json item = {{"expression", i.expression}};
      if (!i.input.empty()) item["input"] = i.input;
      item["value"] = i.value;
      item["how"] = i.how;
      list.push_back(std::move(item));
    }
    return list.dump();
  });
}

int rubric_session_totals(rubric_session* session, const size_t* rows, size_t count, double* out) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    return Columnar(session, rows, count, out, [&](std::size_t i, std::size_t row) {
      out[i] = s.scorable(row) ? s.total(row) : kNotScorable;
    });
  });
}

int rubric_session_node_values(rubric_session* session, size_t node, const size_t* rows,
                               size_t count, double* out) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    if (node >= s.standard().nodes().size()) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "node " + std::to_string(node) + " is out of range");
    }
    return Columnar(session, rows, count, out, [&](std::size_t i, std::size_t row) {
      out[i] = s.scorable(row) ? s.node_value(row, node) : kNotScorable;
    });
  });
}

int rubric_session_grades(rubric_session* session, const size_t* rows, size_t count, int* out) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    const auto grades = s.standard().grades();
    return Columnar(session, rows, count, out, [&](std::size_t i, std::size_t row) {
      int index = -1;
      if (s.scorable(row)) {
        if (const std::string* name = s.grade(row); name != nullptr) {
          // The session's grade is the standard's string: find it by address (two bands
          // may share a name), by name only as a fallback.
          for (std::size_t g = 0; g < grades.size() && index < 0; ++g) {
            if (&grades[g].name == name) index = static_cast<int>(g);
          }
          for (std::size_t g = 0; g < grades.size() && index < 0; ++g) {
            if (grades[g].name == *name) index = static_cast<int>(g);
          }
        }
      }
      out[i] = index;
    });
  });
}

int rubric_session_vetoed_flags(rubric_session* session, const size_t* rows, size_t count,
                                uint8_t* out) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    return Columnar(session, rows, count, out, [&](std::size_t i, std::size_t row) {
      out[i] = s.scorable(row) && s.vetoed(row) ? 1 : 0;
    });
  });
}

int rubric_session_scorable_flags(const rubric_session* session, const size_t* rows, size_t count,
                                  uint8_t* out) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    return Columnar(session, rows, count, out,
                    [&](std::size_t i, std::size_t row) { out[i] = s.scorable(row) ? 1 : 0; });
  });
}

int rubric_session_input_values(const rubric_session* session, const size_t* inputs,
                                size_t input_count, const size_t* rows, size_t row_count,
                                double* out, uint8_t* missing) {
  if (session == nullptr) return RUBRIC_INVALID_ARGUMENT;
  return Guard(session, [&]() -> int {
    const rubric::Session& s = session->session;
    if (input_count == 0 || row_count == 0) return RUBRIC_OK;
    const std::size_t n_inputs = s.standard().inputs().size();
    if (inputs == nullptr && input_count > n_inputs) {
      return Fail(session, RUBRIC_OUT_OF_RANGE,
                  "input_count " + std::to_string(input_count) + " is past the " +
                      std::to_string(n_inputs) + " inputs");
    }
    for (std::size_t k = 0; k < input_count; ++k) {
      if (inputs != nullptr && inputs[k] >= n_inputs) {
        return Fail(session, RUBRIC_OUT_OF_RANGE,
                    "inputs[" + std::to_string(k) + "] = " + std::to_string(inputs[k]) +
                        " is out of range");
      }
    }
    if (row_count > std::numeric_limits<std::size_t>::max() / input_count) {
      return Fail(session, RUBRIC_OUT_OF_RANGE, "row_count * input_count overflows");
    }
    return Columnar(session, rows, row_count, out, [&](std::size_t r, std::size_t row) {
      for (std::size_t k = 0; k < input_count; ++k) {
        const std::size_t input = inputs == nullptr ? k : inputs[k];
        out[r * input_count + k] = s.value(row, input);
        if (missing != nullptr) missing[r * input_count + k] = s.is_missing(row, input) ? 1 : 0;
      }
    });
  });
}

uint64_t rubric_session_ops(const rubric_session* session) {
  return session == nullptr ? 0 : session->session.ops();
}

}  // extern "C"

// Reading a sheet of an .xlsx workbook: libzip opens the package, expat parses its parts
// (xl/workbook.xml, its relationships, the shared strings, the styles and the sheet).
#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "xlsx.h"

namespace rubric::cli {
namespace {

constexpr int kMaxRows = 1048576;                              // Excel's limits
constexpr int kMaxColumns = 16384;                             // A..XFD
constexpr zip_uint64_t kMaxPartBytes = zip_uint64_t{1} << 30;  // an uncompressed part
constexpr std::size_t kMaxCells = 10'000'000;  // cells kept (a dense row counts its gaps)

// A problem that stops the reading, with where it is.
struct Failure {
  std::string code;
  std::string where;  // ": sheet 'S', cell A1", or empty
  std::string message;
  std::string hint;
};

// The local name of an element or attribute from expat's "URI|local".
std::string_view Local(const XML_Char* name) {
  std::string_view text(name);
  const std::size_t bar = text.rfind('|');
  return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view local) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (Local(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

// Parses `text` with expat, calling `start`, `end` and `characters`; a message on failure.
// A document type declaration (entity definitions) is refused.
class XmlParser {
 public:
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> characters;
  std::string stopped;  // set by a handler to stop the parse with this message

  std::optional<std::string> Parse(std::string_view text) {
    std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS(nullptr, '|'), &XML_ParserFree);
    if (!parser) return std::string("out of memory");
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::OnStart, &XmlParser::OnEnd);
    XML_SetCharacterDataHandler(parser_, &XmlParser::OnCharacters);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::OnDoctype);
    // Parsed in pieces: XML_Parse takes an int length.
    constexpr std::size_t kPiece = 1 << 24;
    std::size_t at = 0;
    do {
      const std::size_t size = std::min(kPiece, text.size() - at);
      const bool last = at + size == text.size();
      if (XML_Parse(parser_, text.data() + at, static_cast<int>(size), last) != XML_STATUS_OK) {
        if (!stopped.empty()) return stopped;
        return "malformed XML at line " + std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
               XML_ErrorString(XML_GetErrorCode(parser_));
      }
      at += size;
    } while (at < text.size());
    if (!stopped.empty()) return stopped;
    return std::nullopt;
  }

  void Stop(std::string message) {
    if (stopped.empty()) stopped = std::move(message);
    XML_StopParser(parser_, XML_FALSE);
  }

 private:
  static void XMLCALL OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->start && self->stopped.empty()) self->start(Local(name), attributes);
  }
  static void XMLCALL OnEnd(void* data, const XML_Char* name) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->end && self->stopped.empty()) self->end(Local(name));
  }
  static void XMLCALL OnCharacters(void* data, const XML_Char* text, int length) {
    auto* self = static_cast<XmlParser*>(data);
    if (self->characters && self->stopped.empty()) {
      self->characters(std::string_view(text, static_cast<std::size_t>(length)));
    }
  }
  static void XMLCALL OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*,
                                int) {
    static_cast<XmlParser*>(data)->Stop("a document type declaration is not allowed");
  }

  XML_Parser parser_ = nullptr;
};

// "C12" -> column 2, row 12; false when it is no cell reference within Excel's limits.
bool ParseReference(std::string_view text, int* column, int* row) {
  std::size_t i = 0;
  long long c = 0;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) && i < 4) {
    c = c * 26 + (std::toupper(static_cast<unsigned char>(text[i])) - 'A' + 1);
    ++i;
  }
  if (i == 0 || c > kMaxColumns) return false;
  if (i == text.size()) {  // a column alone (in a range such as A:C)
    *column = static_cast<int>(c - 1);
    *row = 0;
    return true;
  }
  int r = 0;
  auto [ptr, ec] = std::from_chars(text.data() + i, text.data() + text.size(), r);
  if (ec != std::errc() || ptr != text.data() + text.size() || r < 1 || r > kMaxRows) {
    return false;
  }
  *column = static_cast<int>(c - 1);
  *row = r;
  return true;
}

// Whether a number format shows a date or a time: the built-in ones, or a custom code with
// day, month, year, hour or second letters outside quotes, escapes and [colours].
bool IsDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
      (id >= 50 && id <= 58)) {
    return true;
  }
  if (code.empty()) return false;
  bool quoted = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is shown as is (or is padding)
    } else if (c == '[') {
      const std::size_t close = code.find(']', i);
      if (close == std::string::npos) return false;
      const std::string inside = code.substr(i + 1, close - i - 1);
      // [h], [mm], [ss]: elapsed time
      if (!inside.empty() && std::all_of(inside.begin(), inside.end(), [](char x) {
            return x == 'h' || x == 'H' || x == 'm' || x == 'M' || x == 's' || x == 'S';
          })) {
        return true;
      }
      i = close;
    } else {
      const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == 'd' || lower == 'm' || lower == 'y' || lower == 'h' || lower == 's') {
        return true;
      }
    }
  }
  return false;
}

// The workbook package, opened from memory.
class Package {
 public:
  explicit Package(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source != nullptr) {
      archive_ = zip_open_from_source(source, ZIP_RDONLY, &error);
      if (archive_ == nullptr) zip_source_free(source);
    }
    if (archive_ == nullptr) error_ = zip_error_strerror(&error);
    zip_error_fini(&error);
  }
  Package(const Package&) = delete;
  Package& operator=(const Package&) = delete;
  ~Package() {
    if (archive_ != nullptr) zip_discard(archive_);
  }

  bool ok() const { return archive_ != nullptr; }
  const std::string& error() const { return error_; }

  bool Has(const std::string& name) const {
    return zip_name_locate(archive_, name.c_str(), 0) >= 0;
  }

  // The part `name`, uncompressed; a message when it cannot be read.
  std::optional<std::string> Read(const std::string& name, std::string* message) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat(archive_, name.c_str(), 0, &stat) != 0) {
      *message = "the part " + name + " is missing";
      return std::nullopt;
    }
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size > kMaxPartBytes) {
      *message = "the part " + name + " is too large (" + std::to_string(stat.size) +
                 " bytes uncompressed; at most " + std::to_string(kMaxPartBytes) + ")";
      return std::nullopt;
    }
    zip_file_t* file = zip_fopen(archive_, name.c_str(), 0);
    if (file == nullptr) {
      *message = "cannot open the part " + name + ": " + zip_strerror(archive_);
      return std::nullopt;
    }
    std::string text;
    char buffer[1 << 16];
    while (true) {
      const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
      if (got < 0) {
        *message = "cannot read the part " + name + ": " + zip_file_strerror(file);
        zip_fclose(file);
        return std::nullopt;
      }
      if (got == 0) break;
      if (text.size() + static_cast<std::size_t>(got) > kMaxPartBytes) {
        *message = "the part " + name + " is too large (more than " +
                   std::to_string(kMaxPartBytes) + " bytes uncompressed)";
        zip_fclose(file);
        return std::nullopt;
      }
      text.append(buffer, static_cast<std::size_t>(got));
    }
    zip_fclose(file);
    return text;
  }

 private:
  zip_t* archive_ = nullptr;
  std::string error_;
};

struct SheetEntry {
  std::string name;
  std::string relationship;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::string_view file_name, std::string_view sheet)
      : bytes_(bytes), file_(file_name), wanted_(sheet) {}

  XlsxSheet Run() {
    XlsxSheet result;
    if (std::optional<Failure> failure = Read(&result.table)) {
      Diagnostic d;
      d.code = failure->code;
      d.file = file_ + failure->where;
      d.message = failure->message;
      d.hint = failure->hint;
      result.diagnostics.push_back(std::move(d));
    } else {
      result.diagnostics = std::move(warnings_);
    }
    return result;
  }

 private:
  static Failure Unreadable(std::string message) {
    return Failure{"D0010", "", std::move(message),
                   "save the file from Excel or LibreOffice as an Excel workbook (.xlsx)"};
  }

  std::optional<Failure> Read(DataTable* table) {
    Package package(bytes_);
    if (!package.ok()) {
      return Unreadable("not an Excel workbook (.xlsx): cannot open it as a ZIP package: " +
                        package.error());
    }
    std::string message;
    std::optional<std::string> workbook = package.Read("xl/workbook.xml", &message);
    if (!workbook) return Unreadable("not an Excel workbook (.xlsx): " + message);
    std::vector<SheetEntry> sheets;
    if (auto failure = ParseWorkbook(*workbook, &sheets)) return failure;
    if (sheets.empty()) return Unreadable("the workbook has no sheet");
    const SheetEntry* chosen = &sheets.front();
    if (!wanted_.empty()) {
      chosen = nullptr;
      std::string names;
      for (const SheetEntry& entry : sheets) {
        if (entry.name == wanted_) chosen = &entry;
        names += (names.empty() ? "'" : ", '") + entry.name + "'";
      }
      if (chosen == nullptr) {
        return Failure{"D0011", "", "the workbook has no sheet '" + wanted_ + "'",
                       "its sheets: " + names};
      }
    }
    table->sheet = chosen->name;
    sheet_where_ = ": sheet '" + chosen->name + "'";

    std::optional<std::string> rels = package.Read("xl/_rels/workbook.xml.rels", &message);
    if (!rels) return Unreadable(message);
    std::string target;
    if (auto failure = ParseRelationships(*rels, chosen->relationship, &target)) return failure;
    if (target.empty()) {
      return Unreadable("sheet '" + chosen->name + "' has no part (relationship '" +
                        chosen->relationship + "' is not in xl/_rels/workbook.xml.rels)");
    }
    if (package.Has("xl/sharedStrings.xml")) {
      std::optional<std::string> strings = package.Read("xl/sharedStrings.xml", &message);
      if (!strings) return Unreadable(message);
      if (auto failure = ParseSharedStrings(*strings)) return failure;
    }
    if (package.Has("xl/styles.xml")) {
      std::optional<std::string> styles = package.Read("xl/styles.xml", &message);
      if (!styles) return Unreadable(message);
      if (auto failure = ParseStyles(*styles)) return failure;
    }
    std::optional<std::string> sheet = package.Read(target, &message);
    if (!sheet) return Unreadable(message);
    return ParseSheet(*sheet, target, table);
  }

  std::optional<Failure> XmlFailure(const std::string& part, const std::string& message) {
    return Unreadable(part + ": " + message);
  }

  std::optional<Failure> ParseWorkbook(const std::string& text, std::vector<SheetEntry>* sheets) {
    XmlParser parser;
    parser.start = [&](std::string_view name, const XML_Char** attributes) {
      if (name != "sheet") return;
      const XML_Char* sheet_name = Attribute(attributes, "name");
      const XML_Char* id = Attribute(attributes, "id");
      if (sheet_name == nullptr || id == nullptr) {
        parser.Stop("a sheet without a name or a relationship id");
        return;
      }
      sheets->push_back(SheetEntry{sheet_name, id});
    };
    if (std::optional<std::string> error = parser.Parse(text)) {
      return XmlFailure("xl/workbook.xml", *error);
    }
    return std::nullopt;
  }

  std::optional<Failure> ParseRelationships(const std::string& text, const std::string& id,
                                            std::string* target) {
    XmlParser parser;
    parser.start = [&](std::string_view name, const XML_Char** attributes) {
      if (name != "Relationship") return;
      const XML_Char* rel_id = Attribute(attributes, "Id");
      const XML_Char* rel_target = Attribute(attributes, "Target");
      if (rel_id == nullptr || rel_target == nullptr || id != rel_id) return;
      std::string path = rel_target;
      // Relative to xl/, or absolute in the package.
      *target = path.rfind('/', 0) == 0 ? path.substr(1) : "xl/" + path;
    };
    if (std::optional<std::string> error = parser.Parse(text)) {
      return XmlFailure("xl/_rels/workbook.xml.rels", *error);
    }
    return std::nullopt;
  }

  std::optional<Failure> ParseSharedStrings(const std::string& text) {
    XmlParser parser;
    bool in_item = false;
    int phonetic = 0;  // inside <rPh>, whose text is a reading aid, not the string
    bool in_text = false;
    std::string current;
    parser.start = [&](std::string_view name, const XML_Char**) {
      if (name == "si") {
        in_item = true;
        current.clear();
      } else if (name == "rPh") {
        ++phonetic;
      } else if (name == "t" && in_item && phonetic == 0) {
        in_text = true;
      }
    };
    parser.end = [&](std::string_view name) {
      if (name == "si") {
        in_item = false;
        shared_.push_back(current);
      } else if (name == "rPh") {
        --phonetic;
      } else if (name == "t") {
        in_text = false;
      }
    };
    parser.characters = [&](std::string_view chunk) {
      if (in_text) current.append(chunk);
    };
    if (std::optional<std::string> error = parser.Parse(text)) {
      return XmlFailure("xl/sharedStrings.xml", *error);
    }
    return std::nullopt;
  }

  std::optional<Failure> ParseStyles(const std::string& text) {
    XmlParser parser;
    std::map<int, std::string> codes;
    std::vector<int> format_of_style;
    bool in_cell_formats = false;
    parser.start = [&](std::string_view name, const XML_Char** attributes) {
      if (name == "numFmt") {
        const XML_Char* id = Attribute(attributes, "numFmtId");
        const XML_Char* code = Attribute(attributes, "formatCode");
        if (id != nullptr && code != nullptr) codes[std::atoi(id)] = code;
      } else if (name == "cellXfs") {
        in_cell_formats = true;
      } else if (name == "xf" && in_cell_formats) {
        const XML_Char* id = Attribute(attributes, "numFmtId");
        format_of_style.push_back(id == nullptr ? 0 : std::atoi(id));
      }
    };
    parser.end = [&](std::string_view name) {
      if (name == "cellXfs") in_cell_formats = false;
    };
    if (std::optional<std::string> error = parser.Parse(text)) {
      return XmlFailure("xl/styles.xml", *error);
    }
    for (int id : format_of_style) {
      auto code = codes.find(id);
      date_style_.push_back(IsDateFormat(id, code == codes.end() ? std::string() : code->second));
    }
    return std::nullopt;
  }

  std::optional<Failure> ParseSheet(const std::string& text, const std::string& part,
                                    DataTable* table) {
    XmlParser parser;
    std::optional<Failure> failure;
    auto fail = [&](const std::string& where, std::string message) {
      failure = Failure{"D0010", sheet_where_ + where, std::move(message),
                        "save the file from Excel or LibreOffice as an Excel workbook (.xlsx)"};
      parser.Stop(failure->message);
    };
    int row_number = 0;
    int column = -1;
    bool in_row = false;
    bool in_cell = false;
    bool in_value = false;
    bool formula = false;
    std::size_t formulas_without_value = 0;
    std::string first_formula;
    int in_inline = 0;
    int phonetic = 0;
    std::string type;
    int style = -1;
    std::string value;
    std::size_t cells = 0;
    std::vector<std::string> merged;
    parser.start = [&](std::string_view name, const XML_Char** attributes) {
      if (name == "row") {
        int number = row_number + 1;
        if (const XML_Char* r = Attribute(attributes, "r")) {
          auto [ptr, ec] = std::from_chars(r, r + std::char_traits<char>::length(r), number);
          if (ec != std::errc() || *ptr != '\0' || number < 1 || number > kMaxRows) {
            fail("", std::string("row number '") + r + "' is not a row of a sheet (1 to " +
                         std::to_string(kMaxRows) + ")");
            return;
          }
        }
        if (number > kMaxRows) {
          fail("", "more rows than a sheet has (" + std::to_string(kMaxRows) + ")");
          return;
        }
        row_number = number;
        column = -1;
        in_row = true;
        table->row_numbers.push_back(row_number);
        table->rows.emplace_back();
      } else if (name == "c" && in_row) {
        in_cell = true;
        value.clear();
        ++column;
        if (const XML_Char* r = Attribute(attributes, "r")) {
          int c = 0, rr = 0;
          if (!ParseReference(r, &c, &rr) || rr == 0) {
            fail("", std::string("cell reference '") + r + "' is not a cell of a sheet");
            return;
          }
          column = c;
        }
        if (column >= kMaxColumns) {
          fail(", row " + std::to_string(row_number), "more columns than a sheet has");
          return;
        }
        formula = false;
        const XML_Char* t = Attribute(attributes, "t");
        type = t == nullptr ? "n" : t;
        const XML_Char* s = Attribute(attributes, "s");
        style = s == nullptr ? -1 : std::atoi(s);
      } else if (name == "v" && in_cell) {
        in_value = true;
      } else if (name == "f" && in_cell) {
        formula = true;
      } else if (name == "is" && in_cell) {
        ++in_inline;
      } else if (name == "rPh") {
        ++phonetic;
      } else if (name == "t" && in_inline > 0 && phonetic == 0) {
        in_value = true;
      } else if (name == "mergeCell") {
        if (const XML_Char* ref = Attribute(attributes, "ref")) merged.emplace_back(ref);
      }
    };
    parser.end = [&](std::string_view name) {
      if (name == "row") {
        in_row = false;
      } else if (name == "v" || name == "t") {
        in_value = false;
      } else if (name == "is") {
        --in_inline;
      } else if (name == "rPh") {
        --phonetic;
      } else if (name == "c" && in_cell) {
        in_cell = false;
        TableCell cell;
        const std::string where = ", cell " + CellReference(column, row_number);
        if (formula && value.empty() && in_inline == 0 && type != "inlineStr") {
          if (formulas_without_value++ == 0) first_formula = where;
          return;
        }
        if (type == "s") {
          std::size_t index = 0;
          auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
          if (ec != std::errc() || ptr != value.data() + value.size() || index >= shared_.size()) {
            fail(where, "the cell refers to shared string '" + value + "', but the workbook has " +
                            std::to_string(shared_.size()));
            return;
          }
          cell.kind = TableCell::Kind::kText;
          cell.text = shared_[index];
        } else if (type == "inlineStr" || type == "str") {
          cell.kind = TableCell::Kind::kText;
          cell.text = value;
        } else if (type == "b") {
          cell.kind = TableCell::Kind::kBool;
          cell.text = value == "1" ? "true" : "false";
        } else if (type == "e") {
          cell.kind = TableCell::Kind::kError;
          cell.text = value;
        } else if (type == "d") {
          cell.kind = TableCell::Kind::kDate;
          cell.text = value;
        } else {
          cell.kind = TableCell::Kind::kNumber;
          cell.text = value;
          if (style >= 0 && static_cast<std::size_t>(style) < date_style_.size() &&
              date_style_[static_cast<std::size_t>(style)]) {
            cell.kind = TableCell::Kind::kDate;
          }
        }
        if (cell.text.empty() && cell.kind != TableCell::Kind::kText) {
          cell.kind = TableCell::Kind::kEmpty;  // a formatted cell without a value
        }
        if (cell.kind == TableCell::Kind::kEmpty || cell.text.empty()) return;
        std::vector<TableCell>& row = table->rows.back();
        const auto at = static_cast<std::size_t>(column);
        if (row.size() <= at) {
          cells += at + 1 - row.size();
          if (cells > kMaxCells) {
            fail("", "the sheet is too large (more than " + std::to_string(kMaxCells) +
                         " cells); split it, or save it as CSV");
            return;
          }
          row.resize(at + 1);
        }
        row[at] = std::move(cell);
      }
    };
    parser.characters = [&](std::string_view chunk) {
      if (in_value) value.append(chunk);
    };
    if (std::optional<std::string> error = parser.Parse(text)) {
      if (failure) return failure;
      return XmlFailure(part, *error);
    }
    if (formulas_without_value > 0) {
      Diagnostic d;
      d.severity = Severity::kWarning;
      d.code = "W0005";
      d.file = file_ + sheet_where_ + first_formula;
      d.message = "a formula without a saved value" +
                  (formulas_without_value > 1
                       ? " (and " + std::to_string(formulas_without_value - 1) + " more cells)"
                       : std::string()) +
                  ": read as empty, a missing value";
      d.hint =
          "a program wrote the workbook and nothing calculated it: open it in Excel or "
          "LibreOffice and save it, so that each formula's value is saved";
      warnings_.push_back(std::move(d));
    }
    // Columns before the first one used are no columns of the table.
    std::size_t first = SIZE_MAX;
    int header_row = 0;
    for (std::size_t r = 0; r < table->rows.size(); ++r) {
      const std::vector<TableCell>& row = table->rows[r];
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (row[c].kind == TableCell::Kind::kEmpty) continue;
        first = std::min(first, c);
        if (header_row == 0) header_row = table->row_numbers[r];
      }
    }
    if (first != SIZE_MAX && first > 0) {
      for (std::vector<TableCell>& row : table->rows) {
        row.erase(row.begin(),
                  row.begin() + static_cast<std::ptrdiff_t>(std::min(first, row.size())));
      }
      table->first_column = static_cast<int>(first);
    }
    // Merged cells: one value, or one name, for several cells.
    for (const std::string& range : merged) {
      const std::size_t colon = range.find(':');
      int c1 = 0, r1 = 0, c2 = 0, r2 = 0;
      if (colon == std::string::npos || !ParseReference(range.substr(0, colon), &c1, &r1) ||
          !ParseReference(range.substr(colon + 1), &c2, &r2)) {
        continue;
      }
      const bool header = header_row >= r1 && header_row <= r2;
      return Failure{"D0107", sheet_where_ + ", cell " + CellReference(c1, r1),
                     header ? "merged header cells " + range + ": every column needs its own name"
                            : "merged cells " + range + ": every cell needs its own value",
                     "unmerge the cells (Excel: Merge & Center > Unmerge Cells) and fill each one"};
    }
    return std::nullopt;
  }

  std::string_view bytes_;
  std::string file_;
  std::string wanted_;
  std::string sheet_where_;
  std::vector<std::string> shared_;
  std::vector<bool> date_style_;  // per cell style (cellXfs), whether it shows a date
  std::vector<Diagnostic> warnings_;
};

}  // namespace

bool LooksLikeXlsx(std::string_view path, std::string_view bytes) {
  if (bytes.rfind(std::string_view("PK\x03\x04", 4), 0) == 0) return true;
  if (path.size() < 5) return false;
  std::string extension(path.substr(path.size() - 5));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension == ".xlsx";
}

XlsxSheet ReadXlsx(std::string_view bytes, std::string_view file_name, std::string_view sheet) {
  try {
    return Reader(bytes, file_name, sheet).Run();
  } catch (const std::exception& e) {  // out of memory, say
    XlsxSheet result;
    Diagnostic d;
    d.code = "D0010";
    d.file = std::string(file_name);
    d.message = std::string("cannot read the workbook: ") + e.what();
    result.diagnostics.push_back(std::move(d));
    return result;
  }
}

}  // namespace rubric::cli

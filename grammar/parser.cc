// The rubric grammar in Boost.Spirit X3. This is the only translation unit that includes
// Spirit, so its compile cost is paid once. Each rule carries a one-line EBNF comment; the
// full grammar is in docs/language.md.
//
// Design notes:
// - X3 works on bytes. Identifiers, keywords and strings are custom parsers that decode
//   UTF-8 themselves (utf8.h); the source is validated as UTF-8 before parsing.
// - Every rule's ID class derives from SpanAnnotator, which records the byte range of what
//   the rule matched in the node (after the skipper, so spans start at the token).
// - Syntax errors are expectation failures (`a > b`), caught by the outermost rule only and
//   turned into structured SyntaxError values at the exact failing byte (the stock X3
//   handler skips whitespace first and counts columns in bytes; we do neither).
#include "parser.h"

#include <algorithm>
#include <array>
#include <boost/fusion/include/adapt_struct.hpp>
#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>
#include <cctype>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "confusables.h"
#include "lexical_checks.h"
#include "number_literal.h"
#include "utf8.h"

BOOST_FUSION_ADAPT_STRUCT(rubric::ast::Operation, op, operand)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::Chain, first, rest)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::UnaryExpr, op, operand)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::LookupEntry, option, value)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::LookupExpr, subject, entries)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::Knot, x, y)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::PiecewiseExpr, subject, knots)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::IfExpr, condition, then_branch, else_branch)
BOOST_FUSION_ADAPT_STRUCT(rubric::ast::Bound, kind, value)

namespace rubric::grammar::detail {

namespace x3 = boost::spirit::x3;
using Iterator = const char*;

constexpr std::array<std::string_view, 37> kKeywords = {
    "standard",  "version", "total",  "missing",   "default",   "unscorable", "exclude", "grades",
    "otherwise", "when",    "vetoed", "group",     "indicator", "input",      "let",     "points",
    "normalize", "score",   "value",  "veto",      "if",        "then",       "else",    "and",
    "or",        "not",     "true",   "false",     "number",    "percent",    "integer", "rank",
    "enum",      "text",    "lookup", "piecewise", "tolerance",
};

// Thrown by the parsers below when the source exceeds a limit (see parser.h); Parse turns
// it into the only error, since what the parser would report after it means nothing.
struct LimitExceeded {
  Iterator where;
  std::uint32_t length;
  std::string code;
  std::string message;
  std::string hint;
};

// Length in bytes of the identifier-like word at [first, last), 0 when none starts there.
std::size_t ScanWord(Iterator first, Iterator last) {
  const std::string_view text(first, static_cast<std::size_t>(last - first));
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {  // ASCII, most names: no decoding
      const bool letter =
          (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || byte == '_';
      if (!letter && (pos == 0 || byte < '0' || byte > '9')) break;
      ++pos;
      continue;
    }
    std::size_t next = pos;
    const char32_t c = utf8::Decode(text, &next);
    // An invisible character stays inside the name, which CheckCharacters reports (E0010).
    const bool invisible = unicode::IsInvisible(c);
    if (!invisible && (pos == 0 ? !utf8::IsIdentifierStart(c) : !utf8::IsIdentifierContinue(c))) {
      break;
    }
    pos = next;
  }
  return pos;
}

// ScanWord(first, last), remembered by the skipper of the parse (see Skipper) for the last
// place asked: the alternatives tried at one place (a statement's keywords, an operand's
// words) ask about the same word one after another.
template <typename Ctx>
std::size_t WordAt(Iterator first, Iterator last, Ctx const& ctx) {
  const auto& skipper = x3::get<x3::skipper_tag>(ctx);
  if constexpr (requires { skipper.word_at; }) {
    if (skipper.word_at != first) {
      skipper.word_at = first;
      skipper.word_length = ScanWord(first, last);
    }
    return skipper.word_length;
  } else {
    return ScanWord(first, last);
  }
}

// ---- Custom primitive parsers ----

// An identifier that is not a keyword. Attribute: std::string.
struct IdentifierParser : x3::parser<IdentifierParser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const std::size_t n = WordAt(first, last, ctx);
    if (n == 0 || IsKeyword(std::string_view(first, n))) return false;
    if (n > kMaxNameBytes) {
      throw LimitExceeded{first, static_cast<std::uint32_t>(n), "E0006",
                          "a name is longer than " + std::to_string(kMaxNameBytes) + " bytes",
                          "use a shorter name and put the long text in the label"};
    }
    x3::traits::move_to(std::string(first, n), attr);
    first += n;
    return true;
  }
};

// A keyword: the word itself, not followed by an identifier character.
struct KeywordParser : x3::parser<KeywordParser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;
  std::string_view word;

  explicit KeywordParser(std::string_view w) : word(w) {}

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr&) const {
    x3::skip_over(first, last, ctx);
    if (WordAt(first, last, ctx) != word.size() || std::string_view(first, word.size()) != word) {
      return false;
    }
    first += word.size();
    return true;
  }
};

// One of several keywords, each standing for a value. Attribute: T.
template <typename T>
struct WordParser : x3::parser<WordParser<T>> {
  using attribute_type = T;
  static bool const has_attribute = true;
  std::vector<std::pair<std::string_view, T>> words;
  std::string description;

  WordParser(std::initializer_list<std::pair<std::string_view, T>> w, std::string d)
      : words(w), description(std::move(d)) {}

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    const std::size_t n = WordAt(first, last, ctx);
    const std::string_view word(first, n);
    for (const auto& [text, value] : words) {
      if (text == word) {
        x3::traits::move_to(value, attr);
        first += n;
        return true;
      }
    }
    return false;
  }
};

// A double-quoted string with the escapes \" \\ \n \t. Attribute: std::string (unescaped).
struct StringParser : x3::parser<StringParser> {
  using attribute_type = std::string;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '"') return false;
    std::string value;
    It it = first + 1;
    while (true) {
      if (it == last || *it == '\n' || *it == '\r') {
        // Reported at the opening quote: that is where the author must look.
        boost::throw_exception(
            x3::expectation_failure<It>(first, "a closing '\"' on the same line for this string"));
      }
      const char c = *it;
      if (c == '"') break;
      if (c == '\\') {
        ++it;
        if (it == last) continue;  // reported as unterminated above
        switch (*it) {
          case '"':
            value += '"';
            break;
          case '\\':
            value += '\\';
            break;
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          default:
            boost::throw_exception(
                x3::expectation_failure<It>(it, "an escape (\\\" \\\\ \\n \\t) after '\\'"));
        }
        ++it;
        continue;
      }
      value += c;
      ++it;
    }
    if (value.size() > kMaxLabelBytes) {
      throw LimitExceeded{
          first, 1, "E0007",
          "a quoted text is longer than " + std::to_string(kMaxLabelBytes) + " bytes",
          "shorten the label; long explanations belong in comments"};
    }
    first = it + 1;
    x3::traits::move_to(std::move(value), attr);
    return true;
  }
};

// A decimal number (number_literal.h), read correctly rounded; with `kSigned`, after an
// optional '+' or '-'. A number too large for a double (`1e999`) is an error, not infinity
// (which no text could write back).
template <bool kSigned>
struct NumberParser : x3::parser<NumberParser<kSigned>> {
  using attribute_type = double;
  static bool const has_attribute = true;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    It at = first;
    const bool negative = kSigned && at != last && *at == '-';
    if (kSigned && at != last && (*at == '-' || *at == '+')) ++at;
    const std::string_view rest(at, static_cast<std::size_t>(last - at));
    const std::size_t n = ScanNumberLiteral(rest);
    if (n == 0) return false;
    const std::optional<double> value = ReadNumberLiteral(rest.substr(0, n));
    if (!value) {
      boost::throw_exception(x3::expectation_failure<It>(first, "a number below 1.8e308"));
    }
    x3::traits::move_to(negative ? -*value : *value, attr);
    first = at + n;
    return true;
  }
};
const NumberParser<false> unsigned_number{};
const NumberParser<true> signed_number_p{};

}  // namespace rubric::grammar::detail

// Names X3 uses for our primitives in "expected ..." messages.
namespace boost::spirit::x3 {
template <>
struct get_info<rubric::grammar::detail::KeywordParser> {
  using result_type = std::string;
  std::string operator()(const rubric::grammar::detail::KeywordParser& p) const {
    return "'" + std::string(p.word) + "'";
  }
};
// `p[action]` is described as `p` (a rule's name, say), not as a mangled type.
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  using result_type = std::string;
  std::string operator()(const action<Subject, Action>& p) const { return what(p.subject); }
};
template <typename T>
struct get_info<rubric::grammar::detail::WordParser<T>> {
  using result_type = std::string;
  std::string operator()(const rubric::grammar::detail::WordParser<T>& p) const {
    return p.description;
  }
};
}  // namespace boost::spirit::x3

namespace rubric::grammar {
namespace {

namespace x3 = boost::spirit::x3;
using namespace detail;  // NOLINT: the primitives above

// ---- Parse state, span annotation and error reporting ----

struct ParseState {
  const char* begin = nullptr;
  const char* end = nullptr;
  std::uint32_t first_offset = 0;  // added to every offset (see Parse)
  std::vector<SyntaxError>* errors = nullptr;
  int expression_depth = 0;  // expressions being parsed inside one another
  std::size_t statements = 0;
  std::size_t max_statements = 0;
  std::size_t max_errors = 0;

  const std::vector<ast::Comment>* comments = nullptr;  // recorded so far, in order

  std::uint32_t Offset(const char* at) const {
    return first_offset + static_cast<std::uint32_t>(at - begin);
  }

  // The end of the last token in [from, at). A rule's end is where parsing stopped, and a
  // failed attempt at an optional part (`points 2` without `normalize`) has already skipped
  // the blanks and comments after the rule's last token: they are not part of its span.
  const char* TrimEnd(const char* from, const char* at) const {
    bool moved = false;
    while (at > from) {
      const char c = at[-1];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        --at;
        moved = true;
        continue;
      }
      if ((moved || at == end) && comments != nullptr && !comments->empty()) {
        const std::uint32_t offset = Offset(at);
        auto it = std::lower_bound(
            comments->begin(), comments->end(), offset,
            [](const ast::Comment& comment, std::uint32_t o) { return comment.end < o; });
        if (it != comments->end() && it->end == offset && it->begin >= Offset(from)) {
          at = begin + (it->begin - first_offset);
          continue;
        }
      }
      break;
    }
    return at;
  }
};

// Thrown once ParseLimits::max_errors syntax errors are recorded: the rest is not read.
struct TooManyErrors {};

// Thrown (and caught by Parse) when expressions nest deeper than kMaxNesting: brackets and
// prefix operators are counted before parsing, but `if ... else if ...` chains nest too.
struct TooDeep {
  const char* where;
};
struct state_tag;

struct SpanAnnotator {
  template <typename It, typename Attr, typename Ctx>
  void on_success(It const& first, It const& last, Attr& attr, Ctx const& ctx) const {
    if constexpr (std::is_base_of_v<ast::Located, Attr>) {
      const ParseState& state = x3::get<state_tag>(ctx).get();
      attr.begin = state.Offset(first);
      attr.end = state.Offset(state.TrimEnd(first, last));
    }
  }
};

// The non-ASCII character at `at` that no token starts with: named, and when it is
// full-width or CJK punctuation where code needs ASCII (`，` for `,`), the hint says which.
void DescribeNonAscii(const char* at, const char* last, SyntaxError* error) {
  const std::string_view rest(at, static_cast<std::size_t>(last - at));
  std::size_t length = 0;
  const char32_t c = utf8::Decode(rest, &length);
  error->length = static_cast<std::uint32_t>(length);
  const std::string text(rest.substr(0, length));
  error->message += ", found '" + text + "' (" + unicode::Describe(c) + ")";
  const char ascii = unicode::AsciiForFullWidth(c);
  if (ascii == ' ') {
    error->hint = "'" + text + "' is a full-width space; write an ASCII space";
  } else if (ascii != 0) {
    error->hint =
        "'" + text + "' is full-width punctuation; write the ASCII '" + std::string(1, ascii) + "'";
  }
}

// Records "expected WHICH" at `where`, pointing at the next token when one follows on the
// same line, else just after the previous one: "expected '}'" at the end of a line is
// reported on that line. An error at the place of the previous one adds nothing.
void ReportExpected(ParseState& state, const char* where, const char* last,
                    const std::string& which) {
  SyntaxError error;
  error.code = "E0002";
  error.offset = state.Offset(where);
  error.message = "expected " + which;
  const char* at = where;
  while (at != last && (*at == ' ' || *at == '\t')) ++at;
  const char* rest = at;
  while (rest != last && (*rest == ' ' || *rest == '\t' || *rest == '\n' || *rest == '\r')) {
    ++rest;
  }
  if (rest == last) error.message += ", found the end of the file";
  if (at != last && *at != '\n' && *at != '\r' && *at != '"') {
    error.offset = state.Offset(at);
    const std::size_t n = ScanWord(at, last);
    if (n > 0) {
      const std::string word(at, n);
      error.length = static_cast<std::uint32_t>(n);
      error.message += ", found '" + word + "'";
      if (IsKeyword(word) && which == "a name") {
        error.hint = "'" + word + "' is a reserved word; choose another name";
      }
    } else if (std::isdigit(static_cast<unsigned char>(*at)) || *at == '.') {
      const char* end = at;  // a number: its digits, point and exponent
      while (end != last &&
             (std::isalnum(static_cast<unsigned char>(*end)) || *end == '.' ||
              ((*end == '+' || *end == '-') && (end[-1] == 'e' || end[-1] == 'E')))) {
        ++end;
      }
      error.length = static_cast<std::uint32_t>(end - at);
      error.message += ", found '" + std::string(at, end) + "'";
    } else {
      error.length = 1;
      const auto byte = static_cast<unsigned char>(*at);
      if (byte >= 0x20 && byte < 0x7F) {
        error.message += ", found '" + std::string(1, *at) + "'";
      } else if (byte < 0x20 || byte == 0x7F) {
        static const char kHex[] = "0123456789ABCDEF";
        error.message +=
            std::string(", found the control character U+00") + kHex[byte >> 4] + kHex[byte & 15];
      } else {
        DescribeNonAscii(at, last, &error);
      }
    }
  }
  std::vector<SyntaxError>& errors = *state.errors;
  if (!errors.empty() && errors.back().offset == error.offset) return;
  errors.push_back(std::move(error));
  if (errors.size() >= state.max_errors) throw TooManyErrors{};
}

// Where parsing resumes after a bad statement that began at `start` and failed at `where`:
// the next line that starts with a statement keyword outside the braces the bad statement
// opened, or the `}` that closes the enclosing block, or the end. Strings and comments are
// skipped, so braces inside them do not count. Always past `start`.
const char* Resynchronise(const char* start, const char* where, const char* last) {
  static constexpr std::array<std::string_view, 19> kStatementWords = {
      "input",   "let",      "group",   "indicator", "veto",   "score", "value",
      "version", "total",    "missing", "coverage",  "grades", "unit",  "remove",
      "change",  "function", "output",  "aggregate", "weights"};
  int depth = 0;
  bool line_start = false;
  for (const char* at = start; at != last; ++at) {
    const char c = *at;
    if (at >= where && line_start && depth == 0) {
      const std::size_t n = ScanWord(at, last);
      const std::string_view word(at, n);
      if (n > 0 && std::find(kStatementWords.begin(), kStatementWords.end(), word) !=
                       kStatementWords.end()) {
        return at;
      }
    }
    if (c == ' ' || c == '\t' || c == '\r') continue;
    line_start = false;
    if (c == '\n') {
      line_start = true;
    } else if (c == '"') {  // to the closing quote, or the end of the line
      ++at;
      while (at != last && *at != '"' && *at != '\n') {
        if (*at == '\\' && at + 1 != last) ++at;
        ++at;
      }
      if (at == last) break;
      if (*at == '\n') line_start = true;
    } else if (c == '#' || (c == '/' && at + 1 != last && at[1] == '/')) {
      while (at + 1 != last && at[1] != '\n') ++at;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth == 0 && at >= where && at != start) return at;
      if (depth > 0) --depth;
    }
  }
  return last;
}

// The rule whose failures are reported by its on_error handler (the standard's header): the
// statements inside recover by themselves (StatementList).
struct ErrorReporter : SpanAnnotator {
  template <typename It, typename Exc, typename Ctx>
  x3::error_handler_result on_error(It&, It const& last, Exc const& x, Ctx const& ctx) const {
    try {
      ReportExpected(x3::get<state_tag>(ctx).get(), x.where(), last, x.which());
    } catch (const TooManyErrors&) {
    }
    return x3::error_handler_result::fail;
  }
};

KeywordParser kw(std::string_view word) { return KeywordParser(word); }

// ---- Rule IDs and declarations ----

#define RUBRIC_RULE(name, attr, description) \
  struct name##_class : SpanAnnotator {};    \
  const x3::rule<name##_class, attr> name = description;

// An argument of a call as parsed, before it is split into the call's args and clauses.
struct ParsedArgument {
  ast::Expr value;
  ast::ArgClauses clauses;
};

struct standard_class : ErrorReporter {};
const x3::rule<standard_class, ast::Standard> standard = "a standard";

RUBRIC_RULE(identifier, ast::Identifier, "a name")
RUBRIC_RULE(label, std::string, "a label in double quotes")
RUBRIC_RULE(number, double, "a number")
RUBRIC_RULE(signed_number, double, "a number")
RUBRIC_RULE(option_name, ast::Name, "a name or a quoted string")
RUBRIC_RULE(name_text, std::string, "a name or a quoted string")
RUBRIC_RULE(item, ast::Item, "a statement")
RUBRIC_RULE(base_ref, ast::BaseRef, "'extends NAME'")
RUBRIC_RULE(unit_decl, ast::UnitDecl, "a unit")
RUBRIC_RULE(remove_decl, ast::RemoveDecl, "a remove")
RUBRIC_RULE(change_decl, ast::ChangeDecl, "a change")
RUBRIC_RULE(names, std::vector<ast::Identifier>, "a name")
RUBRIC_RULE(close_brace, x3::unused_type, "a statement or '}'")
RUBRIC_RULE(close_grades, x3::unused_type, "a grade band or '}'")
RUBRIC_RULE(input_decl, ast::InputDecl, "an input")
RUBRIC_RULE(type_spec, ast::TypeSpec, "a type (bool, number, percent, integer, rank, enum or text)")
RUBRIC_RULE(unit, std::string, "a unit in brackets")
RUBRIC_RULE(bound, ast::Bound, "a bound")
RUBRIC_RULE(policy, ast::MissingPolicy,
            "a missing-data policy (default, exclude, unscorable or impute)")
RUBRIC_RULE(let_decl, ast::LetDecl, "a let")
RUBRIC_RULE(function_decl, ast::FunctionDecl, "a function")
RUBRIC_RULE(params, std::vector<ast::Identifier>, "a parameter name")
RUBRIC_RULE(node_decl, ast::NodeDecl, "a group or indicator")
RUBRIC_RULE(points_spec, ast::PointsSpec, "points")
RUBRIC_RULE(veto_decl, ast::VetoDecl, "a veto")
RUBRIC_RULE(rule_decl, ast::RuleDecl, "a rule")
RUBRIC_RULE(version_decl, ast::VersionDecl, "a version")
RUBRIC_RULE(total_decl, ast::TotalDecl, "a total")
RUBRIC_RULE(missing_decl, ast::MissingDecl, "a missing-data policy")
RUBRIC_RULE(grades_decl, ast::GradesDecl, "grades")
RUBRIC_RULE(grade_band, ast::GradeBand, "a grade band")
RUBRIC_RULE(band_rest, ast::GradeBand, "'>= NUMBER', 'otherwise' or 'when vetoed'")
RUBRIC_RULE(expr, ast::Expr, "an expression")
RUBRIC_RULE(if_expr, ast::IfExpr, "an if expression")
RUBRIC_RULE(or_expr, ast::Expr, "an expression")
RUBRIC_RULE(unary, ast::Expr, "an expression")
RUBRIC_RULE(neg_unary, ast::UnaryExpr, "an expression")
RUBRIC_RULE(primary, ast::Expr, "an expression")
RUBRIC_RULE(number_lit, ast::NumberLit, "a number")
RUBRIC_RULE(bool_lit, ast::BoolLit, "true or false")
RUBRIC_RULE(call, ast::Call, "a function call")
RUBRIC_RULE(callee, ast::Identifier, "a function name")
RUBRIC_RULE(argument, ParsedArgument, "an argument")
RUBRIC_RULE(option_argument, ParsedArgument, "an option (NAME NUMBER)")
RUBRIC_RULE(plain_argument, ParsedArgument, "an argument")
RUBRIC_RULE(option_word, ast::Identifier, "an option name")
RUBRIC_RULE(option_value, ast::NumberLit, "a number")
RUBRIC_RULE(arg_clauses, ast::ArgClauses, "'by NAME' or 'across periods'")
RUBRIC_RULE(missing_spec, ast::MissingDecl,
            "a missing-data policy (default, exclude, unscorable or impute)")
RUBRIC_RULE(impute_decl, ast::ImputeDecl,
            "an imputation method (cohort_mean, cohort_median, previous or a number)")
RUBRIC_RULE(signed_number_lit, ast::NumberLit, "a number")
RUBRIC_RULE(coverage_decl, ast::CoverageDecl, "a coverage")
RUBRIC_RULE(lookup_expr, ast::LookupExpr, "a lookup")
RUBRIC_RULE(lookup_entries, std::vector<ast::LookupEntry>, "an entry (OPTION: NUMBER)")
RUBRIC_RULE(lookup_entry, ast::LookupEntry, "an entry (OPTION: NUMBER)")
RUBRIC_RULE(piecewise_expr, ast::PiecewiseExpr, "a piecewise function")
RUBRIC_RULE(knots, std::vector<ast::Knot>, "a knot (X -> Y)")
RUBRIC_RULE(knot, ast::Knot, "a knot (X -> Y)")
RUBRIC_RULE(grade_name, ast::Name, "a name, a number or a quoted string")
RUBRIC_RULE(number_name, ast::Name, "a number")
RUBRIC_RULE(number_text, std::string, "a number")
RUBRIC_RULE(band_expr, ast::BandExpr, "a band")
RUBRIC_RULE(band_entries, std::vector<ast::BandEntry>,
            "a band (NAME <= NUMBER, NAME >= NUMBER or NAME otherwise)")
RUBRIC_RULE(band_entry, ast::BandEntry, "a band (NAME <= NUMBER, NAME >= NUMBER or NAME otherwise)")
RUBRIC_RULE(band_edge, ast::BandEntry, "'<= NUMBER', '>= NUMBER' or 'otherwise'")
RUBRIC_RULE(total_name, ast::Identifier, "total")
RUBRIC_RULE(aggregate_decl, ast::AggregateDecl, "an aggregation")
RUBRIC_RULE(weights_decl, ast::WeightsDecl, "weights")
RUBRIC_RULE(weight_term, ast::WeightTerm, "a source of weights (given, ahp, entropy or critic)")
RUBRIC_RULE(weight_terms, std::vector<ast::WeightTerm>, "a source of weights")
RUBRIC_RULE(ahp_row, ast::AhpRow, "a row of the comparison matrix (NAME: NUMBER ...)")
RUBRIC_RULE(ahp_entry, ast::AhpEntry, "a comparison (a number or P/Q)")
RUBRIC_RULE(node_weight, ast::NumberLit, "a weight")

#undef RUBRIC_RULE

// Semantic-action helpers: `set(&T::field)` stores the parsed attribute into the rule's value.
template <typename Member>
auto set(Member member) {
  return [member](auto& ctx) { x3::_val(ctx).*member = std::move(x3::_attr(ctx)); };
}
template <typename Member>
auto append(Member member) {
  return [member](auto& ctx) { (x3::_val(ctx).*member).push_back(std::move(x3::_attr(ctx))); };
}
template <typename Member, typename Value>
auto set_to(Member member, Value value) {
  return [member, value](auto& ctx) { x3::_val(ctx).*member = value; };
}

const IdentifierParser raw_identifier{};
const StringParser raw_string{};
const WordParser<bool> bool_word({{"true", true}, {"false", false}}, "true or false");
const WordParser<ast::NodeKind> node_kind({{"group", ast::NodeKind::kGroup},
                                           {"indicator", ast::NodeKind::kIndicator}},
                                          "'group' or 'indicator'");
const WordParser<ast::AggregateKind> aggregate_kind(
    {{"mean", ast::AggregateKind::kMean},
     {"geomean", ast::AggregateKind::kGeomean},
     {"hmean", ast::AggregateKind::kHmean},
     {"topsis", ast::AggregateKind::kTopsis}},
    "an aggregation (mean, geomean, hmean or topsis)");
const WordParser<ast::WeightMethod> cohort_weight_method({{"entropy", ast::WeightMethod::kEntropy},
                                                          {"critic", ast::WeightMethod::kCritic}},
                                                         "'entropy' or 'critic'");
const WordParser<ast::WeightCombination> weight_combination(
    {{"mean", ast::WeightCombination::kMean}, {"product", ast::WeightCombination::kProduct}},
    "'mean' or 'product'");
const WordParser<ast::RuleKind> rule_kind({{"score", ast::RuleKind::kScore},
                                           {"value", ast::RuleKind::kValue}},
                                          "'score' or 'value'");
const WordParser<ast::TypeKind> simple_type({{"bool", ast::TypeKind::kBool},
                                             {"number", ast::TypeKind::kNumber},
                                             {"percent", ast::TypeKind::kPercent},
                                             {"integer", ast::TypeKind::kInteger},
                                             {"rank", ast::TypeKind::kRank},
                                             {"text", ast::TypeKind::kText}},
                                            "a type");
const WordParser<ast::ImputeKind> impute_cohort_word({{"cohort_mean", ast::ImputeKind::kCohortMean},
                                                      {"cohort_median",
                                                       ast::ImputeKind::kCohortMedian}},
                                                     "cohort_mean or cohort_median");
const WordParser<ast::MissingPolicy> policy_word({{"default", ast::MissingPolicy::kDefault},
                                                  {"unscorable", ast::MissingPolicy::kUnscorable},
                                                  {"exclude", ast::MissingPolicy::kExclude}},
                                                 "a policy");

struct NegOp : x3::symbols<ast::UnaryOp> {
  NegOp() { add("-", ast::UnaryOp::kNeg); }
} const neg_op;
struct BoundOps : x3::symbols<ast::BoundKind> {
  BoundOps() { add(">=", ast::BoundKind::kAtLeast)("<=", ast::BoundKind::kAtMost); }
} const bound_op;

// ---- Rule definitions ----

// p, counted as one level of expression nesting; deeper than kMaxNesting throws TooDeep
// before recursing further, so no input can exhaust the stack.
template <typename Subject>
struct DepthGuard : x3::unary_parser<Subject, DepthGuard<Subject>> {
  using base_type = x3::unary_parser<Subject, DepthGuard<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr explicit DepthGuard(Subject const& subject) : base_type(subject) {}

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rcontext, Attr& attr) const {
    ParseState& state = x3::get<state_tag>(ctx).get();
    if (state.expression_depth >= kMaxNesting) throw TooDeep{first};
    ++state.expression_depth;
    const bool ok = this->subject.parse(first, last, ctx, rcontext, attr);
    --state.expression_depth;
    return ok;
  }
};
template <typename Subject>
DepthGuard<Subject> depth_guarded(Subject const& subject) {
  return DepthGuard<Subject>(subject);
}

// p, counted as a statement; one more than ParseLimits::max_statements throws.
template <typename Subject>
struct StatementCounter : x3::unary_parser<Subject, StatementCounter<Subject>> {
  using base_type = x3::unary_parser<Subject, StatementCounter<Subject>>;
  static bool const is_pass_through_unary = true;
  constexpr explicit StatementCounter(Subject const& subject) : base_type(subject) {}

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rcontext, Attr& attr) const {
    ParseState& state = x3::get<state_tag>(ctx).get();
    It at = first;
    x3::skip_over(at, last, ctx);
    if (!this->subject.parse(first, last, ctx, rcontext, attr)) return false;
    if (++state.statements > state.max_statements) {
      throw LimitExceeded{
          at, 0, "E0008",
          "the standard has more than " + std::to_string(state.max_statements) + " statements",
          "split the standard"};
    }
    return true;
  }
};
template <typename Subject>
StatementCounter<Subject> counted(Subject const& subject) {
  return StatementCounter<Subject>(subject);
}

// Rules with semantic actions do not pass their value to on_success (X3 hands it `unused`),
// so they record their span themselves: `located(p)` marks the start of p's first token
// (after the skipper) and the end of its last token. X3 passes a rule's value to every
// parser in its definition as `rcontext`, which is where the marks write.
template <bool kBegin>
struct SpanMark : x3::parser<SpanMark<kBegin>> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const&, Ctx const& ctx, RCtx& rcontext, Attr&) const {
    if constexpr (std::is_base_of_v<ast::Located, RCtx>) {
      const ParseState& state = x3::get<state_tag>(ctx).get();
      if constexpr (kBegin) {
        It at = first;
        x3::skip_over(at, state.end, ctx);
        rcontext.begin = state.Offset(at);
      } else {
        const char* begin = state.begin + (rcontext.begin - state.first_offset);
        rcontext.end = state.Offset(state.TrimEnd(std::min<const char*>(begin, first), first));
      }
    }
    return true;
  }
};
const SpanMark<true> mark_begin{};
const SpanMark<false> mark_end{};
template <typename Parser>
auto located(Parser parser) {
  return mark_begin >> parser >> mark_end;
}

// or_expr and the precedence levels below it, down to unary, by recursive descent in one
// parser. As one X3 rule per level, every operand would pass through ten rule invocations
// (each skipping blanks and moving its attribute) and five failed operator tries; here a
// level without an operator costs a function call. The tree is the one the grammar in the
// comments below describes: a level without operators is its operand, passed up as it is
// (no chain node per level); a level with operators is a Chain, spanning its first token to
// its last, of Operations (which have no span of their own); `not` is a UnaryExpr. An
// operator not followed by an operand is "expected an expression" just after the operator.
struct OperatorExpr : x3::parser<OperatorExpr> {
  using attribute_type = ast::Expr;

  enum Level { kOr, kAnd, kNot, kComparison, kSum, kProduct, kUnary };

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    ast::Expr value;
    if (!Parse(kOr, first, last, ctx, value)) return false;
    x3::traits::move_to(std::move(value), attr);
    return true;
  }

 private:
  // The operator of a chain level at `at` (after blanks and comments), moving `at` past it;
  // nullopt (and `at` anywhere) when there is none.
  template <typename Ctx>
  static std::optional<ast::BinaryOp> Operator(Level level, const char*& at, const char* last,
                                               Ctx const& ctx) {
    x3::skip_over(at, last, ctx);
    if (at == last) return std::nullopt;
    const char c = *at;
    const char next = last - at >= 2 ? at[1] : '\0';
    auto take = [&at](std::size_t n, ast::BinaryOp op) {
      at += n;
      return std::optional<ast::BinaryOp>(op);
    };
    switch (level) {
      case kOr:
      case kAnd: {
        const std::size_t n = WordAt(at, last, ctx);
        if (std::string_view(at, n) != (level == kOr ? "or" : "and")) return std::nullopt;
        return take(n, level == kOr ? ast::BinaryOp::kOr : ast::BinaryOp::kAnd);
      }
      case kComparison:  // the longest of == != <= >= < >
        if (c == '=' && next == '=') return take(2, ast::BinaryOp::kEq);
        if (c == '!' && next == '=') return take(2, ast::BinaryOp::kNe);
        if (c == '<')
          return next == '=' ? take(2, ast::BinaryOp::kLe) : take(1, ast::BinaryOp::kLt);
        if (c == '>')
          return next == '=' ? take(2, ast::BinaryOp::kGe) : take(1, ast::BinaryOp::kGt);
        return std::nullopt;
      case kSum:
        if (c == '+') return take(1, ast::BinaryOp::kAdd);
        if (c == '-') return take(1, ast::BinaryOp::kSub);
        return std::nullopt;
      case kProduct:
        if (c == '*') return take(1, ast::BinaryOp::kMul);
        if (c == '/') return take(1, ast::BinaryOp::kDiv);
        return std::nullopt;
      default:
        return std::nullopt;
    }
  }

  // The span a rule starting at `first` and stopping at `end` records.
  template <typename Ctx>
  static void Locate(const char* first, const char* end, const char* last, Ctx const& ctx,
                     ast::Located* node) {
    const ParseState& state = x3::get<state_tag>(ctx).get();
    x3::skip_over(first, last, ctx);
    node->begin = state.Offset(first);
    node->end = state.Offset(state.TrimEnd(first, end));
  }

  [[noreturn]] static void ExpectOperand(const char* at) {
    boost::throw_exception(x3::expectation_failure<const char*>(at, "an expression"));
  }

  // An expression of `level` at `first` into `out`, moving `first` past it; false (with
  // `first` as it was, and `out` undefined) when none starts there.
  template <typename Ctx>
  static bool Parse(Level level, const char*& first, const char* last, Ctx const& ctx,
                    ast::Expr& out) {
    const char* at = first;
    if (level == kUnary) {
      // unary -> "-" unary | primary
      if (!unary.parse(at, last, ctx, x3::unused, out)) return false;
      first = at;
      return true;
    }
    if (level == kNot) {
      // not_expr -> "not" not_expr | comparison
      const char* word = at;
      x3::skip_over(word, last, ctx);
      const std::size_t n = WordAt(word, last, ctx);
      if (std::string_view(word, n) != "not") return Parse(kComparison, first, last, ctx, out);
      at = word + n;
      ast::UnaryExpr negation;
      negation.op = ast::UnaryOp::kNot;
      if (!Parse(kNot, at, last, ctx, negation.operand)) ExpectOperand(at);
      Locate(first, at, last, ctx, &negation);
      out = std::move(negation);
      first = at;
      return true;
    }
    // or_expr -> and_expr { "or" and_expr }
    // and_expr -> not_expr { "and" not_expr }
    // comparison -> sum { ("==" | "!=" | "<=" | ">=" | "<" | ">") sum }   (longer chains are
    // rejected by the semantic pass) sum -> product { ("+" | "-") product } product -> unary { ("*"
    // | "/") unary }
    const auto operand_level = static_cast<Level>(level + 1);
    if (!Parse(operand_level, at, last, ctx, out)) return false;
    const char* after = at;
    std::optional<ast::BinaryOp> op = Operator(level, after, last, ctx);
    if (!op) {
      first = at;
      return true;
    }
    ast::Chain chain;
    chain.first = std::move(out);
    while (op) {
      ast::Operation operation;
      operation.op = *op;
      if (!Parse(operand_level, after, last, ctx, operation.operand)) ExpectOperand(after);
      chain.rest.push_back(std::move(operation));
      at = after;
      op = Operator(level, after, last, ctx);
    }
    Locate(first, at, last, ctx, &chain);
    out = std::move(chain);
    first = at;
    return true;
  }
} const operator_expr{};

// call | identifier, reading the name once: a name followed by '(' is a call (read by the
// call rule from the name on), else the name alone. A word that is no identifier may still
// name a call (`missing`, a keyword).
struct NameOrCall : x3::parser<NameOrCall> {
  using attribute_type = ast::Expr;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    const char* at = first;
    ast::Identifier name;
    if (identifier.parse(at, last, ctx, x3::unused, name)) {
      const char* next = at;
      x3::skip_over(next, last, ctx);
      if (next == last || *next != '(') {
        x3::traits::move_to(ast::Expr(std::move(name)), attr);
        first = at;
        return true;
      }
    }
    ast::Call parsed;
    at = first;
    if (!call.parse(at, last, ctx, x3::unused, parsed)) return false;
    x3::traits::move_to(ast::Expr(std::move(parsed)), attr);
    first = at;
    return true;
  }
} const name_or_call{};

// { item }, up to (not including) the `}` that closes the block or the end of the text. A
// statement that does not parse is reported and skipped (Resynchronise), and the list goes
// on with the next one, so that one run reports every syntax error.
struct StatementList : x3::parser<StatementList> {
  using attribute_type = std::vector<ast::Item>;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rcontext, Attr& attr) const {
    ParseState& state = x3::get<state_tag>(ctx).get();
    while (true) {
      const It before = first;  // an error at the block's end points just after its text
      x3::skip_over(first, last, ctx);
      if (first != last && *first == ';') {  // `;` may separate statements on one line
        ++first;
        continue;
      }
      if (first == last || *first == '}') {
        first = before;
        return true;
      }
      const It start = first;
      It failed_at = start;
      try {
        ast::Item statement;
        if (item.parse(first, last, ctx, rcontext, statement)) {
          attr.push_back(std::move(statement));
          continue;
        }
        ReportExpected(state, start, last, "a statement or '}'");
      } catch (const x3::expectation_failure<It>& failure) {
        failed_at = failure.where();
        ReportExpected(state, failed_at, last, failure.which());
      }
      first = Resynchronise(start, failed_at, last);
    }
  }
} const statements{};

// identifier -> (letter | '_' | non-ASCII) { letter | digit | '_' | non-ASCII }, not a keyword
const auto identifier_def = located(raw_identifier[set(&ast::Identifier::name)]);
// label -> '"' { char | escape } '"'
const auto label_def = raw_string;
const auto number_def = unsigned_number;
const auto signed_number_def = signed_number_p;
// option_name -> identifier | label
const auto option_name_def = located(name_text[set(&ast::Name::text)]);
const auto name_text_def = raw_identifier | raw_string;

// standard -> "standard" identifier [label] [base_ref] "{" { item } "}"
const auto standard_def =
    located(x3::eps > kw("standard") > identifier[set(&ast::Standard::name)] >
            -label[set(&ast::Standard::title)] > -base_ref[set(&ast::Standard::base)] > '{' >
            statements[set(&ast::Standard::body)] > close_brace);
// base_ref -> "extends" identifier [ "from" label ]
const auto base_ref_def = located(kw("extends") > identifier[set(&ast::BaseRef::name)] >
                                  -(kw("from") > label[set(&ast::BaseRef::path)]));
const auto close_brace_def = x3::lit('}');
const auto close_grades_def = x3::lit('}');
// item -> input | let | function | group | indicator | veto | rule | version | total
//       | missing | coverage | grades | unit | remove | change | aggregate | weights
const auto item_def =
    counted(input_decl | let_decl | function_decl | node_decl | veto_decl | rule_decl |
            version_decl | total_decl | missing_decl | coverage_decl | grades_decl | unit_decl |
            remove_decl | change_decl | aggregate_decl | weights_decl);
// unit_decl -> "unit" unit [ "=" number unit ]
const auto unit_decl_def =
    located(kw("unit") > unit[set(&ast::UnitDecl::name)] >
            -('=' > number[set(&ast::UnitDecl::factor)] > unit[set(&ast::UnitDecl::base)]));
// remove -> "remove" identifier { "," identifier }
const auto remove_decl_def = located(kw("remove") > names[set(&ast::RemoveDecl::names)]);
const auto names_def = identifier % ',';
// change -> "change" identifier [label] [points] [ "=" expr ] [ "{" { item } "}" ]
const auto change_decl_def = located(
    kw("change") > identifier[set(&ast::ChangeDecl::name)] > -label[set(&ast::ChangeDecl::label)] >
    -points_spec[set(&ast::ChangeDecl::points)] > -('=' > expr[set(&ast::ChangeDecl::value)]) >
    -('{' > statements[set(&ast::ChangeDecl::body)] > close_brace));

// input -> "input" identifier [label] ":" type [ "missing" missing_spec ]
const auto input_missing = [](auto& ctx) {
  ast::MissingDecl& spec = x3::_attr(ctx);
  x3::_val(ctx).missing = spec.policy;
  x3::_val(ctx).impute = std::move(spec.impute);
};
const auto input_decl_def = located(
    kw("input") > identifier[set(&ast::InputDecl::name)] > -label[set(&ast::InputDecl::label)] >
    ':' > type_spec[set(&ast::InputDecl::type)] > -(kw("missing") > missing_spec[input_missing]));
// missing_spec -> "impute" impute_method | policy
const auto missing_spec_def =
    located((kw("impute")[set_to(&ast::MissingDecl::policy, ast::MissingPolicy::kImpute)] >
             impute_decl[set(&ast::MissingDecl::impute)]) |
            policy[set(&ast::MissingDecl::policy)]);
// impute_method -> ("cohort_mean" | "cohort_median") [ "by" identifier ]
//                | "previous" [number] | signed_number [unit]
const auto impute_decl_def =
    located(signed_number_lit[set(&ast::ImputeDecl::constant)] |
            (kw("previous")[set_to(&ast::ImputeDecl::kind, ast::ImputeKind::kPrevious)] >>
             -signed_number[set(&ast::ImputeDecl::look_back)]) |
            (impute_cohort_word[set(&ast::ImputeDecl::kind)] >
             -(kw("by") > identifier[set(&ast::ImputeDecl::by)])));
const auto signed_number_lit_def =
    located(signed_number[set(&ast::NumberLit::value)] >> -unit[set(&ast::NumberLit::unit)]);
// type -> simple_type [unit] { bound } | "enum" "{" option { "," option } "}"
const auto type_spec_def =
    located((simple_type[set(&ast::TypeSpec::kind)] >> -unit[set(&ast::TypeSpec::unit)] >>
             *bound[append(&ast::TypeSpec::bounds)]) |
            (kw("enum")[set_to(&ast::TypeSpec::kind, ast::TypeKind::kEnum)] > '{' >
             (option_name[append(&ast::TypeSpec::options)] % ',') > '}'));
// unit -> "[" { any character but "]" } "]"
const auto unit_def = x3::lexeme['[' > *(x3::char_ - ']' - x3::eol) > ']'];
// bound -> (">=" | "<=") signed_number
const auto bound_def = bound_op > signed_number;
// policy -> "default" | "exclude" | "unscorable"
const auto policy_def = policy_word;

// let -> "let" identifier [label] "=" expr
const auto let_decl_def =
    located(-(kw("output") >> &kw("let"))[set_to(&ast::LetDecl::output, true)] >> kw("let") >
            identifier[set(&ast::LetDecl::name)] > -label[set(&ast::LetDecl::label)] > '=' >
            expr[set(&ast::LetDecl::value)]);
// function -> "function" identifier [label] "(" [ identifier { "," identifier } ] ")" "=" expr
const auto function_decl_def = located(kw("function") > identifier[set(&ast::FunctionDecl::name)] >
                                       -label[set(&ast::FunctionDecl::label)] > '(' >
                                       -params[set(&ast::FunctionDecl::params)] > ')' > '=' >
                                       expr[set(&ast::FunctionDecl::body)]);
const auto params_def = identifier % ',';
// node -> ("group" | "indicator") identifier [label] [points] [ "weight" number ] [ "cost" ]
//         [ "{" { item } "}" ]
const auto node_decl_def = located(
    node_kind[set(&ast::NodeDecl::kind)] > identifier[set(&ast::NodeDecl::name)] >
    -label[set(&ast::NodeDecl::label)] > -points_spec[set(&ast::NodeDecl::points)] >
    -node_weight[set(&ast::NodeDecl::weight)] > -kw("cost")[set_to(&ast::NodeDecl::cost, true)] >
    -('{' > statements[set(&ast::NodeDecl::body)] > close_brace));
const auto node_weight_def = kw("weight") > signed_number_lit;
// points -> "points" number [ "normalize" ]
const auto points_spec_def = located(kw("points") > signed_number[set(&ast::PointsSpec::value)] >
                                     -kw("normalize")[set_to(&ast::PointsSpec::normalize, true)]);
// veto -> "veto" [identifier] [label] "when" expr
const auto veto_decl_def =
    located(kw("veto") > -identifier[set(&ast::VetoDecl::name)] >
            -label[set(&ast::VetoDecl::label)] > kw("when") > expr[set(&ast::VetoDecl::condition)]);
// rule -> ("score" | "value") expr
const auto rule_decl_def =
    located(rule_kind[set(&ast::RuleDecl::kind)] > expr[set(&ast::RuleDecl::expr)]);
// version -> "version" label
const auto version_decl_def = located(kw("version") > label[set(&ast::VersionDecl::text)]);
// total -> "total" number
const auto total_decl_def = located(kw("total") > number[set(&ast::TotalDecl::value)]);
// missing -> "missing" missing_spec
const auto copy_missing = [](auto& ctx) {
  x3::_val(ctx).policy = x3::_attr(ctx).policy;
  x3::_val(ctx).impute = std::move(x3::_attr(ctx).impute);
};
const auto missing_decl_def = located(kw("missing") > missing_spec[copy_missing]);
// coverage -> "coverage" ">=" number "%"
const auto coverage_decl_def =
    located(kw("coverage") > ">=" > number[set(&ast::CoverageDecl::percent)] > '%');
// aggregate -> "aggregate" ("mean" | "geomean" | "hmean" | "topsis") [ "by" identifier ]
//              [ "across" "periods" ]
const auto aggregate_decl_def =
    located(kw("aggregate") > aggregate_kind[set(&ast::AggregateDecl::kind)] >
            -(kw("by") > identifier[set(&ast::AggregateDecl::by)]) >
            -(kw("across") > kw("periods"))[set_to(&ast::AggregateDecl::across_periods, true)]);
// weights -> "weights" ( ("mean" | "product") "(" term { "," term } ")" | term )
const auto weights_decl_def =
    located(kw("weights") > ((weight_combination[set(&ast::WeightsDecl::combination)] >> '(' >
                              weight_terms[set(&ast::WeightsDecl::terms)] > ')') |
                             weight_term[append(&ast::WeightsDecl::terms)]));
const auto weight_terms_def = weight_term % ',';
// term -> "given" | ("entropy" | "critic") [ "by" identifier ] [ "across" "periods" ]
//       | "ahp" { identifier } "{" { row } "}"
const auto weight_term_def =
    located(kw("given")[set_to(&ast::WeightTerm::method, ast::WeightMethod::kGiven)] |
            (cohort_weight_method[set(&ast::WeightTerm::method)] >
             -(kw("by") > identifier[set(&ast::WeightTerm::by)]) >
             -(kw("across") > kw("periods"))[set_to(&ast::WeightTerm::across_periods, true)]) |
            (kw("ahp")[set_to(&ast::WeightTerm::method, ast::WeightMethod::kAhp)] >
             *identifier[append(&ast::WeightTerm::options)] > '{' >
             *ahp_row[append(&ast::WeightTerm::rows)] > '}'));
// row -> identifier ":" entry { entry }
const auto ahp_row_def =
    located(identifier[set(&ast::AhpRow::name)] > ':' > +ahp_entry[append(&ast::AhpRow::entries)]);
// entry -> number [ "/" number ]
const auto ahp_entry_def = located(number[set(&ast::AhpEntry::numerator)] >>
                                   -('/' > number[set(&ast::AhpEntry::denominator)]));
// grades -> "grades" [ "(" "tolerance" number ")" ] "{" { band } "}"
const auto grades_decl_def = located(
    kw("grades") > -('(' > kw("tolerance") > number[set(&ast::GradesDecl::tolerance)] > ')') > '{' >
    *grade_band[append(&ast::GradesDecl::bands)] > close_grades);
// band -> option_name ( ">=" number | "otherwise" | "when" "vetoed" )
const auto copy_band_rest = [](auto& ctx) {
  x3::_val(ctx).kind = x3::_attr(ctx).kind;
  x3::_val(ctx).min = x3::_attr(ctx).min;
};
const auto grade_band_def =
    located(grade_name[set(&ast::GradeBand::name)] > band_rest[copy_band_rest]);
// grade_name -> identifier | label | number (kept as written: `1`, `2.5`)
const auto grade_name_def = number_name | option_name;
const auto number_name_def = located(number_text[set(&ast::Name::text)]);
const auto take_text = [](auto& ctx) {
  x3::_val(ctx).assign(x3::_attr(ctx).begin(), x3::_attr(ctx).end());
};
const auto number_text_def = x3::raw[unsigned_number][take_text];
const auto band_rest_def =
    (x3::lit(">=") > signed_number[set(&ast::GradeBand::min)] >
     x3::eps[set_to(&ast::GradeBand::kind, ast::BandKind::kAtLeast)]) |
    kw("otherwise")[set_to(&ast::GradeBand::kind, ast::BandKind::kOtherwise)] |
    (kw("when") > kw("vetoed"))[set_to(&ast::GradeBand::kind, ast::BandKind::kVetoed)];

// expr -> if_expr | or_expr
const auto expr_def = depth_guarded(if_expr | or_expr);
// if_expr -> "if" expr "then" expr "else" expr
const auto if_expr_def = kw("if") > expr > kw("then") > expr > kw("else") > expr;
// or_expr -> and_expr { "or" and_expr }, and the levels below it (OperatorExpr)
const auto or_expr_def = operator_expr;
// unary -> "-" unary | primary
const auto unary_def = neg_unary | primary;
const auto neg_unary_def = neg_op > unary;
// primary -> number | true | false | lookup | piecewise | band | call | identifier | total
//          | "(" expr ")"
// (call and identifier: NameOrCall)
const auto primary_alternatives = number_lit | bool_lit | lookup_expr | piecewise_expr | band_expr |
                                  name_or_call | total_name | ('(' > expr > ')');

// primary_alternatives, trying only those that can match: a word (most operands) is never a
// number or a bracket, and which word it is decides among the rest. Anything else (a number,
// a bracket, a word that may be a band or a call) goes through the alternatives in order.
struct PrimaryExpr : x3::parser<PrimaryExpr> {
  using attribute_type = ast::Expr;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx& rcontext, Attr& attr) const {
    const char* at = first;
    x3::skip_over(at, last, ctx);
    const std::size_t n = at == last ? 0 : WordAt(at, last, ctx);
    const std::string_view word(at, n);
    if (n == 0 || word == "band") {
      return primary_alternatives.parse(first, last, ctx, rcontext, attr);
    }
    if (word == "true" || word == "false")
      return As<ast::BoolLit>(bool_lit, first, last, ctx, attr);
    if (word == "lookup") return As<ast::LookupExpr>(lookup_expr, first, last, ctx, attr);
    if (word == "piecewise") return As<ast::PiecewiseExpr>(piecewise_expr, first, last, ctx, attr);
    if (word == "total") return As<ast::Identifier>(total_name, first, last, ctx, attr);
    return name_or_call.parse(first, last, ctx, rcontext, attr);
  }

 private:
  template <typename Node, typename Rule, typename Ctx, typename Attr>
  static bool As(const Rule& rule, const char*& first, const char* last, Ctx const& ctx,
                 Attr& attr) {
    Node node;
    if (!rule.parse(first, last, ctx, x3::unused, node)) return false;
    x3::traits::move_to(ast::Expr(std::move(node)), attr);
    return true;
  }
} const primary_expr{};
const auto primary_def = primary_expr;
// total_name -> "total" (the standard's value, in an expression)
const auto name_total = [](auto& ctx) { x3::_val(ctx).name = "total"; };
const auto total_name_def = located(kw("total")[name_total]);
// band -> "band" "(" expr ")" "{" band_entry { band_entry } "}"   (`band` is not reserved:
// without the braces, `band(x)` is a call)
const auto band_expr_def =
    located(kw("band") >> '(' >> expr[set(&ast::BandExpr::subject)] >>
            -(',' >> kw("tolerance") > number[set(&ast::BandExpr::tolerance)]) >> ')' >> '{' >
            band_entries[set(&ast::BandExpr::entries)] > '}');
const auto band_entries_def = +band_entry;
// band_entry -> grade_name ( "<=" signed_number | ">=" signed_number | "otherwise" )
const auto numeric_band_name = [](auto& ctx) {
  x3::_val(ctx).name = std::move(x3::_attr(ctx));
  x3::_val(ctx).numeric = true;
};
const auto copy_band_edge = [](auto& ctx) {
  x3::_val(ctx).edge = x3::_attr(ctx).edge;
  x3::_val(ctx).bound = x3::_attr(ctx).bound;
};
const auto band_entry_def =
    located((number_name[numeric_band_name] | option_name[set(&ast::BandEntry::name)]) >
            band_edge[copy_band_edge]);
const auto band_edge_def =
    (x3::lit("<=") > signed_number[set(&ast::BandEntry::bound)] >
     x3::eps[set_to(&ast::BandEntry::edge, ast::BandEdge::kAtMost)]) |
    (x3::lit(">=") > signed_number[set(&ast::BandEntry::bound)] >
     x3::eps[set_to(&ast::BandEntry::edge, ast::BandEdge::kAtLeast)]) |
    kw("otherwise")[set_to(&ast::BandEntry::edge, ast::BandEdge::kOtherwise)];
// number_lit -> number [unit]
const auto number_lit_def =
    located(number[set(&ast::NumberLit::value)] >> -unit[set(&ast::NumberLit::unit)]);
const auto bool_lit_def = located(bool_word[set(&ast::BoolLit::value)]);
// call -> callee "(" [ argument { "," argument } ] ")"
const auto push_argument = [](auto& ctx) {
  ast::Call& call = x3::_val(ctx);
  ParsedArgument& argument = x3::_attr(ctx);
  if (!argument.clauses.empty()) {
    call.clauses.resize(call.args.size());
    call.clauses.push_back(std::move(argument.clauses));
  } else if (!call.clauses.empty()) {
    call.clauses.emplace_back();
  }
  call.args.push_back(std::move(argument.value));
};
const auto call_def =
    located(callee[set(&ast::Call::callee)] >> '(' > -(argument[push_argument] % ',') > ')');
// callee -> identifier | "missing" (a keyword, and the name of a function)
// (With an action in the rule, X3 does not pass attributes up by itself.)
const auto take_name = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
const auto name_missing = [](auto& ctx) { x3::_val(ctx).name = "missing"; };
const auto callee_def = identifier[take_name] | located(kw("missing")[name_missing]);
// argument -> option_word number | expr [ "by" identifier ] [ "across" "periods" ]
// (An unsigned number: `b -1` is the expression b - 1.)
const auto argument_def = option_argument | plain_argument;
const auto store_option = [](auto& ctx) {
  ast::Identifier& word = boost::fusion::at_c<0>(x3::_attr(ctx));
  ast::NumberLit& value = boost::fusion::at_c<1>(x3::_attr(ctx));
  ast::ArgClauses& clauses = x3::_val(ctx).clauses;
  clauses.option = std::move(word.name);
  clauses.begin = word.begin;
  clauses.end = value.end;
  x3::_val(ctx).value = std::move(value);
};
const auto option_argument_def = (option_word >> option_value)[store_option];
const auto name_points = [](auto& ctx) { x3::_val(ctx).name = "points"; };
const auto option_word_def =
    located(kw("points")[name_points] | raw_identifier[set(&ast::Identifier::name)]);
const auto option_value_def = located(number[set(&ast::NumberLit::value)]);
const auto plain_argument_def =
    expr[set(&ParsedArgument::value)] >> arg_clauses[set(&ParsedArgument::clauses)];
const auto arg_clauses_def =
    located(-(kw("by") > identifier[set(&ast::ArgClauses::by)]) >>
            -(kw("across") > kw("periods"))[set_to(&ast::ArgClauses::across_periods, true)]);
// lookup -> "lookup" "(" expr ")" "{" entry { "," entry } "}"
const auto lookup_expr_def = kw("lookup") > '(' > expr > ')' > '{' > lookup_entries > '}';
const auto lookup_entries_def = lookup_entry % ',';
// entry -> option_name ":" signed_number
const auto lookup_entry_def = option_name > ':' > signed_number;
// piecewise -> "piecewise" "(" expr ")" "{" knot { "," knot } "}"
const auto piecewise_expr_def = kw("piecewise") > '(' > expr > ')' > '{' > knots > '}';
const auto knots_def = knot % ',';
// knot -> signed_number "->" signed_number
const auto knot_def = signed_number > "->" > signed_number;

BOOST_SPIRIT_DEFINE(standard, identifier, label, number, signed_number, option_name, name_text,
                    item, base_ref, unit_decl, remove_decl, names, change_decl, close_brace,
                    close_grades, input_decl, type_spec, unit, bound, policy, let_decl, node_decl,
                    points_spec, veto_decl, rule_decl, version_decl, total_decl, missing_decl,
                    grades_decl, grade_band, band_rest, expr, if_expr, or_expr, unary, neg_unary,
                    primary, number_lit, bool_lit, call, callee, lookup_expr, lookup_entries,
                    lookup_entry, piecewise_expr, knots, knot)
BOOST_SPIRIT_DEFINE(grade_name, number_name, number_text, band_expr, band_entries, band_entry,
                    band_edge, total_name)
BOOST_SPIRIT_DEFINE(argument, option_argument, plain_argument, option_word, option_value,
                    arg_clauses, missing_spec, impute_decl, signed_number_lit, coverage_decl,
                    function_decl, params)
BOOST_SPIRIT_DEFINE(aggregate_decl, weights_decl, weight_term, weight_terms, ahp_row, ahp_entry,
                    node_weight)

// Whitespace and comments (`// ...` and `# ...` to the end of the line), all of it in one
// call: X3 runs the skipper before every token it tries, so it must be a tight loop. It
// returns false (X3 calls a skipper until it fails) having skipped all there is, and it
// remembers where its last call started and stopped: every alternative tried at one place
// skips the same blanks again, and then finds the end at once.
//
// The skipper is also the comments channel: it records each comment it passes in
// `comments`. Backtracking passes the same comments again; a comment is recorded only when it
// begins after the last one recorded, which keeps them in order and each once.
struct Skipper : x3::parser<Skipper> {
  using attribute_type = x3::unused_type;
  const ParseState* state = nullptr;
  std::vector<ast::Comment>* comments = nullptr;
  mutable const char* last_start = nullptr;
  mutable const char* last_end = nullptr;
  mutable const char* word_at = nullptr;  // WordAt's last question and answer
  mutable std::size_t word_length = 0;

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const&, RCtx&, Attr&) const {
    if (first == last_start) {
      first = last_end;
      return false;
    }
    const It start = first;
    while (first != last) {
      const char c = *first;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++first;
      } else if (c == '#' || (c == '/' && last - first >= 2 && first[1] == '/')) {
        const It comment = first;
        while (first != last && *first != '\n' && *first != '\r') ++first;
        Record(comment, first);
      } else {
        break;
      }
    }
    last_start = start;
    last_end = first;
    return false;
  }

  void Record(const char* begin, const char* end) const {
    if (comments == nullptr) return;
    ast::Comment comment;
    comment.begin = state->Offset(begin);
    comment.end = state->Offset(end);
    if (!comments->empty() && comment.begin < comments->back().end) return;
    comments->push_back(comment);
  }
};

// Deepest nesting of (), {} and [] outside strings and comments, and where it first exceeds
// kMaxNesting. Checked before parsing so that hostile input cannot exhaust the stack.
std::optional<std::size_t> FindExcessiveNesting(std::string_view text) {
  // The bytes below only end a run of prefix operators: all but blanks, brackets, `-`, the
  // `n` of `not` and what starts a label or a comment.
  static constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    plain.fill(true);
    for (const char c : std::string_view(" \t\n\r-n\"#/([{)]}")) {
      plain[static_cast<unsigned char>(c)] = false;
    }
    return plain;
  }();
  int depth = 0;
  int prefix_run = 0;  // consecutive prefix operators (`-`, `not`): each nests one level
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (kPlain[static_cast<unsigned char>(c)]) {
      prefix_run = 0;
      continue;
    }
    if (c == '-' ||
        (c == 'n' && text.substr(i, 3) == "not" &&
         (i + 3 == text.size() || !std::isalnum(static_cast<unsigned char>(text[i + 3]))) &&
         (i == 0 || !std::isalnum(static_cast<unsigned char>(text[i - 1]))))) {
      if (++prefix_run > kMaxNesting) return i;
      if (c == 'n') i += 2;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '(') prefix_run = 0;
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '#' || (c == '/' && i + 1 < text.size() && text[i + 1] == '/')) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '(' || c == '{' || c == '[') {
      if (++depth > kMaxNesting) return i;
    } else if (c == ')' || c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

// CheckCharacters' findings, among the syntax errors in source order (up to `max_errors`).
void AddCharacterProblems(std::string_view source, const char* first, std::uint32_t first_offset,
                          std::size_t max_errors, ParseOutput* out) {
  std::vector<SyntaxError> errors;
  CheckCharacters(source, static_cast<std::size_t>(first - source.data()), first_offset, &errors,
                  &out->warnings);
  if (errors.empty()) return;
  for (SyntaxError& error : errors) {
    if (out->errors.size() >= max_errors) break;
    out->errors.push_back(std::move(error));
  }
  std::stable_sort(out->errors.begin(), out->errors.end(),
                   [](const SyntaxError& a, const SyntaxError& b) { return a.offset < b.offset; });
  out->standard.reset();
}

}  // namespace

bool IsKeyword(std::string_view word) {
  // Every keyword is lower-case ASCII: most names are told apart by their first byte, for
  // every name the parser reads.
  static constexpr auto kFirstBytes = [] {
    std::array<bool, 256> first{};
    for (std::string_view keyword : detail::kKeywords) {
      first[static_cast<unsigned char>(keyword.front())] = true;
    }
    return first;
  }();
  if (word.empty() || !kFirstBytes[static_cast<unsigned char>(word.front())]) return false;
  return std::find(detail::kKeywords.begin(), detail::kKeywords.end(), word) !=
         detail::kKeywords.end();
}

ParseOutput Parse(std::string_view source, const ParseLimits& limits, std::uint32_t first_offset) {
  ParseOutput out;
  // Offsets are 32-bit, whatever the limit says.
  const std::size_t max_bytes =
      std::min<std::size_t>({limits.max_source_bytes, std::size_t{0xFFFFFFF0u} - first_offset});
  auto error = [&](std::string code, std::size_t offset, std::uint32_t length, std::string message,
                   std::string hint) {
    out.errors.push_back({std::move(code), first_offset + static_cast<std::uint32_t>(offset),
                          length, std::move(message), std::move(hint)});
  };
  if (source.size() > max_bytes) {
    error("E0005", 0, 0,
          "the source is larger than " + std::to_string(max_bytes >> 20) + " MiB (" +
              std::to_string(source.size()) + " bytes)",
          "split the standard");
    return out;
  }
  if (auto bad = utf8::FindInvalid(source)) {
    error("E0001", *bad, 1, "invalid UTF-8 byte sequence", "save the file as UTF-8");
    return out;
  }
  if (auto deep = FindExcessiveNesting(source)) {
    error("E0004", *deep, 1,
          "brackets or prefix operators nest more than " + std::to_string(kMaxNesting) + " deep",
          "split the expression with `let` definitions");
    return out;
  }
  Iterator first = source.data();
  const Iterator last = source.data() + source.size();
  if (source.substr(0, 3) == "\xEF\xBB\xBF") first += 3;  // byte-order mark
  const Iterator body = first;

  ParseState state{source.data(), last, first_offset, &out.errors};
  state.max_statements = limits.max_statements;
  state.max_errors = std::max<std::size_t>(limits.max_errors, 1);
  Skipper skipper;
  skipper.state = &state;
  skipper.comments = &out.comments;
  state.comments = &out.comments;
  ast::Standard result;
  bool fatal = false;  // a limit or the nesting: nothing else is reported
  try {
    const auto parser = x3::with<state_tag>(std::ref(state))[standard];
    const bool ok = x3::phrase_parse(first, last, parser, skipper, result);
    if (ok) {
      x3::phrase_parse(first, last, x3::eps, skipper);  // trailing whitespace and comments
      if (first != last) {
        error("E0003", static_cast<std::size_t>(first - source.data()), 1,
              "unexpected text after the end of the standard",
              "a file holds one standard; check the braces above");
      } else if (out.errors.empty()) {
        out.standard = std::move(result);
      }
    } else if (out.errors.empty()) {
      error("E0002", static_cast<std::size_t>(first - source.data()), 0, "expected a standard", "");
    }
  } catch (const x3::expectation_failure<Iterator>& failure) {
    error("E0002", static_cast<std::size_t>(failure.where() - source.data()), 0,
          "expected " + failure.which(), "");
  } catch (const TooManyErrors&) {
    // The first max_errors errors are reported; the rest of the text is not read.
  } catch (const LimitExceeded& limit) {
    fatal = true;
    out.errors.clear();  // what backtracking reported on the way is not the problem
    error(limit.code, static_cast<std::size_t>(limit.where - source.data()), limit.length,
          limit.message, limit.hint);
  } catch (const TooDeep& deep) {
    fatal = true;
    out.errors.clear();  // what backtracking reported on the way down is not the problem
    error("E0004", static_cast<std::size_t>(deep.where - source.data()), 1,
          "expressions nest more than " + std::to_string(kMaxNesting) +
              " deep (each `if` inside another's `else` is one level)",
          "split the expression with `let` definitions");
  }
  if (!fatal) AddCharacterProblems(source, body, first_offset, state.max_errors, &out);
  return out;
}

}  // namespace rubric::grammar

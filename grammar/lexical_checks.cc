#include "lexical_checks.h"

#include <array>
#include <string>

#include "confusables.h"
#include "utf8.h"

namespace rubric::grammar {
namespace {

constexpr const char* kBidiHint =
    "remove it: it can make the text display in another order than rubric reads it";

bool IsWordCharacter(char32_t c) {
  return utf8::IsIdentifierContinue(c) || unicode::IsInvisible(c);
}

enum class ByteClass : unsigned char { kNameCharacter, kOther, kLook };

// How CharacterChecker::Run takes a byte: a name character, another byte it only passes
// (printable ASCII, line breaks, tabs: nothing invisible), or one to look at closely ('#',
// '/' and '"', which may start a comment or a label, other control characters, UTF-8).
constexpr std::array<ByteClass, 256> kByteClasses = [] {
  std::array<ByteClass, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const bool name =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    const bool printable = (c >= 0x20 && c <= 0x7e && c != '#' && c != '/' && c != '"') ||
                           c == '\n' || c == '\r' || c == '\t';
    classes[static_cast<std::size_t>(c)] = name        ? ByteClass::kNameCharacter
                                           : printable ? ByteClass::kOther
                                                       : ByteClass::kLook;
  }
  return classes;
}();

class CharacterChecker {
 public:
  CharacterChecker(std::string_view source, std::uint32_t first_offset,
                   std::vector<SyntaxError>* errors, std::vector<SyntaxError>* warnings)
      : source_(source), first_offset_(first_offset), errors_(errors), warnings_(warnings) {}

  void Run(std::size_t pos) {
    std::size_t word_begin = pos;  // where the run of name characters around `pos` began
    while (pos < source_.size()) {
      const char c = source_[pos];
      const ByteClass byte_class = kByteClasses[static_cast<unsigned char>(c)];
      if (byte_class == ByteClass::kNameCharacter) {
        ++pos;
        continue;
      }
      if (byte_class == ByteClass::kOther) {
        word_begin = ++pos;
        continue;
      }
      if (c == '#' || (c == '/' && pos + 1 < source_.size() && source_[pos + 1] == '/')) {
        pos = Comment(pos);
        word_begin = pos;
      } else if (c == '"') {
        pos = Label(pos);
        word_begin = pos;
      } else if (c == '/') {  // a division
        word_begin = ++pos;
      } else {
        std::size_t next = pos;
        const char32_t code_point = utf8::Decode(source_, &next);
        if (!IsWordCharacter(code_point)) {
          word_begin = next;
        } else if (unicode::IsInvisible(code_point)) {
          next = InvisibleInName(word_begin, pos, next);
          word_begin = next;
        }
        pos = next;
      }
    }
  }

 private:
  // A comment from `pos` to the end of its line; returns where it ends.
  std::size_t Comment(std::size_t pos) {
    while (pos < source_.size() && source_[pos] != '\n' && source_[pos] != '\r') {
      const std::size_t at = pos;
      const char32_t c = utf8::Decode(source_, &pos);
      if (unicode::IsBidiControl(c)) {
        Add(warnings_, "W0003", at, pos, "a comment contains " + unicode::Describe(c), kBidiHint);
      }
    }
    return pos;
  }

  // A label from its opening quote at `pos`; returns where it ends (after the closing quote,
  // or at the end of the line of an unterminated one, which the parser reports).
  std::size_t Label(std::size_t pos) {
    ++pos;
    while (pos < source_.size() && source_[pos] != '"' && source_[pos] != '\n') {
      if (source_[pos] == '\\') {
        pos += 2;
        continue;
      }
      if (source_[pos] == '\0') {
        Add(errors_, "E0011", pos, pos + 1, "a label contains a NUL character (U+0000)",
            "remove it: labels are passed on as C strings, which end at the first NUL");
      }
      const std::size_t at = pos;
      const char32_t c = utf8::Decode(source_, &pos);
      if (unicode::IsBidiControl(c)) {
        Add(warnings_, "W0003", at, pos, "a label contains " + unicode::Describe(c), kBidiHint);
      }
    }
    return pos < source_.size() && source_[pos] == '"' ? pos + 1 : pos;
  }

  // The invisible character at [at, next) in the name that began at `word_begin`: one error
  // for the name, at its first invisible character. Returns the end of the name.
  std::size_t InvisibleInName(std::size_t word_begin, std::size_t at, std::size_t next) {
    const std::size_t character_end = next;
    std::size_t end = next;
    while (end < source_.size()) {
      std::size_t after = end;
      if (!IsWordCharacter(utf8::Decode(source_, &after))) break;
      end = after;
    }
    std::size_t pos = at;
    const char32_t c = utf8::Decode(source_, &pos);
    Add(errors_, "E0010", at, character_end,
        "the name '" + std::string(source_.substr(word_begin, end - word_begin)) +
            "' contains an invisible character, " + unicode::Describe(c),
        "delete it: the name looks the same without it, but is another name");
    return end;
  }

  void Add(std::vector<SyntaxError>* out, const char* code, std::size_t begin, std::size_t end,
           std::string message, std::string hint) {
    SyntaxError e;
    e.code = code;
    e.offset = first_offset_ + static_cast<std::uint32_t>(begin);
    e.length = static_cast<std::uint32_t>(end - begin);
    e.message = std::move(message);
    e.hint = std::move(hint);
    out->push_back(std::move(e));
  }

  std::string_view source_;
  std::uint32_t first_offset_;
  std::vector<SyntaxError>* errors_;
  std::vector<SyntaxError>* warnings_;
};

}  // namespace

void CheckCharacters(std::string_view source, std::size_t start, std::uint32_t first_offset,
                     std::vector<SyntaxError>* errors, std::vector<SyntaxError>* warnings) {
  CharacterChecker(source, first_offset, errors, warnings).Run(start);
}

}  // namespace rubric::grammar

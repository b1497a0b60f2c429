// libFuzzer target, structure-aware: mutates valid standards (the seed corpus holds the
// bundled examples and the test standards) token by token, so that most inputs still parse
// and the fuzzer spends its time in the semantic checks, the planner and the evaluator
// rather than in the parser's error paths.
//
// Mutations: a number becomes another (0, -0, tiny, huge, negative, fractional); a name
// becomes another name of the same file (dangling references, cycles, type errors); an
// operator becomes another; a line is deleted, duplicated or swapped with another; and,
// rarely, libFuzzer's own byte mutations.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"

extern "C" std::size_t LLVMFuzzerMutate(std::uint8_t* data, std::size_t size, std::size_t max_size);

namespace {

enum class Kind { kSpace, kName, kNumber, kString, kComment, kOperator, kOther };

struct Token {
  Kind kind;
  std::string text;
};

bool NameByte(unsigned char c) {
  return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const auto c = static_cast<unsigned char>(s[i]);
    Kind kind = Kind::kOther;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
      kind = Kind::kSpace;
    } else if (c == '#' || (c == '/' && i + 1 < s.size() && s[i + 1] == '/')) {
      while (i < s.size() && s[i] != '\n') ++i;
      kind = Kind::kComment;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"' && s[i] != '\n'; ++i) {
        if (s[i] == '\\') ++i;
      }
      if (i < s.size()) ++i;
      kind = Kind::kString;
    } else if (c >= '0' && c <= '9') {
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
      kind = Kind::kNumber;
    } else if (NameByte(c)) {
      while (i < s.size() && NameByte(static_cast<unsigned char>(s[i]))) ++i;
      kind = Kind::kName;
    } else if (std::strchr("+-*/<>=!", c) != nullptr) {
      ++i;
      if (i < s.size() && (s[i] == '=' || s[i] == '>')) ++i;
      kind = Kind::kOperator;
    } else {
      ++i;
    }
    tokens.push_back({kind, std::string(s.substr(start, i - start))});
  }
  return tokens;
}

std::string Join(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) out += t.text;
  return out;
}

// Indices of the tokens of one kind.
std::vector<std::size_t> OfKind(const std::vector<Token>& tokens, Kind kind) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind == kind) found.push_back(i);
  }
  return found;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

std::string Mutate(const std::string& source, std::mt19937_64& random) {
  std::vector<Token> tokens = Tokenize(source);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  switch (random() % 6) {
    case 0: {  // a number becomes another
      static const char* const kNumbers[] = {"0",     "1",      "2",  "0.5",      "100",     "-1",
                                             "1e308", "1e-308", "-0", "99999999", "0.000001"};
      const std::vector<std::size_t> numbers = OfKind(tokens, Kind::kNumber);
      if (numbers.empty()) break;
      tokens[numbers[pick(numbers.size())]].text = kNumbers[pick(std::size(kNumbers))];
      return Join(tokens);
    }
    case 1:
    case 2: {  // a name becomes another name of the file
      const std::vector<std::size_t> names = OfKind(tokens, Kind::kName);
      if (names.size() < 2) break;
      tokens[names[pick(names.size())]].text = tokens[names[pick(names.size())]].text;
      return Join(tokens);
    }
    case 3: {  // an operator becomes another
      static const char* const kOperators[] = {"+", "-", "*", "/", "<", ">", "<=", ">=", "->"};
      const std::vector<std::size_t> operators = OfKind(tokens, Kind::kOperator);
      if (operators.empty()) break;
      tokens[operators[pick(operators.size())]].text = kOperators[pick(std::size(kOperators))];
      return Join(tokens);
    }
    default: {  // a line is deleted, duplicated or swapped
      std::vector<std::string> lines = Lines(source);
      if (lines.size() < 2) break;
      const std::size_t a = pick(lines.size());
      const std::size_t b = pick(lines.size());
      const int how = static_cast<int>(random() % 3);
      if (how == 0) {
        lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(a));
      } else if (how == 1) {
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(b), lines[a]);
      } else {
        std::swap(lines[a], lines[b]);
      }
      std::string out;
      for (const std::string& line : lines) out += line;
      return out;
    }
  }
  return source;
}

}  // namespace

extern "C" std::size_t LLVMFuzzerCustomMutator(std::uint8_t* data, std::size_t size,
                                               std::size_t max_size, unsigned int seed) {
  std::mt19937_64 random(seed);
  if (random() % 10 == 0) return LLVMFuzzerMutate(data, size, max_size);
  const std::string source(reinterpret_cast<const char*>(data), size);
  std::string mutated = Mutate(source, random);
  if (mutated.size() > max_size || mutated == source) {
    return LLVMFuzzerMutate(data, size, max_size);
  }
  std::memcpy(data, mutated.data(), mutated.size());
  return mutated.size();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rubric::fuzz::CompileAndExercise(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}

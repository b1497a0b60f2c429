#include "sema/lookalike_names.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "grammar/confusables.h"
#include "grammar/utf8.h"
#include "sema/syntax_access.h"

namespace rubric::sema {
namespace {

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::u32string Decode(std::string_view text) {
  std::u32string out;
  for (std::size_t pos = 0; pos < text.size();) out.push_back(utf8::Decode(text, &pos));
  return out;
}

// "NFD: 'e' followed by U+0301 COMBINING ACUTE ACCENT" or "NFC: U+00E9 LATIN SMALL LETTER E
// WITH ACUTE": the form of `name` at its first letter that normalisation changes.
std::string DescribeForm(std::string_view name) {
  std::size_t previous = 0;  // byte offset of the previous code point
  for (std::size_t pos = 0; pos < name.size();) {
    const std::size_t at = pos;
    const char32_t c = utf8::Decode(name, &pos);
    if (at > 0 && unicode::IsCombiningMark(c)) {
      return absl::StrCat("NFD: '", std::string(name.substr(previous, at - previous)),
                          "' followed by ", unicode::Describe(c));
    }
    previous = at;
  }
  for (std::size_t pos = 0; pos < name.size();) {
    const char32_t c = utf8::Decode(name, &pos);
    if (c >= 0xC0 && c < 0x250) return absl::StrCat("NFC: ", unicode::Describe(c));
  }
  return "NFC";
}

// "'pаss' has U+0430 CYRILLIC SMALL LETTER A where 'pass' has U+0061 LATIN SMALL LETTER A",
// at the first letter that differs.
std::string DescribeLookAlike(std::string_view name, std::string_view other) {
  const std::u32string a = Decode(unicode::ComposeLatin(name));
  const std::u32string b = Decode(unicode::ComposeLatin(other));
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    return absl::StrCat("'", std::string(name), "' has ", unicode::Describe(a[i]), " where '",
                        std::string(other), "' has ", unicode::Describe(b[i]));
  }
  return absl::StrCat("'", std::string(name), "' and '", std::string(other), "' look alike");
}

std::string NormalisationHint(std::string_view name, std::string_view other) {
  return absl::StrCat("'", std::string(name), "' here is ", DescribeForm(name), "; '",
                      std::string(other), "' is ", DescribeForm(other),
                      ". Retype one so that both are written alike");
}

}  // namespace

void CheckLookAlikeDeclarations(const std::vector<const ast::Identifier*>& declared,
                                DiagnosticSink* sink) {
  // An ASCII name is its own composed form and skeleton, so among ASCII names only names
  // written alike meet (E0102, reported by the caller): with no other name, nothing to do.
  if (std::all_of(declared.begin(), declared.end(),
                  [](const ast::Identifier* identifier) { return IsAscii(identifier->name); })) {
    return;
  }
  absl::flat_hash_map<std::string, const ast::Identifier*> by_composed;
  absl::flat_hash_map<std::string, const ast::Identifier*> by_skeleton;
  for (const ast::Identifier* identifier : declared) {
    const std::string& name = identifier->name;
    const std::string composed = unicode::ComposeLatin(name);
    auto [same, fresh] = by_composed.try_emplace(composed, identifier);
    if (!fresh) {
      if (same->second->name == name) continue;  // declared twice: E0102
      sink->Error("E0110", ToSpan(*identifier),
                  absl::StrCat("'", name, "' and the earlier '", same->second->name,
                               "' differ only in Unicode normalisation"),
                  NormalisationHint(name, same->second->name));
      continue;
    }
    auto [alike, first] = by_skeleton.try_emplace(unicode::Skeleton(composed), identifier);
    if (!first) {
      sink->Warning(
          "W0102", ToSpan(*identifier),
          absl::StrCat("'", name, "' looks like the earlier '", alike->second->name, "'"),
          absl::StrCat(DescribeLookAlike(name, alike->second->name), "; rename one of them"));
    }
  }
}

bool ReportLookAlikeUse(const ast::Identifier& use, const std::vector<std::string_view>& declared,
                        DiagnosticSink* sink) {
  if (IsAscii(use.name)) return false;  // an ASCII use only meets ASCII look-alikes: E0101
  const std::string composed = unicode::ComposeLatin(use.name);
  const std::string skeleton = unicode::Skeleton(composed);
  std::string_view alike;
  for (const std::string_view name : declared) {
    const std::string other = unicode::ComposeLatin(name);
    if (other == composed) {
      sink->Error("E0110", ToSpan(use),
                  absl::StrCat("unknown name '", use.name, "': the declared '", std::string(name),
                               "' differs from it only in Unicode normalisation"),
                  NormalisationHint(use.name, name));
      return true;
    }
    if (alike.empty() && unicode::Skeleton(other) == skeleton) alike = name;
  }
  if (alike.empty()) return false;
  sink->Error(
      "E0111", ToSpan(use),
      absl::StrCat("unknown name '", use.name, "': it only looks like '", std::string(alike), "'"),
      absl::StrCat(DescribeLookAlike(use.name, alike), "; did you mean '", std::string(alike),
                   "'?"));
  return true;
}

}  // namespace rubric::sema

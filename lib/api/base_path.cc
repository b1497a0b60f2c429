#include "api/base_path.h"

#include <string>
#include <system_error>

namespace rubric::internal {
namespace {

namespace fs = std::filesystem;

// Whether `path` is `root` or lies below it (both absolute and resolved).
bool Inside(const fs::path& path, const fs::path& root) {
  auto at = path.begin();
  for (const fs::path& part : root) {
    if (part.empty()) continue;  // the empty last element of a trailing separator
    if (at == path.end() || *at != part) return false;
    ++at;
  }
  return true;
}

Status Refused(const fs::path& written) {
  return Status(StatusCode::kFailedPrecondition,
                "refused to read '" + written.string() +
                    "': a base must be inside the folder of the standard being compiled");
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsWordByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

}  // namespace

StatusOr<BasePath> ResolveBasePath(const FileBaseOptions& options, std::string_view base_id,
                                   std::string_view from_path, std::string_view including_file) {
  const fs::path folder = fs::path(including_file).parent_path();
  const fs::path written =
      from_path.empty() ? fs::path(std::string(base_id) + ".rubric") : fs::path(from_path);
  BasePath out;
  out.named = folder / written;
  std::error_code error;
  out.resolved = fs::weakly_canonical(out.named, error);
  if (options.allow_any_base) {
    if (error) out.resolved = out.named;
    return out;
  }
  if (written.is_absolute() || error) return Refused(written);
  const fs::path root = options.root.empty() ? folder : fs::path(options.root);
  const fs::path resolved_root = fs::weakly_canonical(root.empty() ? fs::path(".") : root, error);
  if (error || !Inside(out.resolved, resolved_root)) return Refused(written);
  return out;
}

bool StartsAsStandard(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (;;) {
    while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
    if (text.substr(0, 2) == "//" || text.substr(0, 1) == "#") {
      const std::size_t end = text.find('\n');
      text.remove_prefix(end == std::string_view::npos ? text.size() : end);
      continue;
    }
    break;
  }
  constexpr std::string_view kWord = "standard";
  return text.substr(0, kWord.size()) == kWord &&
         (text.size() == kWord.size() || !IsWordByte(text[kWord.size()]));
}

}  // namespace rubric::internal

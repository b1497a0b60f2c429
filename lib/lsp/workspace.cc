// Open documents, their compilation, and the bases of variants.
#include "lsp/workspace.h"

#include <cstdio>
#include <filesystem>
#include <utility>

#include "rubric/file.h"

namespace rubric::lsp {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The path a base is looked for at (what FileBaseLoader reads, before it checks the path).
std::string BaseCandidate(std::string_view base_id, std::string_view from_path,
                          std::string_view including_file) {
  const std::filesystem::path dir = std::filesystem::path(including_file).parent_path();
  const std::string file =
      from_path.empty() ? std::string(base_id) + ".rubric" : std::string(from_path);
  return (dir / file).lexically_normal().string();
}

}  // namespace

std::string PathOfUri(const std::string& uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.compare(0, kScheme.size(), kScheme) != 0) return uri;
  std::string path;
  for (std::size_t i = kScheme.size(); i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && HexValue(uri[i + 1]) >= 0 &&
        HexValue(uri[i + 2]) >= 0) {
      path += static_cast<char>(HexValue(uri[i + 1]) * 16 + HexValue(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

std::string UriOfPath(const std::string& path) {
  std::string uri = "file://";
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
        c == '-' || c == '_' || c == '.' || c == '~') {
      uri += static_cast<char>(c);
    } else {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", c);
      uri += escaped;
    }
  }
  return uri;
}

OpenDocument* Workspace::Find(const std::string& uri) {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

OpenDocument& Workspace::Open(const std::string& uri, std::string text, int version) {
  OpenDocument& doc = documents_[uri];
  doc.source.uri = uri;
  doc.source.path = PathOfUri(uri);
  doc.source.document.Replace(std::move(text));
  doc.version = version;
  Analyze(doc);
  return doc;
}

BaseLoader Workspace::Loader() {
  FileBaseOptions base_options;
  base_options.allow_any_base = options_.allow_any_base;
  BaseLoader files = FileBaseLoader(base_options);
  return [this, files](std::string_view base_id, std::string_view from_path,
                       std::string_view including_file) -> StatusOr<SourceFile> {
    const std::string candidate = BaseCandidate(base_id, from_path, including_file);
    for (const auto& [uri, doc] : documents_) {
      if (doc.source.path == candidate) return SourceFile{candidate, doc.source.document.text()};
    }
    return files(base_id, from_path, including_file);
  };
}

void Workspace::Analyze(OpenDocument& doc) {
  SymbolIndex index = IndexSource(doc.source.document.text());
  if (index.parsed) doc.source.index = std::move(index);
  CompileOptions options;
  options.file_name = doc.source.path;
  options.load_base = Loader();
  CompileResult result = Standard::Compile(doc.source.document.text(), options);
  if (result.standard) doc.standard = std::move(result.standard);
  doc.diagnostics = std::move(result.diagnostics);
}

std::optional<Source> Workspace::BaseOf(const Source& source) {
  const SymbolIndex& index = source.index;
  if (!index.base_name) return std::nullopt;
  StatusOr<SourceFile> file = Loader()(*index.base_name, index.base_path.value_or(""), source.path);
  if (!file.ok()) return std::nullopt;
  Source base;
  base.path = std::filesystem::path(file->name).lexically_normal().string();
  base.uri = UriOfPath(base.path);
  for (const auto& [uri, doc] : documents_) {
    if (doc.source.path == base.path) base.uri = uri;
  }
  base.document.Replace(std::move(file->text));
  base.index = IndexSource(base.document.text());
  return base;
}

}  // namespace rubric::lsp

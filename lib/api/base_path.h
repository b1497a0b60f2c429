// Where a base of a variant is read from, and whether it may be read at all: a base stays
// inside the folder tree of the standard being compiled unless the caller allows any path,
// and a file that is not a standard is never shown.
#ifndef RUBRIC_LIB_API_BASE_PATH_H_
#define RUBRIC_LIB_API_BASE_PATH_H_

#include <filesystem>
#include <string_view>

#include "rubric/standard.h"
#include "rubric/status.h"

namespace rubric::internal {

struct BasePath {
  std::filesystem::path named;     // the including file's folder / the path it names
  std::filesystem::path resolved;  // the file to read: `..` and symbolic links resolved
};

// The file for `extends BASE [from "PATH"]` in `including_file`. kFailedPrecondition when
// the options refuse it: an absolute PATH, or one whose resolved path leaves the root.
StatusOr<BasePath> ResolveBasePath(const FileBaseOptions& options, std::string_view base_id,
                                   std::string_view from_path, std::string_view including_file);

// Whether `text` starts as every standard does: after an optional byte-order mark, blanks
// and comments, the word `standard`.
bool StartsAsStandard(std::string_view text);

}  // namespace rubric::internal

#endif  // RUBRIC_LIB_API_BASE_PATH_H_

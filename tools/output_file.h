// Writing the command line's output files (`--out FILE`, `rubric fmt FILE`) without harming
// what is already there.
#ifndef RUBRIC_TOOLS_OUTPUT_FILE_H_
#define RUBRIC_TOOLS_OUTPUT_FILE_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "rubric/status.h"

namespace rubric::cli {

using Writer = std::function<void(std::ostream&)>;

// Writes what `write` writes to `path`:
// - a regular file, or a path where nothing is yet, is replaced atomically: the output goes
//   to a new temporary file created exclusively (`NAME.rubric-tmp.XXXXXX`, a random suffix,
//   in the same folder), which is synced and renamed over the target, so that readers and
//   concurrent writers see the old file or a complete new one. A replaced file keeps its
//   permissions (and, when allowed, its owner). An interrupt, hang-up or termination
//   removes the temporary file; a kill -9 or a crash leaves it.
// - a symbolic link is followed: its target is replaced, the link stays.
// - a character or block device, a pipe, a socket, or a descriptor of the process
//   (/dev/stdout, /dev/fd/N, /proc/self/fd/N) is opened and written in place.
// - a folder is an error.
// Errors are kIoError `cannot write PATH: REASON`, REASON the system's.
Status WriteOutputFile(const std::string& path, const Writer& write);

// kInvalidArgument when `output` names the same file (device and inode) as one of `inputs`:
// writing it would destroy an input. Checked before anything is read.
Status CheckOutputIsNoInput(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace rubric::cli

#endif  // RUBRIC_TOOLS_OUTPUT_FILE_H_

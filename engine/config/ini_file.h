// IniFile: one parsed AWS shared config or credentials file (~/.aws/config,
// ~/.aws/credentials). It knows the file syntax only; which section is which profile is the
// business of SharedConfig.
//
// The dialect, as the AWS CLI reads it:
//   [section name]              # a comment may follow the closing bracket
//   key = value                 # keys are case-insensitive (stored lowercased)
//   key = value ; comment       # '#' or ';' after whitespace starts a comment
//   # whole-line comments start with '#' or ';'
//   s3 =                        # a key with no value, followed by lines indented deeper,
//     addressing_style = path   #   holds a sub-section
//   key = first line            # lines indented deeper under a key that has a value
//     second line               #   continue it (joined with '\n')
// A section that appears twice is merged; a key that appears twice keeps its last value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "engine/config/result.h"

namespace hoist::config {

using IniProperties = std::map<std::string, std::string, std::less<>>;

struct IniSection {
  IniProperties properties;
  std::map<std::string, IniProperties, std::less<>> subsections;  // "s3" -> {addressing_style}

  std::optional<std::string> get(std::string_view key) const;
  std::optional<std::string> get(std::string_view subsection, std::string_view key) const;
};

class IniFile {
 public:
  // An empty file with no path: what a missing optional file reads as.
  IniFile() = default;

  // Parses `text`. Errors are failed() and read "<path>:<line>: <what is wrong>", quoting no
  // value (a broken line may hold a secret key).
  static Result<IniFile> parse(std::string_view text, std::string path);

  // Reads and parses the file at `path`. A missing file is not_found(); an unreadable or
  // malformed one is failed().
  static Result<IniFile> read(const std::string& path);

  // nullptr when there is no section named exactly `name`.
  const IniSection* section(std::string_view name) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, IniSection, std::less<>> sections_;
};

}  // namespace hoist::config

#include "engine/config/ini_file.h"

#include <utility>

#include "engine/config/text.h"

namespace hoist::config {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

size_t indent_of(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

bool starts_comment(char c) { return c == '#' || c == ';'; }

// Drops a trailing comment: '#' or ';' only counts when whitespace precedes it, so values
// such as URLs with fragments survive.
std::string_view strip_comment(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if (starts_comment(s[i]) && is_blank(s[i - 1])) return trim(s.substr(0, i));
  }
  return trim(s);
}

// Parses one file, line by line, remembering the last key so that deeper-indented lines
// can continue it or nest under it.
class Parser {
 public:
  using Sections = std::map<std::string, IniSection, std::less<>>;

  Parser(std::string path, Sections& sections) : path_(std::move(path)), sections_(sections) {}

  std::optional<Error> feed(std::string_view raw, size_t line_number) {
    line_number_ = line_number;
    std::string_view line = trim(raw);
    if (line.empty() || starts_comment(line.front())) return std::nullopt;
    size_t indent = indent_of(raw);
    if (line.front() == '[') return section_header(line);
    if (section_ == nullptr) return error("setting outside any [section]");
    if (key_ && indent > key_indent_) return continuation(line);
    return property(line, indent);
  }

 private:
  std::optional<Error> section_header(std::string_view line) {
    size_t close = line.find(']');
    if (close == std::string_view::npos) return error("section header has no closing ']'");
    std::string_view rest = trim(line.substr(close + 1));
    if (!rest.empty() && !starts_comment(rest.front())) {
      return error("unexpected text after ']' in section header");
    }
    std::string_view name = trim(line.substr(1, close - 1));
    if (name.empty()) return error("empty section name");
    section_ = &sections_[std::string(name)];
    key_.reset();
    return std::nullopt;
  }

  std::optional<Error> property(std::string_view line, size_t indent) {
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return error("expected 'key = value'");
    std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) return error("setting with no key before '='");
    key_ = lowercase(key);
    key_indent_ = indent;
    section_->properties[*key_] = std::string(strip_comment(line.substr(eq + 1)));
    return std::nullopt;
  }

  std::optional<Error> continuation(std::string_view line) {
    std::string& value = section_->properties[*key_];
    if (!value.empty()) {
      value += '\n';
      value += strip_comment(line);
      return std::nullopt;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return error("expected 'key = value' in the sub-section under '" + *key_ + "'");
    }
    std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) return error("setting with no key before '='");
    section_->subsections[*key_][lowercase(key)] = std::string(strip_comment(line.substr(eq + 1)));
    return std::nullopt;
  }

  Error error(std::string_view what) const {
    return failed(path_ + ":" + std::to_string(line_number_) + ": " + std::string(what));
  }

  std::string path_;
  Sections& sections_;
  size_t line_number_ = 0;
  IniSection* section_ = nullptr;
  std::optional<std::string> key_;  // the last key in the current section
  size_t key_indent_ = 0;
};

}  // namespace

std::optional<std::string> IniSection::get(std::string_view key) const {
  auto it = properties.find(key);
  if (it == properties.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> IniSection::get(std::string_view subsection, std::string_view key) const {
  auto sub = subsections.find(subsection);
  if (sub == subsections.end()) return std::nullopt;
  auto it = sub->second.find(key);
  if (it == sub->second.end()) return std::nullopt;
  return it->second;
}

Result<IniFile> IniFile::parse(std::string_view text, std::string path) {
  IniFile file;
  file.path_ = path;
  Parser parser(std::move(path), file.sections_);
  size_t line_number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (std::optional<Error> error = parser.feed(line, ++line_number)) return *error;
  }
  return file;
}

Result<IniFile> IniFile::read(const std::string& path) {
  Result<std::string> text = read_text_file(path);
  if (!text.ok()) return text.error();
  return parse(text.value(), path);
}

const IniSection* IniFile::section(std::string_view name) const {
  auto it = sections_.find(name);
  return it == sections_.end() ? nullptr : &it->second;
}

}  // namespace hoist::config

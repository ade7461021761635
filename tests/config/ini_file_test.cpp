#include "engine/config/ini_file.h"

#include <gtest/gtest.h>

#include "tests/config/config_test.h"
#include "tests/support/temp_directory.h"

namespace hoist::config {
namespace {

IniFile parse_ok(std::string_view text) {
  Result<IniFile> file = IniFile::parse(text, "/x/config");
  EXPECT_TRUE(is_ok(file));
  return file.ok() ? std::move(file).value() : IniFile();
}

std::string parse_error(std::string_view text) {
  Result<IniFile> file = IniFile::parse(text, "/x/config");
  EXPECT_FALSE(file.ok());
  if (file.ok()) return std::string();
  EXPECT_FALSE(is_not_found(file.error()));
  return file.error().message;
}

TEST(IniFile, ReadsSectionsAndProperties) {
  IniFile file = parse_ok(
      "[default]\n"
      "aws_access_key_id=AKIDDEFAULT\n"
      "region =  eu-west-1  \r\n"
      "\n"
      "[profile dev]\n"
      "Region = us-west-2\n");
  ASSERT_NE(file.section("default"), nullptr);
  EXPECT_EQ(file.section("default")->get("aws_access_key_id"), "AKIDDEFAULT");
  EXPECT_EQ(file.section("default")->get("region"), "eu-west-1");
  ASSERT_NE(file.section("profile dev"), nullptr);
  EXPECT_EQ(file.section("profile dev")->get("region"), "us-west-2") << "keys are case-insensitive";
  EXPECT_EQ(file.section("dev"), nullptr);
  EXPECT_EQ(file.path(), "/x/config");
}

TEST(IniFile, SkipsCommentsWholeLineAndInline) {
  IniFile file = parse_ok(
      "# leading comment\n"
      "; another\n"
      "[default] # after the header\n"
      "  # indented comment\n"
      "region = us-east-2 # trailing\n"
      "output = json ; trailing\n"
      "endpoint_url = http://host/path#fragment\n");
  const IniSection* section = file.section("default");
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(section->get("region"), "us-east-2");
  EXPECT_EQ(section->get("output"), "json");
  EXPECT_EQ(section->get("endpoint_url"), "http://host/path#fragment");
  EXPECT_EQ(section->properties.size(), 3u);
}

TEST(IniFile, ReadsSubSections) {
  IniFile file = parse_ok(
      "[profile dev]\n"
      "s3 =\n"
      "  addressing_style = path\n"
      "  Max_Concurrent_Requests = 20\n"
      "region = us-west-1\n");
  const IniSection* section = file.section("profile dev");
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(section->get("s3", "addressing_style"), "path");
  EXPECT_EQ(section->get("s3", "max_concurrent_requests"), "20");
  EXPECT_EQ(section->get("region"), "us-west-1") << "an unindented line ends the sub-section";
  EXPECT_EQ(section->get("s3", "region"), std::nullopt);
  EXPECT_EQ(section->get("s3"), "");
}

TEST(IniFile, IndentationAndRepetitionRules) {
  struct Case {
    const char* rule;
    const char* text;
    const char* key;
    const char* expected;
  };
  for (const Case& c : {
           Case{"deeper-indented lines continue a value", "[default]\ncredential_process = /bin/tool\n    --flag\n",
                "credential_process", "/bin/tool\n--flag"},
           Case{"uniformly indented keys are siblings", "[default]\n  a = A\n  region = B\n", "region", "B"},
           Case{"a repeated section merges, the last value winning",
                "[default]\nregion = a\n[other]\nx = 1\n[default]\nregion = b\n", "region", "b"},
           Case{"a repeated section keeps earlier keys", "[default]\noutput = json\n[default]\nregion = b\n",
                "output", "json"},
       }) {
    IniFile file = parse_ok(c.text);
    ASSERT_NE(file.section("default"), nullptr) << c.rule;
    EXPECT_EQ(file.section("default")->get(c.key), c.expected) << c.rule;
  }
}

TEST(IniFile, ErrorsNameFileAndLine) {
  EXPECT_EQ(parse_error("region = x\n"), "/x/config:1: setting outside any [section]");
  EXPECT_EQ(parse_error("[default]\nregion = x\n[profile dev\n"), "/x/config:3: section header has no closing ']'");
  EXPECT_EQ(parse_error("\n[default]\njust words\n"), "/x/config:3: expected 'key = value'");
  EXPECT_EQ(parse_error("[]\n"), "/x/config:1: empty section name");
  EXPECT_EQ(parse_error("[default] junk\n"), "/x/config:1: unexpected text after ']' in section header");
  EXPECT_EQ(parse_error("[default]\n = value\n"), "/x/config:2: setting with no key before '='");
}

TEST(IniFile, ErrorsNeverQuoteTheBrokenLine) {
  std::string message = parse_error("[default]\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
  EXPECT_EQ(message.find("wJalr"), std::string::npos) << message;
  EXPECT_NE(message.find("/x/config:2"), std::string::npos);
}

TEST(IniFile, ReadDistinguishesMissingFromBroken) {
  test::TempDirectory dir;
  Result<IniFile> missing = IniFile::read(dir.path() + "/nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(is_not_found(missing.error()));

  std::string broken = dir.write_file("broken", "[default\n");
  Result<IniFile> bad = IniFile::read(broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(is_not_found(bad.error()));
  EXPECT_EQ(bad.error().message, broken + ":1: section header has no closing ']'");

  std::string good = dir.write_file("good", "[default]\nregion = r\n");
  Result<IniFile> read = IniFile::read(good);
  ASSERT_TRUE(is_ok(read));
  EXPECT_EQ(read->section("default")->get("region"), "r");
  EXPECT_EQ(read->path(), good);
}

}  // namespace
}  // namespace hoist::config

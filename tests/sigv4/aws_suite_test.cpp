// Runs every case of the AWS SigV4 test suite (tests/data/aws-sigv4-suite/v4), once with
// header signing and once with query signing (presigned URLs). Each step is compared byte
// for byte with the suite's files: canonical request, string to sign, signature; then the
// request sign() or presign_url() produces is compared with the suite's signed request.
//
// The suite signs for a generic service, so these cases use the generic SigV4 rules (path
// given as on the wire, encoded again; normalised where context.json says so).

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "sigv4/amz_date.h"
#include "sigv4/canonical_request.h"
#include "sigv4/presigner.h"
#include "sigv4/scope.h"
#include "sigv4/sha256.h"
#include "sigv4/signature.h"
#include "sigv4/signer.h"
#include "tests/sigv4/header_lookup.h"
#include "tests/sigv4/raw_http_request.h"

namespace hoist::sigv4 {
namespace {

namespace fs = std::filesystem;
using testing::header_value;
using testing::parse_query;
using testing::parse_raw_http_request;
using testing::RawHttpRequest;

const fs::path kSuiteRoot = fs::path(HOIST_TEST_DATA_DIR) / "aws-sigv4-suite" / "v4";

// The number of cases in the suite as copied; a lost directory should fail loudly rather
// than quietly shrink the run.
constexpr size_t kSuiteCaseCount = 38;

// Every directory below the suite root that holds a case (a context.json), relative to it.
std::vector<std::string> suite_cases() {
  std::vector<std::string> cases;
  if (!fs::is_directory(kSuiteRoot)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(kSuiteRoot)) {
    if (entry.is_regular_file() && entry.path().filename() == "context.json") {
      cases.push_back(fs::relative(entry.path().parent_path(), kSuiteRoot).generic_string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "2015-08-30T12:36:00Z"
std::chrono::system_clock::time_point parse_timestamp(const std::string& text) {
  using namespace std::chrono;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &s) != 6) {
    throw std::runtime_error("bad timestamp " + text);
  }
  const sys_days day = year{y} / month{static_cast<unsigned>(mo)} / static_cast<unsigned>(d);
  return day + hours{h} + minutes{mi} + seconds{s};
}

std::string lowercase(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Headers as a sorted list of (lowercase name, value), for comparing requests whose header
// order and name case legitimately differ.
NameValues normalized_headers(const NameValues& headers) {
  NameValues out;
  for (const auto& [name, value] : headers) out.emplace_back(lowercase(name), value);
  std::sort(out.begin(), out.end());
  return out;
}

NameValues sorted(NameValues values) {
  std::sort(values.begin(), values.end());
  return values;
}

// One suite case: its inputs as our types, and its expected files.
class SuiteCase {
 public:
  explicit SuiteCase(const std::string& name) : dir_(kSuiteRoot / name) {
    const nlohmann::json context = nlohmann::json::parse(read_file(dir_ / "context.json"));
    const auto& creds = context.at("credentials");
    credentials_.access_key_id = creds.at("access_key_id").get<std::string>();
    credentials_.secret_access_key = creds.at("secret_access_key").get<std::string>();
    credentials_.session_token = creds.value("token", "");
    scope_.region = context.at("region").get<std::string>();
    scope_.service = context.at("service").get<std::string>();
    now_ = parse_timestamp(context.at("timestamp").get<std::string>());
    expires_ = std::chrono::seconds(context.at("expiration_in_seconds").get<int64_t>());
    options_.normalize_path = context.at("normalize").get<bool>();
    options_.path_is_encoded = true;
    options_.double_encode_path = true;
    options_.content_sha256_header = context.at("sign_body").get<bool>();
    options_.sign_session_token = !context.value("omit_session_token", false);

    const RawHttpRequest raw = parse_raw_http_request(read_file(dir_ / "request.txt"));
    request_.method = raw.method;
    request_.path = raw.path;
    request_.query = parse_query(raw.query);
    request_.headers = raw.headers;
    request_.payload_hash = hex_sha256(raw.body);
  }

  std::string expected(const std::string& file) const { return read_file(dir_ / file); }

  const Credentials& credentials() const { return credentials_; }
  const Scope& scope() const { return scope_; }
  std::chrono::system_clock::time_point now() const { return now_; }
  std::chrono::seconds expires() const { return expires_; }
  const SigningOptions& options() const { return options_; }
  const Request& request() const { return request_; }
  AmzDate date() const { return AmzDate(now_); }

  std::string origin() const { return "https://" + header_value(request_.headers, "host"); }

  // The intermediate steps for a request already given its x-amz-* headers or query, checked
  // against the files "<prefix>-canonical-request.txt" and so on.
  void expect_steps(const Request& prepared, const std::string& prefix) const {
    const std::string canonical = canonical_request(prepared, options_);
    EXPECT_EQ(canonical, expected(prefix + "-canonical-request.txt"));
    const std::string to_sign =
        string_to_sign(date().timestamp(), credential_scope(date().date(), scope_), canonical);
    EXPECT_EQ(to_sign, expected(prefix + "-string-to-sign.txt"));
    const SigningKey key = signing_key(credentials_.secret_access_key, date().date(),
                                       scope_.region, scope_.service);
    EXPECT_EQ(signature(key, to_sign), expected(prefix + "-signature.txt"));
  }

 private:
  fs::path dir_;
  Credentials credentials_;
  Scope scope_;
  std::chrono::system_clock::time_point now_;
  std::chrono::seconds expires_{0};
  SigningOptions options_;
  Request request_;
};

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

TEST(AwsSigV4Suite, HasEveryCase) { EXPECT_EQ(suite_cases().size(), kSuiteCaseCount); }

class HeaderSigning : public ::testing::TestWithParam<std::string> {};

TEST_P(HeaderSigning, MatchesSuite) {
  const SuiteCase c(GetParam());

  Request prepared = c.request();
  add_signing_headers(prepared, c.credentials(), c.date(), c.options());
  c.expect_steps(prepared, "header");

  SigningKeyCache cache;
  Request signed_request = c.request();
  sign(signed_request, c.credentials(), c.scope(), c.now(), &cache, c.options());
  const RawHttpRequest expected = parse_raw_http_request(c.expected("header-signed-request.txt"));
  EXPECT_EQ(header_value(signed_request.headers, "authorization"),
            header_value(expected.headers, "authorization"));
  EXPECT_EQ(normalized_headers(signed_request.headers), normalized_headers(expected.headers));
}

class QuerySigning : public ::testing::TestWithParam<std::string> {};

TEST_P(QuerySigning, MatchesSuite) {
  const SuiteCase c(GetParam());

  Request prepared = c.request();
  add_presign_query(prepared, c.credentials(), c.scope(), c.date(), c.expires(), c.options());
  c.expect_steps(prepared, "query");

  const std::string url = presign_url(c.origin(), c.request(), c.credentials(), c.scope(),
                                      c.now(), c.expires(), nullptr, c.options());
  ASSERT_EQ(url.rfind(c.origin(), 0), 0u) << url;
  const std::string target = url.substr(c.origin().size());
  const size_t question = target.find('?');
  ASSERT_NE(question, std::string::npos) << url;
  // The suite's URL lists the X-Amz-* parameters in another (equally valid) order.
  const RawHttpRequest expected = parse_raw_http_request(c.expected("query-signed-request.txt"));
  EXPECT_EQ(target.substr(0, question), expected.path);
  EXPECT_EQ(sorted(parse_query(target.substr(question + 1))), sorted(parse_query(expected.query)));
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, HeaderSigning, ::testing::ValuesIn(suite_cases()), test_name);
INSTANTIATE_TEST_SUITE_P(AwsSuite, QuerySigning, ::testing::ValuesIn(suite_cases()), test_name);

}  // namespace
}  // namespace hoist::sigv4

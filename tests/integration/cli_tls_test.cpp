// TLS: certificates are verified by default; --ca-bundle (or AWS_CA_BUNDLE) trusts a private
// CA; --no-verify-ssl turns verification off. Against s3rver serving HTTPS with a
// certificate made for this test.
#include <gtest/gtest.h>

#include "tests/integration/hoist_cli.h"
#include "tests/integration/s3rver_server.h"
#include "tests/support/temp_directory.h"

namespace hoist::test {
namespace {

class CliTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = std::make_unique<TempDirectory>();
    key_ = certs_->path() + "/key.pem";
    cert_ = certs_->path() + "/cert.pem";
    CliResult made = run_program(
        "/usr/bin/openssl",
        {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key_, "-out", cert_, "-days",
         "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    server_ = std::make_unique<S3rverServer>(key_, cert_);
  }
  static void TearDownTestSuite() {
    server_.reset();
    certs_.reset();
  }

  CliResult hoist(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    std::vector<std::string> full = {"--endpoint-url", server_->endpoint()};
    full.insert(full.end(), args.begin(), args.end());
    auto merged = server_->client_environment();
    merged["AWS_CA_BUNDLE"] = "";
    for (auto& [k, v] : env) merged[k] = v;
    return run_hoist(full, merged);
  }

  static inline std::unique_ptr<TempDirectory> certs_;
  static inline std::unique_ptr<S3rverServer> server_;
  static inline std::string key_, cert_;
};

TEST_F(CliTlsTest, UntrustedCertificateIsRefusedByDefault) {
  CliResult ls = hoist({"ls"});
  EXPECT_EQ(ls.exit_code, 255);  // as aws-cli when TLS fails
  EXPECT_NE(ls.err.find("TLS failure"), std::string::npos) << ls.err;
}

TEST_F(CliTlsTest, CaBundleFlagTrustsThePrivateCertificate) {
  CliResult mb = hoist({"--ca-bundle", cert_, "mb", "s3://tls-flag"});
  EXPECT_EQ(mb.exit_code, 0) << mb.err;
  CliResult ls = hoist({"ls", "--ca-bundle", cert_});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find(" tls-flag\n"), std::string::npos) << ls.out;
}

TEST_F(CliTlsTest, CaBundleEnvironmentVariableTrustsThePrivateCertificate) {
  CliResult ls = hoist({"ls"}, {{"AWS_CA_BUNDLE", cert_}});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
}

TEST_F(CliTlsTest, NoVerifySslSkipsVerification) {
  CliResult ls = hoist({"--no-verify-ssl", "ls"});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
}

}  // namespace
}  // namespace hoist::test

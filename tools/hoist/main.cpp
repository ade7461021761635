// The hoist command line: parses flags with CLI11 and hands each verb the public API.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

constexpr const char* kDescription =
    "hoist moves data between local disks and Amazon S3 (or any S3-compatible store) and\n"
    "proves every byte arrived intact.\n\n"
    "Credentials, region and endpoint are found as the AWS CLI finds them: flags, then\n"
    "AWS_* environment variables, then the profile in ~/.aws/credentials and ~/.aws/config,\n"
    "then container and EC2 instance metadata.\n\n"
    "Exit status: 0 success, 1 an operation failed, 2 usage error.";

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("--endpoint-url", g.config.endpoint_url,
                 "S3 endpoint URL, e.g. http://127.0.0.1:9000 (default: AWS in --region)");
  app.add_option("--region", g.config.region, "AWS region (default: from environment/profile)");
  app.add_option("--profile", g.config.profile, "profile from ~/.aws/config and credentials");
  app.add_option("--addressing-style", g.config.addressing_style,
                 "path, virtual or auto (virtual-hosted on AWS when the bucket name allows)")
      ->check(CLI::IsMember({"path", "virtual", "auto"}));
  app.add_flag("--no-verify-ssl", g.no_verify_ssl, "do not verify TLS certificates");
  app.add_option("--ca-bundle", g.config.ca_bundle, "PEM file of CA certificates to trust")
      ->check(CLI::ExistingFile);
  app.add_flag("--debug", g.debug, "log requests and responses to stderr (secrets redacted)");
  app.add_flag("--quiet,-q", g.quiet, "print nothing but errors");
  app.add_option("--output", g.output, "output format: text or json")
      ->check(CLI::IsMember({"text", "json"}));
}

int run(int argc, char** argv) {
  CLI::App app(kDescription, "hoist");
  app.require_subcommand(1);
  app.fallthrough();  // global flags may follow the verb, as with aws-cli
  app.set_version_flag("--version", "hoist " HOIST_VERSION);

  Context context;
  add_global_options(app, context.options);

  std::vector<std::unique_ptr<Verb>> verbs;
  verbs.push_back(make_ls_verb());
  verbs.push_back(make_cp_verb());
  verbs.push_back(make_sync_verb());
  verbs.push_back(make_verify_verb());
  verbs.push_back(make_rm_verb());
  verbs.push_back(make_mb_verb());
  verbs.push_back(make_rb_verb());
  verbs.push_back(make_presign_verb());
  verbs.push_back(make_hash_verb());
  verbs.push_back(make_serve_verb());
  verbs.push_back(make_restore_request_verb());
  std::vector<std::pair<CLI::App*, Verb*>> commands;
  for (auto& verb : verbs) commands.emplace_back(verb->add_to(app), verb.get());

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string where;
    for (auto& [command, verb] : commands) {
      if (command->parsed()) where = command->get_name();
    }
    std::string reason = e.what();
    if (where.empty() && reason == "A subcommand is required") {
      reason =
          "a verb is required: ls, cp, sync, verify, rm, mb, rb, presign, hash, serve or "
          "restore-request";
    }
    return context.usage_error(where, reason);
  }

  for (auto& [command, verb] : commands) {
    if (command->parsed()) return verb->run(context);
  }
  return kExitUsage;
}

}  // namespace
}  // namespace hoist::cli

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return hoist::cli::run(argc, argv);
}

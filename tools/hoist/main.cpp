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
    "Exit status (as aws-cli's):\n"
    "    0  success\n"
    "    1  one or more operations or transfers failed\n"
    "    2  some files were skipped (each named in a warning: unreadable, a FIFO, a broken\n"
    "       symlink, an archived object not restored); everything else succeeded\n"
    "  130  interrupted (Ctrl-C); interrupted uploads are kept for a resume\n"
    "  252  the command line is wrong (unknown verb or flag, bad value): nothing was done\n"
    "  253  credentials or configuration cannot be used\n"
    "  254  S3 refused a listing (ls, verify) before anything else happened\n"
    "  255  anything else that stopped the command before it started, such as a source\n"
    "       path that does not exist\n\n"
    "Shell completion: source <(hoist completion bash), or zsh; `cmake --install` installs\n"
    "both. See hoist completion --help.";

void add_global_options(CLI::App& app, GlobalOptions& g) {
  // As with aws-cli, a global option given twice takes its last value (scripts that append
  // "--region X" to a command line that already has one rely on it).
  auto last_wins = [](CLI::Option* option) {
    return option->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  };
  last_wins(
      app.add_option("--endpoint-url", g.config.endpoint_url,
                     "S3 endpoint URL, e.g. http://127.0.0.1:9000 (default: AWS in --region)"));
  last_wins(app.add_option("--region", g.config.region,
                           "AWS region (default: from environment/profile)"));
  last_wins(
      app.add_option("--profile", g.config.profile, "profile from ~/.aws/config and credentials"));
  last_wins(app.add_option("--addressing-style", g.config.addressing_style,
                           "path, virtual or auto (virtual-hosted on AWS when the bucket name "
                           "allows)"))
      ->check(CLI::IsMember({"path", "virtual", "auto"}));
  app.add_flag("--no-verify-ssl", g.no_verify_ssl, "do not verify TLS certificates");
  last_wins(
      app.add_option("--ca-bundle", g.config.ca_bundle, "PEM file of CA certificates to trust"))
      ->check(CLI::ExistingFile);
  app.add_flag("--debug", g.debug, "log requests and responses to stderr (secrets redacted)");
  app.add_flag("--quiet,-q,--only-show-errors", g.quiet,
               "print nothing but errors (--only-show-errors is aws-cli's name for it)");
  last_wins(app.add_option("--output", g.output, "output format: text or json"))
      ->check(CLI::IsMember({"text", "json"}));
  last_wins(app.add_option("--cli-connect-timeout", g.connect_timeout_seconds,
                           "seconds to wait for a connection (0: wait as long as the system "
                           "does; default 3)"))
      ->check(CLI::NonNegativeNumber);
  last_wins(app.add_option("--cli-read-timeout", g.read_timeout_seconds,
                           "seconds a request may move nothing (or under 64 bytes a second) "
                           "before it is abandoned and retried (0: never; default 30)"))
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--no-sign-request", g.config.anonymous,
               "send requests unsigned, without credentials (public buckets)");
  last_wins(app.add_option("--page-size", g.config.list_page_size,
                           "keys asked for per listing request (1 to 1000; default 1000)"))
      ->check(CLI::Range(1, 1000));
  last_wins(app.add_option("--request-payer", g.request_payer,
                           "'requester': this account pays for the requests and transfer, as "
                           "a Requester Pays bucket requires"))
      ->check(CLI::IsMember({"requester"}))
      ->expected(0, 1)
      ->default_str("requester");
  app.add_flag("--no-paginate", g.ignored_flag,
               "accepted for aws-cli compatibility: listings always read every page");
  app.add_flag("--no-cli-pager", g.ignored_flag,
               "accepted for aws-cli compatibility: output is never paged");
}

// The first word of the command line that is not a global option or its value, so that an
// unknown verb is named as such instead of being taken for a stray argument.
std::string verb_word(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] != '-') return word;
    if (word == "--") return "";
    if (word.find('=') != std::string::npos) continue;
    const CLI::Option* option = app.get_option_no_throw(word);
    if (option != nullptr && option->get_items_expected_min() > 0) ++i;  // skip its value
  }
  return "";
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
  verbs.push_back(make_mv_verb());
  verbs.push_back(make_sync_verb());
  verbs.push_back(make_verify_verb());
  verbs.push_back(make_rm_verb());
  verbs.push_back(make_mb_verb());
  verbs.push_back(make_rb_verb());
  verbs.push_back(make_presign_verb());
  verbs.push_back(make_hash_verb());
  verbs.push_back(make_serve_verb());
  verbs.push_back(make_restore_request_verb());
  verbs.push_back(make_completion_verb());
  std::vector<std::pair<CLI::App*, Verb*>> commands;
  std::string names;
  bool known = false;
  const std::string word = verb_word(app, argc, argv);
  for (auto& verb : verbs) {
    commands.emplace_back(verb->add_to(app), verb.get());
    names += (names.empty() ? "" : ", ") + commands.back().first->get_name();
    known = known || commands.back().first->check_name(word);
  }
  if (!word.empty() && !known) {
    return context.usage_error("", "unknown verb '" + word + "' (verbs: " + names + ")");
  }

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
      reason = "a verb is required: " + names;
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

#include "engine/config/process_credentials_provider.h"

#include <nlohmann/json.hpp>

#include "engine/config/credentials_json.h"
#include "engine/config/shell_command.h"

namespace hoist::config {

ProcessCredentialsProvider::ProcessCredentialsProvider(const SharedConfig& shared)
    : profile_(shared.profile()), command_(shared.get("credential_process")) {
  if (command_ && command_->value.empty()) command_.reset();
}

Result<Credentials> ProcessCredentialsProvider::fetch() {
  if (!command_) {
    return not_found("credential_process: not set in profile '" + profile_ + "'");
  }
  std::string what = "credential_process of " + command_->source;
  Result<CommandOutput> output = run_shell_command(command_->value);
  if (!output.ok()) return failed(what + ": " + output.error().message);
  if (output->exit_code != 0) {
    return failed(what + " exited with status " + std::to_string(output->exit_code) +
                  " (its output is not shown: it may contain secrets)");
  }
  std::string document_name = what + " output";
  Result<nlohmann::json> document = parse_json_object(output->stdout_text, document_name);
  if (!document.ok()) return document.error();
  auto version = document->find("Version");
  if (version == document->end() || !version->is_number_integer() || version->get<int>() != 1) {
    return failed(document_name + ": Version must be 1");
  }
  return credentials_from_json(document.value(), "SessionToken", document_name,
                               kSourceCredentialProcess);
}

}  // namespace hoist::config

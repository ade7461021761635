// hoist completion bash|zsh: prints a shell completion script made from the command line
// definitions of this very binary, so completion always matches the installed hoist.
#include <CLI/CLI.hpp>
#include <iostream>

#include "tools/hoist/completion_script.h"
#include "tools/hoist/context.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

constexpr const char* kHelp =
    "Print a shell completion script for bash or zsh to standard output.\n"
    "Enable completion in the current shell:\n"
    "  bash:  source <(hoist completion bash)\n"
    "  zsh:   source <(hoist completion zsh)     (after compinit)\n"
    "`cmake --install` installs both where the shells look for them:\n"
    "  <prefix>/share/bash-completion/completions/hoist  (found by bash-completion)\n"
    "  <prefix>/share/zsh/site-functions/_hoist          (on zsh's $fpath)\n"
    "Or keep one yourself, e.g.:\n"
    "  hoist completion bash > ~/.local/share/bash-completion/completions/hoist";

class CompletionVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    // The script describes every verb, including those added after this one: keep the root
    // and walk it when the verb runs, once the whole command line is defined.
    root_ = &app;
    CLI::App* cmd = app.add_subcommand("completion", kHelp);
    cmd->add_option("shell", shell_, "bash or zsh")
        ->required()
        ->check(CLI::IsMember({"bash", "zsh"}));
    return cmd;
  }

  int run(Context&) override {
    // Written even with --quiet: the script is the output asked for, not a report.
    std::cout << (shell_ == "bash" ? bash_completion_script(*root_) : zsh_completion_script(*root_));
    std::cout.flush();
    return std::cout ? kExitOk : kExitFailed;
  }

 private:
  CLI::App* root_ = nullptr;
  std::string shell_;
};

}  // namespace

std::unique_ptr<Verb> make_completion_verb() { return std::make_unique<CompletionVerb>(); }

}  // namespace hoist::cli

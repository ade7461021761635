// Shell completion scripts for the hoist CLI, generated from its CLI11 definitions at run time
// (verbs, their flags and options, the global options), so that a flag added to a verb is
// completed without anyone editing a script. Called by `hoist completion` only.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace hoist::cli {

// A bash script defining _hoist and registering it with `complete -F`. Uses bash-completion's
// _init_completion when it is loaded, and works without it.
// REQUIRES: `app` is the root App with every verb added.
std::string bash_completion_script(CLI::App& app);

// A zsh completion function (#compdef hoist) built on _arguments and _describe: loadable from
// $fpath as _hoist, or sourced after compinit.
// REQUIRES: as for bash_completion_script.
std::string zsh_completion_script(CLI::App& app);

}  // namespace hoist::cli

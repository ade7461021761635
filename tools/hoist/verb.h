// Verb: one subcommand of the hoist CLI (ls, cp, rm, ...). Each verb lives in its own file
// (verbs that share one implementation share it: cp and mv, mb and rb), registers its flags
// on a CLI11 subcommand, and runs when that subcommand was chosen.
#pragma once

#include <memory>
#include <vector>

namespace CLI {
class App;
}

namespace hoist::cli {

class Context;

class Verb {
 public:
  virtual ~Verb() = default;
  // Adds the subcommand and its flags to `app`; returns the subcommand.
  virtual CLI::App* add_to(CLI::App& app) = 0;
  // Runs the verb; returns the process exit code.
  virtual int run(Context& context) = 0;
};

std::unique_ptr<Verb> make_ls_verb();
std::unique_ptr<Verb> make_cp_verb();
std::unique_ptr<Verb> make_mv_verb();
std::unique_ptr<Verb> make_sync_verb();
std::unique_ptr<Verb> make_verify_verb();
std::unique_ptr<Verb> make_rm_verb();
std::unique_ptr<Verb> make_mb_verb();
std::unique_ptr<Verb> make_rb_verb();
std::unique_ptr<Verb> make_presign_verb();
std::unique_ptr<Verb> make_hash_verb();
std::unique_ptr<Verb> make_serve_verb();
std::unique_ptr<Verb> make_restore_request_verb();
std::unique_ptr<Verb> make_completion_verb();

}  // namespace hoist::cli

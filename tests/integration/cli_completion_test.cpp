// Shell completion end to end: the scripts `hoist completion bash|zsh` prints are loaded by a
// real bash and zsh, bash is asked to complete command lines as readline would, and the copies
// `cmake --install` places are checked. No S3 server is involved.
#include <gtest/gtest.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/hoist_cli.h"
#include "tests/support/temp_directory.h"
#include "tools/hoist/completion_script.h"

namespace hoist::test {
namespace {

constexpr const char* kBash = "/bin/bash";
constexpr const char* kZsh = "/usr/bin/zsh";

// Loads bash-completion's main script $4 if given, then the script $1; sets up the completion
// state bash would for the line $3 with the cursor at its end (COMP_WORDS broken at blanks
// and at = and :, as bash breaks them); runs the function `complete` registered for hoist in
// directory $2, and prints COMPREPLY one word a line.
constexpr const char* kBashDriver = R"sh(
if [[ -n $4 ]]; then source "$4" || exit 3; fi
source "$1" || exit 3
cd "$2" || exit 3
spec=$(complete -p hoist) || exit 4
function=${spec#*-F }
function=${function%% *}
COMP_LINE=$3
COMP_POINT=${#COMP_LINE}
line=${COMP_LINE//=/ = }
line=${line//:/ : }
read -ra COMP_WORDS <<< "$line"
if [[ $COMP_LINE == *[\ =:] ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
"$function" hoist "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" || exit 5
if ((${#COMPREPLY[@]})); then printf '%s\n' "${COMPREPLY[@]}"; fi
)sh";

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CompletionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CliResult bash = run_hoist({"completion", "bash"});
    ASSERT_EQ(bash.exit_code, 0) << bash.err;
    bash_script_ = dir_.write_file("hoist.bash", bash.out);
    // Files for the completion of paths: a file and a directory sharing a prefix.
    files_ = dir_.path() + "/files";
    dir_.write_file("files/alpha.pem", "x");
    std::filesystem::create_directories(files_ + "/alps");
  }

  // What bash offers for `line` in the directory of test files, sorted.
  std::vector<std::string> complete(const std::string& line) const {
    return complete_with(bash_script_, line);
  }

  std::vector<std::string> complete_with(const std::string& script, const std::string& line,
                                         const std::string& bash_completion = "") const {
    CliResult r =
        run_program(kBash, {"-c", kBashDriver, "bash", script, files_, line, bash_completion});
    EXPECT_EQ(r.exit_code, 0) << "line '" << line << "': " << r.err;
    EXPECT_EQ(r.err, "") << "line '" << line << "'";
    return sorted_lines(r.out);
  }

  using Words = std::vector<std::string>;

  TempDirectory dir_;
  std::string bash_script_;
  std::string files_;
};

TEST_F(CompletionTest, BashCompletesVerbs) {
  EXPECT_EQ(complete("hoist c"), (Words{"completion", "cp"}));
  EXPECT_EQ(complete("hoist restore"), (Words{"restore-request"}));
  // A global option and its value before the verb do not count as the verb.
  EXPECT_EQ(complete("hoist --region eu-west-1 c"), (Words{"completion", "cp"}));
  const Words all = complete("hoist ");
  for (const char* verb : {"ls", "cp", "mv", "sync", "rm", "serve", "completion"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), verb), all.end()) << verb;
  }
}

TEST_F(CompletionTest, BashCompletesEachVerbsOwnOptions) {
  EXPECT_EQ(complete("hoist cp --dr"), (Words{"--dryrun"}));
  EXPECT_EQ(complete("hoist sync --exc"), (Words{"--exclude"}));
  EXPECT_EQ(complete("hoist sync --exact"), (Words{"--exact-timestamps"}));
  // ls has no --dryrun; global options are offered after any verb, as hoist accepts them.
  EXPECT_EQ(complete("hoist ls --dr"), (Words{}));
  EXPECT_EQ(complete("hoist ls --endp"), (Words{"--endpoint-url"}));
  EXPECT_EQ(complete("hoist --no-v"), (Words{"--no-verify-ssl"}));
  // Options that take a value are skipped with it when finding the verb.
  EXPECT_EQ(complete("hoist --profile dev sync --dry"), (Words{"--dryrun"}));
}

TEST_F(CompletionTest, BashCompletesChoicesOfIsMemberOptions) {
  EXPECT_EQ(complete("hoist --output "), (Words{"json", "text"}));
  EXPECT_EQ(complete("hoist --output j"), (Words{"json"}));
  EXPECT_EQ(complete("hoist ls --addressing-style "), (Words{"auto", "path", "virtual"}));
  EXPECT_EQ(complete("hoist restore-request --tier E"), (Words{"Expedited"}));
  EXPECT_EQ(complete("hoist completion "), (Words{"bash", "zsh"}));
  // --opt=value: readline replaces only the text after '=', so that is what is offered.
  EXPECT_EQ(complete("hoist --output="), (Words{"json", "text"}));
  EXPECT_EQ(complete("hoist --output=t"), (Words{"text"}));
}

TEST_F(CompletionTest, BashCompletesPaths) {
  EXPECT_EQ(complete("hoist --ca-bundle al"), (Words{"alpha.pem", "alps"}));
  EXPECT_EQ(complete("hoist cp --state-dir al"), (Words{"alps"}));
  EXPECT_EQ(complete("hoist serve --root al"), (Words{"alps"}));
  // Positional arguments are local files.
  EXPECT_EQ(complete("hoist cp al"), (Words{"alpha.pem", "alps"}));
  EXPECT_EQ(complete("hoist cp alpha.pem al"), (Words{"alpha.pem", "alps"}));
  // An SSE-C key is read from fileb://PATH: the scheme first, then the file after it (less
  // what precedes the ':', which readline keeps).
  EXPECT_EQ(complete("hoist cp --sse-c-key "), (Words{"fileb://"}));
  EXPECT_EQ(complete("hoist cp --sse-c-key fileb://al"), (Words{"//alpha.pem", "//alps/"}));
  // Options whose value is free text complete nothing, not files.
  EXPECT_EQ(complete("hoist --region al"), (Words{}));
  EXPECT_EQ(complete("hoist cp --dryrun --content-type al"), (Words{}));
}

// With bash-completion loaded, _hoist takes its words from _init_completion instead.
TEST_F(CompletionTest, BashCompletesWithBashCompletionLoaded) {
  const std::string main_script = "/usr/share/bash-completion/bash_completion";
  if (::access(main_script.c_str(), R_OK) != 0) {
    GTEST_SKIP() << "bash-completion is not installed (tools/install-deps.sh)";
  }
  auto complete = [&](const std::string& line) {
    return complete_with(bash_script_, line, main_script);
  };
  EXPECT_EQ(complete("hoist c"), (Words{"completion", "cp"}));
  EXPECT_EQ(complete("hoist cp --dr"), (Words{"--dryrun"}));
  EXPECT_EQ(complete("hoist --output "), (Words{"json", "text"}));
  EXPECT_EQ(complete("hoist sync --exc"), (Words{"--exclude"}));
  EXPECT_EQ(complete("hoist --output=j"), (Words{"json"}));
  EXPECT_EQ(complete("hoist --region eu-west-1 cp --state-dir al"), (Words{"alps"}));
  EXPECT_EQ(complete("hoist cp --sse-c-key fileb://al"), (Words{"//alpha.pem", "//alps/"}));
}

// The script describes whatever App it is given: a verb and flag that exist nowhere else
// appear in completion with no script edited.
TEST_F(CompletionTest, BashScriptFollowsTheDefinitions) {
  CLI::App app("a made-up command line", "hoist");
  std::string color;
  bool flag = false;
  app.add_option("--color", color, "a colour")->check(CLI::IsMember({"red", "green"}));
  CLI::App* verb = app.add_subcommand("frobnicate", "a verb hoist does not have");
  verb->add_flag("--brand-new-flag", flag, "a flag hoist does not have");
  const std::string script = dir_.write_file("made-up.bash", hoist::cli::bash_completion_script(app));
  EXPECT_EQ(complete_with(script, "hoist f"), (Words{"frobnicate"}));
  EXPECT_EQ(complete_with(script, "hoist frobnicate --b"), (Words{"--brand-new-flag"}));
  EXPECT_EQ(complete_with(script, "hoist --color "), (Words{"green", "red"}));
  EXPECT_EQ(complete_with(script, "hoist c"), (Words{}));
}

TEST_F(CompletionTest, ZshScriptIsValidAndDefinesTheFunction) {
  if (::access(kZsh, X_OK) != 0) GTEST_SKIP() << "zsh is not installed (tools/install-deps.sh)";
  CliResult zsh = run_hoist({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  EXPECT_EQ(zsh.out.rfind("#compdef hoist\n", 0), 0u);
  const std::string path = dir_.write_file("site-functions/_hoist", zsh.out);

  CliResult syntax = run_program(kZsh, {"-n", path});
  EXPECT_EQ(syntax.exit_code, 0) << syntax.err;

  // From $fpath, as installed: compinit binds hoist to the autoloaded _hoist.
  const std::string dump = dir_.path() + "/zcompdump";
  CliResult fpath = run_program(
      kZsh, {"-f", "-c",
             "fpath=(\"$1\" $fpath); autoload -Uz compinit && compinit -u -d \"$2\" || exit 3; "
             "print -r -- $_comps[hoist]; (( $+functions[_hoist] )) && print -r -- defined",
             "zsh", dir_.path() + "/site-functions", dump});
  EXPECT_EQ(fpath.exit_code, 0) << fpath.err;
  EXPECT_EQ(fpath.out, "_hoist\ndefined\n") << fpath.err;
  EXPECT_EQ(fpath.err, "");

  // Sourced after compinit, as `source <(hoist completion zsh)`.
  CliResult sourced = run_program(
      kZsh, {"-f", "-c",
             "autoload -Uz compinit && compinit -u -d \"$2\" || exit 3; source \"$1\" || exit 4; "
             "print -r -- $_comps[hoist]; whence -w _hoist _hoist_verbs _hoist_key_file",
             "zsh", path, dump});
  EXPECT_EQ(sourced.exit_code, 0) << sourced.err;
  EXPECT_EQ(sourced.out,
            "_hoist\n_hoist: function\n_hoist_verbs: function\n_hoist_key_file: function\n");
  EXPECT_EQ(sourced.err, "");
}

TEST_F(CompletionTest, ZshScriptDescribesVerbsAndOptions) {
  CliResult zsh = run_hoist({"completion", "zsh"});
  ASSERT_EQ(zsh.exit_code, 0) << zsh.err;
  for (const char* expected :
       {"'cp:", "'completion:", "'--output=[output format: text or json]:output:(text json)'",
        "'--dryrun[", "'*--exclude=[", "'--ca-bundle=[PEM file of CA certificates to trust]:ca-bundle:_files'",
        "'--state-dir=[", ":state-dir:_files -/'", ":sse-c-key:_hoist_key_file'",
        "'1:shell:(bash zsh)'", "'(--recursive -r)-r["}) {
    EXPECT_NE(zsh.out.find(expected), std::string::npos) << expected;
  }
}

TEST(CompletionUsage, UnknownShellIsAUsageError) {
  CliResult r = run_hoist({"completion", "fish"});
  EXPECT_EQ(r.exit_code, 252);
  EXPECT_EQ(r.out, "");
  // One line of reason naming the shell, then the hint every usage error ends with.
  const std::string reason = r.err.substr(0, r.err.find('\n'));
  EXPECT_EQ(reason.rfind("hoist: completion: ", 0), 0u) << r.err;
  EXPECT_NE(reason.find("fish"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.substr(reason.size()), "\nRun 'hoist completion --help' for usage.\n");

  CliResult missing = run_hoist({"completion"});
  EXPECT_EQ(missing.exit_code, 252) << missing.err;
}

TEST(CompletionUsage, HelpSaysHowToEnableIt) {
  CliResult verb = run_hoist({"completion", "--help"});
  EXPECT_EQ(verb.exit_code, 0) << verb.err;
  EXPECT_NE(verb.out.find("source <(hoist completion bash)"), std::string::npos) << verb.out;
  EXPECT_NE(verb.out.find("source <(hoist completion zsh)"), std::string::npos) << verb.out;
  EXPECT_NE(verb.out.find("share/bash-completion/completions/hoist"), std::string::npos);

  CliResult top = run_hoist({"--help"});
  EXPECT_EQ(top.exit_code, 0) << top.err;
  EXPECT_NE(top.out.find("source <(hoist completion bash)"), std::string::npos) << top.out;
}

// `cmake --install` copies the scripts the build wrote (the test depends on that target, so
// nothing is rebuilt here); only the completion component, so that nothing else need be built.
TEST(CompletionInstall, CmakeInstallPlacesBothScripts) {
  TempDirectory prefix;
  CliResult install = run_program(HOIST_CMAKE_COMMAND, {"--install", HOIST_BINARY_DIR, "--prefix",
                                                        prefix.path(), "--component", "completion"});
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  const std::string share = prefix.path() + "/" HOIST_INSTALL_DATADIR;
  // Compared without printing them: a mismatch of two 20 KiB scripts tells nothing more.
  const std::string bash = read_file(share + "/bash-completion/completions/hoist");
  const std::string zsh = read_file(share + "/zsh/site-functions/_hoist");
  EXPECT_FALSE(bash.empty());
  EXPECT_FALSE(zsh.empty());
  EXPECT_TRUE(bash == run_hoist({"completion", "bash"}).out);
  EXPECT_TRUE(zsh == run_hoist({"completion", "zsh"}).out);
}

}  // namespace
}  // namespace hoist::test

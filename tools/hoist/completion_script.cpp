#include "tools/hoist/completion_script.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace hoist::cli {
namespace {

// What the value of an option, or a positional argument, completes to.
struct ValueCompletion {
  enum class Kind { kText, kFile, kDirectory, kKeyFile, kChoices };
  Kind kind = Kind::kText;
  std::vector<std::string> choices;  // kChoices
};

struct OptionModel {
  std::vector<std::string> names;  // "--recursive", "-r"
  std::string description;         // first line of the help text
  std::string value_name;          // how zsh names the value while completing it
  bool takes_value = false;        // "--output json"; an optional value counts as none
  bool repeatable = false;         // may be given more than once
  ValueCompletion value;
};

struct PositionalModel {
  std::string name;
  bool repeats = false;  // takes every remaining argument
  ValueCompletion value;
};

struct CommandModel {
  std::string name;
  std::string description;
  std::vector<OptionModel> options;
  std::vector<PositionalModel> positionals;
};

// The command line as completion sees it: the options of the root App, then each verb.
struct CliModel {
  CommandModel global;
  std::vector<CommandModel> verbs;
};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// CLI11 keeps nothing of an IsMember check but its validator, whose description is the set
// as help prints it, "{a,b,c}". A Transformer's mapping reads "{a->x,...}": not a choice list.
std::optional<std::vector<std::string>> member_choices(const std::string& description) {
  if (description.size() < 3 || description.front() != '{' || description.back() != '}' ||
      description.find("->") != std::string::npos) {
    return std::nullopt;
  }
  std::vector<std::string> choices;
  std::string_view rest(description);
  rest = rest.substr(1, rest.size() - 2);
  while (true) {
    const size_t comma = rest.find(',');
    choices.emplace_back(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return choices;
}

// Whether `type`, the value's name as help prints it ("TEXT:FILE", "DIR"), has `word` as one
// of its words.
bool has_word(const std::string& type, std::string_view word) {
  size_t start = 0;
  while (start < type.size()) {
    size_t end = start;
    while (end < type.size() && std::isalpha(static_cast<unsigned char>(type[end]))) ++end;
    if (std::string_view(type).substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

// The validators of `option`. CLI11 2.1 tells neither how many there are nor lets them be
// iterated: get_validator(index) throws past the last one.
std::vector<const CLI::Validator*> validators(CLI::Option& option) {
  std::vector<const CLI::Validator*> out;
  try {
    for (int i = 0;; ++i) out.push_back(option.get_validator(i));
  } catch (const CLI::OptionNotFound&) {
  }
  return out;
}

ValueCompletion value_completion(CLI::Option& option) {
  for (const CLI::Validator* validator : validators(option)) {
    if (auto choices = member_choices(validator->get_description())) {
      return {ValueCompletion::Kind::kChoices, std::move(*choices)};
    }
  }
  // The value's name in help says whether it is a local path: CLI11's ExistingFile and its
  // kin call it FILE, DIR or PATH, and path options without such a check set a type_name.
  const std::string type = option.get_type_name();
  if (type.find("fileb://") != std::string::npos) return {ValueCompletion::Kind::kKeyFile, {}};
  if (has_word(type, "DIR")) return {ValueCompletion::Kind::kDirectory, {}};
  if (has_word(type, "FILE") || has_word(type, "PATH")) return {ValueCompletion::Kind::kFile, {}};
  return {};
}

CommandModel describe_command(CLI::App& command) {
  CommandModel model;
  model.name = command.get_name();
  model.description = first_line(command.get_description());
  for (CLI::Option* option : command.get_options()) {
    if (option->get_group().empty()) continue;  // hidden from help, so from completion too
    if (!option->nonpositional()) {
      PositionalModel positional;
      positional.name = option->get_name(true);
      positional.repeats = option->get_items_expected_max() > 1;
      positional.value = value_completion(*option);
      // Positional arguments are local paths or S3 URLs: local files are what a shell knows.
      if (positional.value.kind == ValueCompletion::Kind::kText) {
        positional.value.kind = ValueCompletion::Kind::kFile;
      }
      model.positionals.push_back(std::move(positional));
      continue;
    }
    OptionModel out;
    for (const std::string& name : option->get_lnames()) out.names.push_back("--" + name);
    for (const std::string& name : option->get_snames()) out.names.push_back("-" + name);
    out.description = first_line(option->get_description());
    out.value_name = out.names.front().substr(out.names.front().find_first_not_of('-'));
    out.takes_value = option->get_items_expected_min() > 0;
    // Only options that collect values (--exclude) are worth offering again; others take
    // their last value or count, which completion need not encourage.
    out.repeatable = option->get_items_expected_max() > 1;
    out.value = value_completion(*option);
    model.options.push_back(std::move(out));
  }
  return model;
}

CliModel describe_cli(CLI::App& app) {
  CliModel model;
  model.global = describe_command(app);
  // Without a filter get_subcommands() lists only the parsed ones; option groups are nameless.
  for (CLI::App* verb : app.get_subcommands([](CLI::App*) { return true; })) {
    if (!verb->get_name().empty()) model.verbs.push_back(describe_command(*verb));
  }
  return model;
}

// `word` in single quotes, for bash and zsh alike.
std::string shell_quoted(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string quoted_words(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += shell_quoted(word);
  }
  return out;
}

// ---- bash ----

// The words _hoist_complete_value reads, one a line: a kind, then any choices.
std::string bash_value_lines(const ValueCompletion& value) {
  switch (value.kind) {
    case ValueCompletion::Kind::kText: return "text";
    case ValueCompletion::Kind::kFile: return "file";
    case ValueCompletion::Kind::kDirectory: return "dir";
    case ValueCompletion::Kind::kKeyFile: return "keyfile";
    case ValueCompletion::Kind::kChoices: return "choices " + quoted_words(value.choices, " ");
  }
  return "text";
}

// `case` arms for _hoist_option_value, one per way of completing: the options of `command`
// that take a value print how it completes; its flags fail, which also keeps a global option
// of the same name from applying.
std::string bash_value_arms(const CommandModel& command, std::string_view indent) {
  std::vector<std::pair<std::string, std::vector<std::string>>> arms;  // body, option names
  for (const OptionModel& option : command.options) {
    const std::string body = option.takes_value
                                 ? "printf '%s\\n' " + bash_value_lines(option.value) + "; return 0"
                                 : "return 1";
    auto arm = std::find_if(arms.begin(), arms.end(), [&](const auto& a) { return a.first == body; });
    if (arm == arms.end()) arm = arms.insert(arms.end(), {body, {}});
    arm->second.insert(arm->second.end(), option.names.begin(), option.names.end());
  }
  std::string out;
  for (const auto& [body, names] : arms) {
    out += std::string(indent) + quoted_words(names, "|") + ") " + body + " ;;\n";
  }
  return out;
}

std::vector<std::string> option_names(const CommandModel& command) {
  std::vector<std::string> names;
  for (const OptionModel& option : command.options) {
    names.insert(names.end(), option.names.begin(), option.names.end());
  }
  return names;
}

// The parts of the bash script that do not depend on the verbs and options.
constexpr const char* kBashHeader = R"sh(# bash completion for hoist, generated by `hoist completion bash` from hoist's own
# definitions of its verbs and options: regenerate it when hoist changes.
# Enable it in the current shell with: source <(hoist completion bash)
# `cmake --install` installs it where bash-completion finds it (share/bash-completion/completions).
)sh";

constexpr const char* kBashFunctions = R"sh(
# Sets COMPREPLY to the words in "$@" that extend $cur. Readline replaces only the text after
# the last word-break character in $cur (the = of --opt=value, the : of fileb://), so the
# replies leave out what comes before it.
_hoist_reply() {
  local breaks=${COMP_WORDBREAKS//[^=:]/} keep="" w
  if [[ -n $breaks && $cur == *["$breaks"]* ]]; then
    keep=${cur%"${cur##*["$breaks"]}"}
  fi
  COMPREPLY=()
  for w in "$@"; do
    if [[ $w == "$cur"* ]]; then COMPREPLY+=("${w#"$keep"}"); fi
  done
  return 0
}

# Completes local paths (compgen $2: -f files, -d directories) written after $1 in $cur.
_hoist_files() {
  local prefix=$1 f
  local -a found=()
  mapfile -t found < <(compgen "$2" -- "${cur#"$prefix"}")
  if [[ $prefix == *fileb:// ]]; then
    # Readline cannot see the directories inside fileb://...: mark them, add no space.
    compopt -o nospace 2>/dev/null
    for f in "${!found[@]}"; do
      if [[ -d ${found[f]} ]]; then found[f]+=/; fi
    done
  else
    compopt -o filenames 2>/dev/null
  fi
  _hoist_reply "${found[@]/#/"$prefix"}"
}

# Completes a value written after $1 in $cur, as the lines of $2 say: a kind (file, dir,
# keyfile, choices, text), then for choices the words to offer.
_hoist_complete_value() {
  local prefix=$1
  local -a spec=()
  mapfile -t spec <<< "$2"
  case ${spec[0]} in
    file) _hoist_files "$prefix" -f ;;
    dir) _hoist_files "$prefix" -d ;;
    keyfile)
      if [[ ${cur#"$prefix"} == fileb://* ]]; then
        _hoist_files "${prefix}fileb://" -f
      else
        compopt -o nospace 2>/dev/null
        _hoist_reply "${prefix}fileb://"
      fi ;;
    choices)
      local -a choices=("${spec[@]:1}")
      _hoist_reply "${choices[@]/#/"$prefix"}" ;;
    *) COMPREPLY=() ;;
  esac
}

_hoist() {
  local cur prev words cword split
  if declare -F _init_completion >/dev/null 2>&1; then
    # bash-completion keeps --opt=value and fileb://path whole and handles redirections.
    _init_completion -n =: || return
  else
    # bash's own COMP_WORDS are broken at = and :, so split the line up to the cursor at blanks.
    local line=${COMP_LINE:0:COMP_POINT}
    read -ra words <<< "$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then words+=(""); fi
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
  fi

  # The verb, the number of arguments before the current word, and the option whose value
  # the current word is, if any. Global options may come before or after the verb.
  local verb="" value_of="" dashdash="" w i=1 npos=0
  while ((i < cword)); do
    w=${words[i]}
    if [[ -z $dashdash && $w == -- ]]; then
      dashdash=1
    elif [[ -z $dashdash && $w == -?* ]]; then
      if [[ $w != *=* ]] && _hoist_option_value "$verb" "$w" >/dev/null; then
        if ((i + 1 == cword)); then value_of=$w; fi
        i=$((i + 1))
      fi
    elif [[ -z $verb ]]; then
      verb=$w
    else
      npos=$((npos + 1))
    fi
    i=$((i + 1))
  done

  local -a all=()
  if [[ -n $value_of ]]; then
    _hoist_complete_value "" "$(_hoist_option_value "$verb" "$value_of")"
  elif [[ -z $dashdash && $cur == --*=* ]]; then
    local spec
    if spec=$(_hoist_option_value "$verb" "${cur%%=*}"); then
      _hoist_complete_value "${cur%%=*}=" "$spec"
    else
      COMPREPLY=()
    fi
  elif [[ -z $dashdash && $cur == -* ]]; then
    mapfile -t all < <(_hoist_options "$verb")
    _hoist_reply "${all[@]}"
  elif [[ -z $verb ]]; then
    mapfile -t all < <(_hoist_verbs)
    _hoist_reply "${all[@]}"
  else
    _hoist_complete_value "" "$(_hoist_positional "$verb" "$npos")"
  fi
  return 0
}

complete -F _hoist hoist
)sh";

std::string bash_script(const CliModel& cli) {
  std::string out = kBashHeader;

  std::vector<std::string> verb_names;
  for (const CommandModel& verb : cli.verbs) verb_names.push_back(verb.name);
  out += "\n# Prints the verbs.\n_hoist_verbs() {\n  printf '%s\\n' " + quoted_words(verb_names, " ") +
         "\n}\n";

  out += "\n# Prints the options verb $1 accepts (none yet: \"\"): its own, then the global ones.\n"
         "_hoist_options() {\n  case $1 in\n";
  for (const CommandModel& verb : cli.verbs) {
    if (verb.options.empty()) continue;
    out += "    " + shell_quoted(verb.name) + ") printf '%s\\n' " + quoted_words(option_names(verb), " ") +
           " ;;\n";
  }
  out += "  esac\n  printf '%s\\n' " + quoted_words(option_names(cli.global), " ") + "\n}\n";

  out += "\n# Prints how the value of option $2 of verb $1 completes (see _hoist_complete_value);\n"
         "# fails if the option takes no value or is unknown.\n"
         "_hoist_option_value() {\n  case $1 in\n";
  for (const CommandModel& verb : cli.verbs) {
    if (verb.options.empty()) continue;
    out += "    " + shell_quoted(verb.name) + ")\n      case $2 in\n" +
           bash_value_arms(verb, "        ") + "      esac ;;\n";
  }
  out += "  esac\n  case $2 in\n" + bash_value_arms(cli.global, "    ") +
         "  esac\n  return 1\n}\n";

  out += "\n# Prints how positional argument $2 (from 0) of verb $1 completes.\n"
         "_hoist_positional() {\n  case $1 in\n";
  for (const CommandModel& verb : cli.verbs) {
    if (verb.positionals.empty()) continue;
    out += "    " + shell_quoted(verb.name) + ")\n      case $2 in\n";
    for (size_t i = 0; i < verb.positionals.size(); ++i) {
      const PositionalModel& positional = verb.positionals[i];
      const bool last_repeats = positional.repeats && i + 1 == verb.positionals.size();
      out += "        " + (last_repeats ? std::string("*") : std::to_string(i)) +
             ") printf '%s\\n' " + bash_value_lines(positional.value) + " ;;\n";
    }
    out += "      esac ;;\n";
  }
  out += "  esac\n}\n";

  return out + kBashFunctions;
}

// ---- zsh ----

// Text inside an _arguments [description]: brackets and backslashes would end or escape it.
std::string zsh_description(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// A word of a choice list in an _arguments action "(a b c)".
std::string zsh_choice(std::string_view word) {
  std::string out;
  for (char c : word) {
    if (c == ' ' || c == '(' || c == ')' || c == '\\' || c == ':') out += '\\';
    out += c;
  }
  return out;
}

std::string zsh_action(const ValueCompletion& value) {
  switch (value.kind) {
    case ValueCompletion::Kind::kText: return " ";  // a value is required; nothing to offer
    case ValueCompletion::Kind::kFile: return "_files";
    case ValueCompletion::Kind::kDirectory: return "_files -/";
    case ValueCompletion::Kind::kKeyFile: return "_hoist_key_file";
    case ValueCompletion::Kind::kChoices: {
      std::string out = "(";
      for (const std::string& choice : value.choices) {
        if (out.size() > 1) out += ' ';
        out += zsh_choice(choice);
      }
      return out + ")";
    }
  }
  return " ";
}

// The _arguments specs of `option`, one per name, each quoted for the shell.
std::vector<std::string> zsh_option_specs(const OptionModel& option) {
  std::string exclusion;
  if (option.repeatable) {
    exclusion = "*";
  } else if (option.names.size() > 1) {
    exclusion = "(";
    for (const std::string& name : option.names) exclusion += (exclusion.size() > 1 ? " " : "") + name;
    exclusion += ")";
  }
  std::vector<std::string> specs;
  for (const std::string& name : option.names) {
    std::string spec = exclusion + name;
    // --name=: the value may follow in the same word after = or as the next word; -n+ alike.
    if (option.takes_value) spec += name.rfind("--", 0) == 0 ? "=" : "+";
    spec += "[" + zsh_description(option.description) + "]";
    if (option.takes_value) spec += ":" + option.value_name + ":" + zsh_action(option.value);
    specs.push_back(shell_quoted(spec));
  }
  return specs;
}

std::string zsh_spec_lines(const std::vector<std::string>& specs, std::string_view indent) {
  std::string out;
  for (const std::string& spec : specs) out += std::string(indent) + spec + " \\\n";
  return out;
}

constexpr const char* kZshHeader = R"sh(#compdef hoist
# zsh completion for hoist, generated by `hoist completion zsh` from hoist's own definitions of
# its verbs and options: regenerate it when hoist changes.
# Enable it: put it in a directory of $fpath as _hoist (`cmake --install` installs it in
# share/zsh/site-functions), or after compinit run: source <(hoist completion zsh)

# The value of --sse-c-key and the like: fileb:// and the path of a key file.
_hoist_key_file() {
  if compset -P 'fileb://'; then
    _files
  else
    compadd -S '' -- 'fileb://'
  fi
}
)sh";

constexpr const char* kZshFooter = R"sh(
# Loaded from $fpath, this file is the body of _hoist's first call; sourced, it registers it.
if [[ $funcstack[1] == _hoist ]]; then
  _hoist "$@"
else
  compdef _hoist hoist
fi
)sh";

std::string zsh_script(const CliModel& cli) {
  std::string out = kZshHeader;

  out += "\n_hoist_verbs() {\n  local -a verbs\n  verbs=(\n";
  for (const CommandModel& verb : cli.verbs) {
    std::string entry;
    for (char c : verb.name) entry += c == ':' ? std::string("\\:") : std::string(1, c);
    out += "    " + shell_quoted(entry + ":" + verb.description) + "\n";
  }
  out += "  )\n  _describe -t verbs 'hoist verb' verbs\n}\n";

  std::vector<std::string> global_specs;
  for (const OptionModel& option : cli.global.options) {
    for (std::string& spec : zsh_option_specs(option)) global_specs.push_back(std::move(spec));
  }

  out += "\n_hoist() {\n"
         "  local curcontext=$curcontext state state_descr line ret=1\n"
         "  local -A opt_args\n"
         "  _arguments -C -S \\\n" +
         zsh_spec_lines(global_specs, "    ") +
         "    '1: :_hoist_verbs' \\\n"
         "    '*:: :->verb' && ret=0\n"
         "  [[ $state == verb ]] || return ret\n"
         "  curcontext=${curcontext%:*:*}:hoist-$words[1]:\n"
         "  case $words[1] in\n";
  for (const CommandModel& verb : cli.verbs) {
    std::vector<std::string> specs;
    std::vector<std::string> own_names = option_names(verb);
    for (const OptionModel& option : verb.options) {
      for (std::string& spec : zsh_option_specs(option)) specs.push_back(std::move(spec));
    }
    // Global options may follow the verb, unless the verb has an option of the same name.
    for (const OptionModel& option : cli.global.options) {
      bool shadowed = false;
      for (const std::string& name : option.names) {
        shadowed = shadowed || std::find(own_names.begin(), own_names.end(), name) != own_names.end();
      }
      if (shadowed) continue;
      for (std::string& spec : zsh_option_specs(option)) specs.push_back(std::move(spec));
    }
    for (size_t i = 0; i < verb.positionals.size(); ++i) {
      const PositionalModel& positional = verb.positionals[i];
      const std::string position = positional.repeats ? "*" : std::to_string(i + 1);
      specs.push_back(shell_quoted(position + ":" + positional.name + ":" + zsh_action(positional.value)));
    }
    out += "    (" + shell_quoted(verb.name) + ")\n      _arguments -S \\\n" +
           zsh_spec_lines(specs, "        ") + "        && ret=0 ;;\n";
  }
  out += "  esac\n  return ret\n}\n";

  return out + kZshFooter;
}

}  // namespace

std::string bash_completion_script(CLI::App& app) { return bash_script(describe_cli(app)); }

std::string zsh_completion_script(CLI::App& app) { return zsh_script(describe_cli(app)); }

}  // namespace hoist::cli

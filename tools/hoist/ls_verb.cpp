// hoist ls: buckets, or the objects and prefixes under an s3:// URL, as `aws s3 ls` shows them;
// with --uploads, the multipart uploads in progress there (left behind by interrupted copies).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hoist/object_listing.h"
#include "hoist/s3_uri.h"
#include "tools/hoist/context.h"
#include "tools/hoist/format.h"
#include "tools/hoist/verb.h"

namespace hoist::cli {
namespace {

class LsVerb : public Verb {
 public:
  CLI::App* add_to(CLI::App& app) override {
    CLI::App* cmd = app.add_subcommand(
        "ls",
        "List buckets, or objects and common prefixes under s3://bucket[/prefix], or with\n"
        "--uploads the multipart uploads in progress there, one per line:\n"
        "<initiated>  <upload id>  <key>");
    cmd->add_option("path", path_, "s3://bucket[/prefix]; omit to list buckets");
    cmd->add_flag("--recursive,-r", recursive_, "list every object under the prefix");
    CLI::Option* human = cmd->add_flag("--human-readable", human_, "sizes in KiB, MiB, GiB");
    CLI::Option* summarize =
        cmd->add_flag("--summarize", summarize_, "print the object count and total size");
    cmd->add_flag(
           "--uploads", uploads_,
           "list the multipart uploads in progress under the folder the prefix names "
           "(every one, as if --recursive), instead of objects; 'hoist rm --uploads' aborts them")
        ->excludes(human)
        ->excludes(summarize);
    return cmd;
  }

  int run(Context& context) override {
    if (path_.empty()) {
      if (uploads_) return context.usage_error("ls", "--uploads needs s3://bucket[/prefix]");
      return list_buckets(context);
    }
    auto uri = parse_s3_uri(path_);
    if (!uri.ok()) return context.usage_error("ls", uri.error().message);
    if (uploads_) return list_uploads(context, *uri);
    return list_objects(context, *uri);
  }

 private:
  int list_buckets(Context& context) {
    Client* client = context.client("ls");
    if (!client) return kExitConfig;
    auto buckets = client->list_buckets();
    if (!buckets.ok()) return context.report_stop("ls", "", buckets.error(), kExitService);
    if (context.format() == OutputFormat::kJson) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& b : *buckets)
        out.push_back({{"name", b.name}, {"creation_date", b.creation_date}});
      context.print_json(out);
      return kExitOk;
    }
    for (const auto& b : *buckets) context.print(listing_time(b.creation_date) + " " + b.name);
    return kExitOk;
  }

  int list_objects(Context& context, const S3Uri& uri) {
    Client* client = context.client("ls");
    if (!client) return kExitConfig;
    ListRequest request;
    request.bucket = uri.bucket;
    request.prefix = uri.key;
    if (!recursive_) request.delimiter = "/";
    // Names are printed relative to the "directory" of the prefix, as aws-cli does.
    const size_t strip = recursive_ ? 0 : uri.key.rfind('/') + 1;

    uint64_t count = 0, total = 0, prefixes_seen = 0;
    nlohmann::json objects = nlohmann::json::array();
    nlohmann::json prefixes = nlohmann::json::array();
    const bool json = context.format() == OutputFormat::kJson;
    ObjectListing listing(*client, request);
    for (;;) {
      auto page = listing.next();
      if (!page.ok()) {
        return context.report_stop("ls", uri.to_string(), page.error(), kExitService);
      }
      if (!*page) break;
      for (const auto& prefix : (*page)->common_prefixes) {
        ++prefixes_seen;
        if (json) {
          prefixes.push_back(prefix);
        } else {
          context.print("                           PRE " + prefix.substr(strip));
        }
      }
      for (const auto& o : (*page)->objects) {
        ++count;
        total += o.size;
        if (json) {
          objects.push_back({{"key", o.key},
                             {"size", o.size},
                             {"last_modified", o.last_modified},
                             {"etag", o.etag},
                             {"storage_class", o.storage_class}});
          continue;
        }
        std::string size = human_ ? human_size(o.size) : std::to_string(o.size);
        char line[64];
        std::snprintf(line, sizeof line, "%s %10s ", listing_time(o.last_modified).c_str(),
                      size.c_str());
        context.print(line + o.key.substr(std::min(strip, o.key.size())));
      }
    }

    if (json) {
      nlohmann::json out = {{"objects", objects}, {"prefixes", prefixes}};
      if (summarize_) out["summary"] = {{"objects", count}, {"bytes", total}};
      context.print_json(out);
    } else if (summarize_) {
      context.print("");
      context.print("Total Objects: " + std::to_string(count));
      context.print("   Total Size: " + (human_ ? human_size(total) : std::to_string(total)));
    }
    // As aws-cli: a prefix that matches nothing fails, so scripts can test whether something
    // exists with `hoist ls s3://b/k`; an empty bucket listed whole is not an error.
    const bool nothing = count == 0 && prefixes_seen == 0;
    return nothing && !uri.key.empty() ? kExitFailed : kExitOk;
  }

  // Keys are printed whole: uploads are not grouped into prefixes, so there is no
  // "directory" to print them relative to. The prefix names a folder, as in `rm --uploads`,
  // so what this lists is exactly what that aborts.
  int list_uploads(Context& context, const S3Uri& uri) {
    Client* client = context.client("ls");
    if (!client) return kExitConfig;
    auto uploads = client->list_multipart_uploads(uri.bucket, folder_prefix(uri.key));
    if (!uploads.ok()) {
      return context.report_stop("ls", uri.to_string(), uploads.error(), kExitService);
    }
    if (context.format() == OutputFormat::kJson) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& u : *uploads) {
        out.push_back({{"key", u.key},
                       {"upload_id", u.upload_id},
                       {"initiated", u.initiated},
                       {"storage_class", u.storage_class}});
      }
      context.print_json(out);
      return kExitOk;
    }
    for (const auto& u : *uploads) {
      context.print(listing_time(u.initiated) + "  " + u.upload_id + "  " + u.key);
    }
    return kExitOk;
  }

  std::string path_;
  bool recursive_ = false;
  bool uploads_ = false;
  bool human_ = false;
  bool summarize_ = false;
};

}  // namespace

std::unique_ptr<Verb> make_ls_verb() { return std::make_unique<LsVerb>(); }

}  // namespace hoist::cli

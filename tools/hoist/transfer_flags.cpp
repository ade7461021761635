#include "tools/hoist/transfer_flags.h"

#include <CLI/CLI.hpp>

#include "hoist/storage_class.h"
#include "tools/hoist/bandwidth_limit.h"
#include "tools/hoist/byte_size.h"
#include "tools/hoist/sse_customer_key.h"

namespace hoist::cli {

CLI::Validator byte_size_into(uint64_t* out) {
  return CLI::Validator(
      [out](std::string& text) -> std::string {
        auto size = parse_byte_size(text);
        if (!size) return "'" + text + "' is not a size (examples: 8MiB, 64M, 1G, 1048576)";
        *out = *size;
        return {};
      },
      "SIZE");
}

// A validator whose one-line refusal lists the classes, before anything is sent.
CLI::Validator storage_class_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (is_storage_class(text)) return {};
        return "'" + text + "' is not a storage class (valid: " + storage_class_list() + ")";
      },
      "CLASS");
}

void TransferFlags::add_to(CLI::App* cmd) {
  cmd->add_option("--content-type", options_.content_type,
                  "Content-Type of uploaded objects (default: guessed from the file's "
                  "extension, else application/octet-stream)");
  cmd->add_option("--checksum-algorithm", options_.checksum_algorithm,
                  "checksum S3 verifies on upload: CRC32, CRC32C, CRC64NVME, SHA1, SHA256 or "
                  "none; CRCs give multipart objects a FULL_OBJECT checksum")
      ->capture_default_str();
  part_size_flag_ =
      cmd->add_option("--part-size", part_size_text_,
                      "bytes per part of a multipart upload and per ranged GET (default 8MiB; "
                      "5MiB to 5GiB; raised when a file would need more than 10,000 parts)")
          ->check(byte_size_into(&options_.part_size));
  threshold_flag_ =
      cmd->add_option("--multipart-threshold", threshold_text_,
                      "files this large or larger go as multipart uploads (default 8MiB)")
          ->check(byte_size_into(&options_.multipart_threshold));
  concurrency_flag_ = cmd->add_option("--concurrency", options_.concurrency,
                                      "requests in flight at once (default 8 per core, 16 to 64)")
                          ->check(CLI::Range(1, 1024));
  cmd->add_option("--max-memory", memory_text_,
                  "cap on part buffers (default: one part per request in flight plus one per "
                  "thread, at most a quarter of RAM; --debug prints it)")
      ->check(byte_size_into(&options_.max_memory));
  CLI::Option* follow = cmd->add_flag("--follow-symlinks", follow_,
                                      "copy what symlinks point to (the default, as in aws-cli)");
  cmd->add_flag("--no-follow-symlinks", no_follow_,
                "skip symlinks instead of copying what they point to")
      ->excludes(follow);
  cmd->add_flag("--no-resume", no_resume_,
                "do not journal multipart uploads; an interrupted one is aborted instead");
  cmd->add_option("--state-dir", options_.state_dir,
                  "where the resume journal and the sync state cache live (default "
                  "$XDG_CACHE_HOME/hoist or ~/.cache/hoist)")
      ->type_name("DIR");  // help shows it, and completion offers directories
  cmd->add_flag("--fsync", options_.fsync,
                "flush each downloaded file to disk before renaming it into place (survives "
                "a power cut; slower)");
  cmd->add_flag("--no-progress", no_progress_, "no live progress line on a terminal");
  bwlimit_flag_ =
      cmd->add_option("--bwlimit", bwlimit_text_,
                      "cap on bytes per second, sent and received together, shared by all "
                      "connections (50M means 50 MiB/s; default 0: no cap)")
          ->check(bandwidth_limit_into(&options_.bandwidth_limit));
  cmd->add_option("--compress", options_.compress,
                  "store uploads compressed: gzip[:0-3] or zstd[:1-19] (objects get "
                  "Content-Encoding; files that do not compress are stored as they are)");
  cmd->add_flag("--raw", options_.raw,
                "download objects with Content-Encoding gzip or zstd as stored, without "
                "decompressing them");
  add_object_options(cmd);
}

void TransferFlags::add_object_options(CLI::App* cmd) {
  // As in aws-cli, --sse and --sse-c alone mean AES256.
  cmd->add_option("--sse", options_.sse,
                  "server-side encryption of uploads: AES256 (alone: the default), aws:kms or "
                  "aws:kms:dsse")
      ->expected(0, 1)
      ->default_str("AES256");
  cmd->add_option("--sse-kms-key-id", options_.sse_kms_key_id,
                  "KMS key id or ARN for --sse aws:kms");
  add_sse_customer_key_flags(cmd, &options_.sse_customer_algorithm, &options_.sse_customer_key,
                             &sse_c_key_text_, "encrypt uploads and read downloads");
  cmd->add_option("--tagging", options_.tagging, "tags of uploads: \"k1=v1&k2=v2\" (URL-encoded)");
  cmd->add_option("--metadata", options_.metadata,
                  "user metadata of uploads (x-amz-meta-*): k1=v1,k2=v2 or JSON {\"k1\":\"v1\"}");
  cmd->add_flag("--no-guess-mime-type", no_guess_mime_type_,
                "do not guess Content-Type from file extensions");
  cmd->add_option("--cache-control", options_.cache_control, "Cache-Control of uploads");
  cmd->add_option("--content-disposition", options_.content_disposition,
                  "Content-Disposition of uploads, e.g. attachment");
  cmd->add_option("--content-encoding", options_.content_encoding,
                  "Content-Encoding of uploads, stored as given (not with --compress, which "
                  "sets it)");
  cmd->add_option("--content-language", options_.content_language,
                  "Content-Language of uploads, e.g. en-US");
  cmd->add_option("--expires", options_.expires,
                  "Expires of uploads: an ISO 8601 time such as 2030-01-01T00:00:00Z");
  cmd->add_option("--website-redirect", options_.website_redirect,
                  "redirect of uploads for a website bucket: /path or an http(s) URL");
  cmd->add_option("--acl", options_.acl,
                  "canned ACL of uploads: private, public-read, public-read-write, "
                  "authenticated-read, aws-exec-read, bucket-owner-read, "
                  "bucket-owner-full-control");
  cmd->add_option("--object-lock-mode", options_.object_lock_mode,
                  "object lock of uploads: GOVERNANCE or COMPLIANCE (with a retain-until date)");
  cmd->add_option("--object-lock-retain-until-date,--object-lock-retain-until",
                  options_.object_lock_retain_until_date,
                  "object lock retention end, ISO 8601 (2030-01-01T00:00:00Z)");
  cmd->add_option("--object-lock-legal-hold-status,--object-lock-legal-hold",
                  options_.object_lock_legal_hold_status, "legal hold of uploads: ON or OFF");
  cmd->add_option("--storage-class", options_.storage_class,
                  "storage class of uploaded objects: " + storage_class_list())
      ->check(storage_class_validator());
  cmd->add_flag("--ignore-glacier-warnings", ignore_glacier_warnings_,
                "downloads: skip GLACIER and DEEP_ARCHIVE objects that are not restored "
                "without a warning, and do not exit 1 for them");
}

bool TransferFlags::apply_profile_defaults(const Context& context, std::string_view verb,
                                           const ResolvedSettings& settings) {
  const std::string bad = take_profile_defaults(settings.s3_transfer_defaults);
  if (!bad.empty()) context.report_error(verb, "configuration", bad);
  return bad.empty();
}

std::string TransferFlags::take_profile_defaults(
    const std::vector<ProfileTransferSetting>& defaults) {
  for (const ProfileTransferSetting& d : defaults) {
    const std::string where = d.name + " '" + d.value + "' in " + d.source;
    if (d.name == "max_concurrent_requests") {
      if (concurrency_flag_->count() > 0) continue;
      try {
        size_t used = 0;
        const int n = std::stoi(d.value, &used);
        if (used != d.value.size() || n < 1 || n > 1024) throw std::out_of_range(d.value);
        options_.concurrency = n;
      } catch (const std::exception&) {
        return where + " is not a number of requests from 1 to 1024";
      }
    } else if (d.name == "multipart_chunksize" || d.name == "multipart_threshold") {
      const bool chunk = d.name == "multipart_chunksize";
      if ((chunk ? part_size_flag_ : threshold_flag_)->count() > 0) continue;
      auto size = parse_byte_size(d.value);
      if (!size) return where + " is not a size (examples: 8MB, 16MiB, 1048576)";
      (chunk ? options_.part_size : options_.multipart_threshold) = *size;
    } else if (d.name == "max_bandwidth") {
      if (bwlimit_flag_->count() > 0) continue;
      // aws-cli writes rates as "50MB/s"; the sizes are binary, as everywhere here.
      std::string_view rate = d.value;
      if (rate.ends_with("/s")) rate.remove_suffix(2);
      auto bytes = parse_byte_size(rate);
      if (!bytes || (*bytes != 0 && *bytes < kMinBandwidthLimit)) {
        return where + " is not a rate (examples: 50MB/s, 1048576)";
      }
      options_.bandwidth_limit = *bytes;
    }
  }
  return {};
}

TransferOptions& TransferFlags::options() {
  options_.follow_symlinks = !no_follow_;
  options_.resume = !no_resume_;
  options_.guess_content_type = !no_guess_mime_type_;
  return options_;
}

}  // namespace hoist::cli

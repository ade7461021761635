#include "engine/api/upload_feeder.h"

#include "engine/transfer/compressed_body.h"
#include "engine/transfer/compressed_file_upload.h"
#include "engine/transfer/local_error.h"
#include "engine/transfer/multipart_upload.h"
#include "engine/transfer/object_report.h"
#include "engine/transfer/part_adoption.h"
#include "engine/transfer/part_plan.h"
#include "engine/transfer/resume_point.h"
#include "engine/transfer/single_upload.h"

namespace hoist::api {

UploadFeeder::UploadFeeder(RunningTransfer& running, const transfer::ObjectSettings& object,
                           uint64_t buffer_size, std::string bucket, UploadedFileRemover* remover)
    : running_(running),
      object_(object),
      buffer_size_(buffer_size),
      bucket_(std::move(bucket)),
      remover_(remover) {}

bool UploadFeeder::add(const std::string& path, const io::FileStat& stat, std::string key,
                       std::shared_ptr<transfer::PartSource> reader) {
  transfer::Engine& engine = *running_.engine;
  if (remover_ && !reader) remover_->expect(path, stat);
  auto source = std::make_shared<transfer::UploadSource>();
  source->path = path;
  source->stat = stat;
  source->reader = std::move(reader);
  source->bucket = bucket_;
  source->key = std::move(key);
  auto plan = transfer::plan_parts(stat.size, object_.part_size, object_.multipart_threshold);
  if (!plan.ok()) return fail(*source, plan.error());
  source->plan = *plan;
  if (object_.dryrun) {
    ObjectReport report = transfer::report_for(*source);
    report.dryrun = true;
    report.bytes = stat.size;
    engine.add_failed(std::move(report));
    return !engine.cancelled();
  }
  if (source->plan.part_size > buffer_size_) {
    return fail(*source, transfer::invalid_input(
                             "InvalidPartSize",
                             "needs parts of " + std::to_string(plan->part_size >> 20) +
                                 " MiB to stay within 10,000 parts; copy it on its own or "
                                 "pass --part-size " +
                                 std::to_string(plan->part_size >> 20) + "MiB"));
  }
  if (object_.codec && !source->reader &&
      (source->plan.multipart || stat.size > transfer::kMaxInPlaceCompression) &&
      transfer::upload_compressed_file(engine, *source, *object_.codec)) {
    return !engine.cancelled();
  }
  if (source->plan.multipart && running_.journal) {
    auto resume = transfer::find_resume_point(
        *running_.journal, engine.control(), engine.context().env, *source,
        transfer::part_adoption_for(object_.algorithm, object_.options));
    if (!resume.ok()) return fail(*source, resume.error());
    source->resume = std::move(*resume);
  }
  transfer::Task first = source->plan.multipart ? transfer::multipart_upload_task(source)
                                                : transfer::single_upload_task(source);
  return engine.add(std::move(first), stat.size);
}

bool UploadFeeder::fail(const transfer::UploadSource& source, Error error) {
  return end_early(source, std::move(error), /*unreadable=*/false);
}

bool UploadFeeder::skip_unreadable(const transfer::UploadSource& source, Error why) {
  return end_early(source, std::move(why), /*unreadable=*/true);
}

bool UploadFeeder::end_early(const transfer::UploadSource& source, Error error, bool unreadable) {
  ObjectReport report = transfer::report_for(source);
  report.error = transfer::error_for(source, std::move(error));
  report.unreadable = unreadable;
  running_.engine->add_failed(std::move(report));
  return !running_.engine->cancelled();
}

}  // namespace hoist::api

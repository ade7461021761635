// UploadedFileRemover: TransferOptions::remove_uploaded_files (hoist mv). It learns each file
// as the upload queues it (as it was listed) and, when the file's object is reported
// stored, removes the file through the Client's Env, unless it changed since it was listed:
// bytes written after the upload read them are not thrown away.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>

#include "base/mutex.h"
#include "hoist/transfer.h"
#include "io/env.h"
#include "io/file_stat.h"

namespace hoist::api {

class UploadedFileRemover {
 public:
  // `then` gets each report after the removal was tried (null: nobody).
  UploadedFileRemover(io::Env* env, std::function<void(const ObjectReport&)> then);
  UploadedFileRemover(const UploadedFileRemover&) = delete;
  UploadedFileRemover& operator=(const UploadedFileRemover&) = delete;

  // A file queued for upload, as it was listed.
  void expect(const std::string& path, const io::FileStat& listed);
  // The TransferOptions::on_object that removes each stored file, then tells `then`.
  // REQUIRES: this remover outlives the transfer.
  std::function<void(const ObjectReport&)> reporter();

 private:
  // Removes the file `report` names if its object was stored and it is as listed; otherwise
  // says in report->removal_error why it stays.
  void settle(ObjectReport* report);

  io::Env* env_;
  std::function<void(const ObjectReport&)> then_;
  base::Mutex mutex_;
  std::unordered_map<std::string, io::FileStat> listed_ GUARDED_BY(mutex_);
};

}  // namespace hoist::api

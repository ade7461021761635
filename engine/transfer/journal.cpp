#include "engine/transfer/journal.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string_view>
#include <system_error>
#include <utility>

#include "base/mutex.h"
#include "engine/transfer/state_file.h"

namespace hoist::transfer {
namespace {

constexpr int kSchemaVersion = 1;
// Version 1. `object_key` because KEY is an SQL keyword. Parts have no foreign key to their
// upload: record_part() checks that the upload exists itself, and forget deletes both.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS uploads (
  upload_id TEXT PRIMARY KEY NOT NULL,
  local_path TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  bucket TEXT NOT NULL,
  object_key TEXT NOT NULL,
  part_size INTEGER NOT NULL,
  checksum_algorithm TEXT NOT NULL,
  UNIQUE (local_path, size, mtime_ns, bucket, object_key, part_size, checksum_algorithm)
);
CREATE INDEX IF NOT EXISTS uploads_by_bucket ON uploads (bucket, object_key);
CREATE TABLE IF NOT EXISTS parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  checksum TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

constexpr const char* kIdentityColumns =
    "local_path, size, mtime_ns, bucket, object_key, part_size, checksum_algorithm";

// Binds the identity to parameters 1..7, in kIdentityColumns order.
StatementUse& bind_identity(StatementUse& use, const UploadIdentity& id) {
  return use.text(1, id.local_path)
      .integer(2, static_cast<int64_t>(id.size))
      .integer(3, id.mtime_ns)
      .text(4, id.bucket)
      .text(5, id.key)
      .integer(6, static_cast<int64_t>(id.part_size))
      .text(7, id.checksum_algorithm);
}

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

// "20240501T120000Z": when a damaged journal was set aside, in its new name.
std::string utc_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// Renames the damaged journal at `path` (and its -wal, which SQLite would otherwise replay
// into the new file) to a free name "<path>.corrupt-<UTC time>[-N]"; drops its -shm, an index
// SQLite rebuilds. Returns the new name, or why it could not be moved.
Result<std::string> set_aside(const std::string& path, const Error& reason) {
  const std::string base = path + ".corrupt-" + utc_stamp();
  std::string aside = base;
  for (int n = 2; exists(aside); ++n) aside = base + "-" + std::to_string(n);
  if (::rename(path.c_str(), aside.c_str()) != 0 && errno != ENOENT) {
    // ENOENT: another hoist sharing the directory set it aside first.
    Error e = reason;
    e.message += "; and it cannot be set aside as " + aside + ": " + errno_text(errno);
    return e;
  }
  (void)::rename((path + "-wal").c_str(), (aside + "-wal").c_str());
  (void)::unlink((path + "-shm").c_str());
  return aside;
}

}  // namespace

struct Journal::Impl {
  // An upload a damaged journal still named, read before the file was set aside.
  struct OrphanedUpload {
    std::string local_path, bucket, key, upload_id;
  };
  // The uploads whose rows can still be read from the damaged journal at `path`, up to the
  // first row that cannot: their ids are all that is needed to abort them. Nothing when the
  // file is no database at all.
  static std::vector<OrphanedUpload> read_orphaned_uploads(const std::string& path);

  base::Mutex mutex;                // one connection, used by one thread at a time
  std::unique_ptr<StateFile> file;  // declared before the statements: closed after them
  Statement find_upload GUARDED_BY(mutex), insert_upload GUARDED_BY(mutex),
      delete_upload GUARDED_BY(mutex), delete_parts GUARDED_BY(mutex);
  Statement insert_part GUARDED_BY(mutex), select_parts GUARDED_BY(mutex),
      select_bucket GUARDED_BY(mutex);
  std::string set_aside_warning;  // set once by open()
  std::vector<OrphanedUpload> orphaned GUARDED_BY(mutex);

  Error error(std::string_view doing) const { return file->error(doing); }
  Status run(StatementUse& use, std::string_view doing) { return file->run(use, doing); }
  template <typename Body>
  Status in_transaction(Body&& body) {
    return file->in_transaction(std::forward<Body>(body));
  }

  Status prepare_statements() REQUIRES(mutex);
  Status replace_upload(const UploadIdentity& id, const std::string& upload_id) REQUIRES(mutex);
  Status delete_upload_rows(const std::string& upload_id) REQUIRES(mutex);
};

std::vector<Journal::Impl::OrphanedUpload> Journal::Impl::read_orphaned_uploads(
    const std::string& path) {
  std::vector<OrphanedUpload> out;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    // Loading the schema of a truncated file fails ("malformed") even when the tables that
    // are still whole could be read; writable_schema skips that check. The connection is
    // read-only, so nothing is written through it.
    (void)sqlite3_exec(db, "PRAGMA writable_schema=ON", nullptr, nullptr, nullptr);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT local_path, bucket, object_key, upload_id FROM uploads",
                           -1, &raw, nullptr) == SQLITE_OK) {
      Statement stmt;
      stmt.reset(raw);
      StatementUse use(stmt);
      while (use.step() == SQLITE_ROW) {
        out.push_back({use.column_text(0), use.column_text(1), use.column_text(2),
                       use.column_text(3)});
      }
    }
  }
  sqlite3_close(db);
  return out;
}


Status Journal::Impl::prepare_statements() {
  const std::string identity_match =
      " WHERE local_path = ?1 AND size = ?2 AND mtime_ns = ?3 AND bucket = ?4 AND object_key = ?5"
      " AND part_size = ?6 AND checksum_algorithm = ?7";
  const std::pair<Statement*, std::string> statements[] = {
      {&find_upload, "SELECT upload_id FROM uploads" + identity_match},
      {&insert_upload, std::string("INSERT OR REPLACE INTO uploads (") + kIdentityColumns +
                           ", upload_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
      {&delete_upload, "DELETE FROM uploads WHERE upload_id = ?1"},
      {&delete_parts, "DELETE FROM parts WHERE upload_id = ?1"},
      {&insert_part,
       "INSERT OR REPLACE INTO parts (upload_id, part_number, size, etag, checksum)"
       " SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM uploads WHERE upload_id = ?1)"},
      {&select_parts,
       "SELECT part_number, size, etag, checksum FROM parts WHERE upload_id = ?1"
       " ORDER BY part_number"},
      {&select_bucket,
       std::string("SELECT ") + kIdentityColumns +
           ", upload_id FROM uploads WHERE bucket = ?1 ORDER BY object_key, upload_id"},
  };
  for (const auto& [out, sql] : statements) {
    if (Status s = file->prepare_into(*out, sql); !s.ok()) return s;
  }
  return ok_status();
}

Status Journal::Impl::delete_upload_rows(const std::string& upload_id) {
  StatementUse parts_use(delete_parts);
  parts_use.text(1, upload_id);
  if (Status s = run(parts_use, "forgetting parts"); !s.ok()) return s;
  StatementUse upload_use(delete_upload);
  upload_use.text(1, upload_id);
  return run(upload_use, "forgetting an upload");
}

Status Journal::Impl::replace_upload(const UploadIdentity& id, const std::string& upload_id) {
  std::optional<std::string> older;
  {
    StatementUse find(find_upload);
    bind_identity(find, id);
    int rc = find.step();
    if (rc == SQLITE_ROW) {
      older = find.column_text(0);
    } else if (rc != SQLITE_DONE) {
      return error("finding an upload");
    }
  }
  // The older upload's row would go anyway (INSERT OR REPLACE on the identity), but its parts
  // would stay behind with nothing to find them by.
  if (older && *older != upload_id) {
    if (Status s = delete_upload_rows(*older); !s.ok()) return s;
  }
  StatementUse insert(insert_upload);
  bind_identity(insert, id).text(8, upload_id);
  return run(insert, "recording an upload");
}

Journal::Journal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Journal::~Journal() = default;

const std::string& Journal::path() const { return impl_->file->path(); }

Result<std::unique_ptr<Journal::Impl>> Journal::open_file(const StateFileSpec& spec,
                                                          bool* damaged) {
  auto impl = std::make_unique<Impl>();
  auto file = StateFile::open(spec, damaged);
  if (!file.ok()) return file.error();
  impl->file = std::move(*file);
  base::MutexLock lock(impl->mutex);
  if (Status s = impl->prepare_statements(); !s.ok()) {
    // Statements this program wrote fail to prepare only when the file's tables are not the
    // schema its version promises.
    *damaged = impl->file->last_error_is_damage();
    return s.error();
  }
  return impl;
}

const std::string& Journal::set_aside_warning() const { return impl_->set_aside_warning; }

std::vector<std::string> Journal::take_orphaned(const std::string& local_path,
                                                const std::string& bucket,
                                                const std::string& key) {
  base::MutexLock lock(impl_->mutex);
  std::vector<std::string> ids;
  std::erase_if(impl_->orphaned, [&](const Impl::OrphanedUpload& u) {
    if (u.local_path != local_path || u.bucket != bucket || u.key != key) return false;
    ids.push_back(u.upload_id);
    return true;
  });
  return ids;
}

Result<std::unique_ptr<Journal>> Journal::open(const std::string& state_dir) {
  StateFileSpec spec;
  spec.path = state_dir + (state_dir.ends_with('/') ? "" : "/") + "journal.sqlite";
  spec.name = "resume journal";
  spec.error_code = "JournalError";
  spec.schema = kSchema;
  spec.version = kSchemaVersion;
  // The journal forgets every upload that completes or is aborted, so it stays small.
  spec.check_integrity = true;
  if (state_dir.empty()) {
    Error e = Error::make(ErrorKind::kLocal, spec.error_code,
                          spec.name + " " + spec.path + ": no state directory given");
    e.local_path = spec.path;
    return e;
  }
  bool damaged = false;
  auto impl = open_file(spec, &damaged);
  if (impl.ok()) return std::unique_ptr<Journal>(new Journal(std::move(*impl)));
  if (!damaged) return impl.error();

  const Error& reason = impl.error();
  std::vector<Impl::OrphanedUpload> orphaned = Impl::read_orphaned_uploads(spec.path);
  auto aside = set_aside(spec.path, reason);
  if (!aside.ok()) return aside.error();
  auto fresh = open_file(spec, &damaged);
  if (!fresh.ok()) return fresh.error();
  // The reason without the "resume journal <path>: " prefix the message starts with.
  std::string why = reason.message;
  const std::string prefix = spec.name + " " + spec.path + ": ";
  if (why.starts_with(prefix)) why.erase(0, prefix.size());
  (*fresh)->set_aside_warning = spec.name + " " + spec.path + " is damaged (" + why +
                                "); set it aside as " + *aside + " and started a new one";
  {
    base::MutexLock lock((*fresh)->mutex);
    (*fresh)->orphaned = std::move(orphaned);
  }
  return std::unique_ptr<Journal>(new Journal(std::move(*fresh)));
}

Result<std::string> Journal::default_state_dir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/hoist";
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return std::string(home) + "/.cache/hoist";
  return Error::make(ErrorKind::kLocal, "JournalError",
                     "no directory for the resume journal: neither XDG_CACHE_HOME nor HOME is an "
                     "absolute path");
}

Result<std::optional<std::string>> Journal::find_upload(const UploadIdentity& id) {
  base::MutexLock lock(impl_->mutex);
  StatementUse find(impl_->find_upload);
  bind_identity(find, id);
  int rc = find.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(find.column_text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return impl_->error("finding an upload");
}

Status Journal::record_upload(const UploadIdentity& id, const std::string& upload_id) {
  base::MutexLock lock(impl_->mutex);
  return impl_->in_transaction([&] {
    impl_->mutex.assert_held();
    return impl_->replace_upload(id, upload_id);
  });
}

Status Journal::record_part(const std::string& upload_id, const JournalPart& part) {
  base::MutexLock lock(impl_->mutex);
  StatementUse insert(impl_->insert_part);
  insert.text(1, upload_id)
      .integer(2, part.part_number)
      .integer(3, static_cast<int64_t>(part.size))
      .text(4, part.etag)
      .text(5, part.checksum);
  return impl_->run(insert, "recording a part");
}

Result<std::vector<JournalPart>> Journal::parts(const std::string& upload_id) {
  base::MutexLock lock(impl_->mutex);
  StatementUse select(impl_->select_parts);
  select.text(1, upload_id);
  std::vector<JournalPart> out;
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    JournalPart& part = out.emplace_back();
    part.part_number = static_cast<int>(select.column_integer(0));
    part.size = static_cast<uint64_t>(select.column_integer(1));
    part.etag = select.column_text(2);
    part.checksum = select.column_text(3);
  }
  if (rc != SQLITE_DONE) return impl_->error("reading parts");
  return out;
}

Status Journal::forget_upload(const std::string& upload_id) {
  base::MutexLock lock(impl_->mutex);
  return impl_->in_transaction([&] {
    impl_->mutex.assert_held();
    return impl_->delete_upload_rows(upload_id);
  });
}

Result<std::vector<std::pair<UploadIdentity, std::string>>> Journal::uploads_in(
    const std::string& bucket) {
  base::MutexLock lock(impl_->mutex);
  StatementUse select(impl_->select_bucket);
  select.text(1, bucket);
  std::vector<std::pair<UploadIdentity, std::string>> out;
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    UploadIdentity id;
    id.local_path = select.column_text(0);
    id.size = static_cast<uint64_t>(select.column_integer(1));
    id.mtime_ns = select.column_integer(2);
    id.bucket = select.column_text(3);
    id.key = select.column_text(4);
    id.part_size = static_cast<uint64_t>(select.column_integer(5));
    id.checksum_algorithm = select.column_text(6);
    out.emplace_back(std::move(id), select.column_text(7));
  }
  if (rc != SQLITE_DONE) return impl_->error("listing uploads");
  return out;
}

}  // namespace hoist::transfer

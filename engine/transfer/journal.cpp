#include "engine/transfer/journal.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <system_error>

namespace hoist::transfer {
namespace {

constexpr int kSchemaVersion = 1;
// Long enough for another hoist process sharing the cache directory to finish its write (a
// record is a few microseconds; a checkpoint a few milliseconds), short enough that a stuck
// process holding the lock is reported rather than waited on forever.
constexpr int kBusyTimeoutMs = 5000;

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

Error journal_error(const std::string& path, const std::string& what) {
  Error e = Error::make(ErrorKind::kLocal, "JournalError", "resume journal " + path + ": " + what);
  e.local_path = path;
  return e;
}

Error system_error(const std::string& path, const std::string& what, int err) {
  return journal_error(path, what + ": " + std::error_code(err, std::generic_category()).message());
}

// Busy means another process held the lock for the whole timeout: trying again later may work.
Error sqlite_error(const std::string& path, sqlite3* db, std::string_view doing) {
  Error e = journal_error(path, std::string(doing) + ": " + sqlite3_errmsg(db));
  int code = sqlite3_errcode(db);
  e.retryable = code == SQLITE_BUSY || code == SQLITE_LOCKED;
  return e;
}

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// One use of a kept statement: binds, steps, and on destruction resets it and clears its
// bindings. The reset matters beyond reuse: a statement left mid-result holds a read
// transaction open, which keeps the WAL from being checkpointed and growing without bound.
// Text is bound without copying (SQLITE_STATIC), so bound strings must outlive the use.
class StatementUse {
 public:
  explicit StatementUse(const Statement& stmt) : stmt_(stmt.get()) {}
  ~StatementUse() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

  StatementUse& text(int index, const std::string& value) {
    keep_first(sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                                 SQLITE_STATIC));
    return *this;
  }
  StatementUse& integer(int index, int64_t value) {
    keep_first(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  // Binds the identity to parameters 1..7, in kIdentityColumns order. Unsigned sizes are
  // stored as their int64 bit pattern and read back the same way.
  StatementUse& identity(const UploadIdentity& id) {
    return text(1, id.local_path)
        .integer(2, static_cast<int64_t>(id.size))
        .integer(3, id.mtime_ns)
        .text(4, id.bucket)
        .text(5, id.key)
        .integer(6, static_cast<int64_t>(id.part_size))
        .text(7, id.checksum_algorithm);
  }

  // SQLITE_ROW, SQLITE_DONE, or the error of a bind or of the step.
  int step() { return bind_rc_ != SQLITE_OK ? bind_rc_ : sqlite3_step(stmt_); }

  std::string column_text(int column) const {
    const unsigned char* data = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    if (data == nullptr || size <= 0) return {};
    return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
  }
  int64_t column_integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  void keep_first(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// Creates `dir` and any missing parents with mode 0700 (the XDG base directory spec's mode for
// cache directories), leaving existing ones as they are.
Status make_private_directories(const std::string& dir, const std::string& journal_path) {
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    std::string prefix = dir.substr(0, slash);
    if (!prefix.empty() && prefix.back() != '/' && ::mkdir(prefix.c_str(), 0700) != 0) {
      // Not only EEXIST: an existing directory on a read-only file system gives EROFS.
      int err = errno;
      struct stat st;
      if (::stat(prefix.c_str(), &st) != 0) {
        return system_error(journal_path, "cannot create directory " + prefix, err);
      }
      if (!S_ISDIR(st.st_mode)) {
        return journal_error(journal_path, prefix + " is not a directory");
      }
    }
    if (slash == std::string::npos) break;
  }
  return ok_status();
}

// SQLite would create the file with 0644 less the umask; creating it first makes it 0600, and
// SQLite gives its -wal and -shm files the database file's mode.
Status create_private_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return system_error(path, "cannot open", errno);
  ::close(fd);
  return ok_status();
}

}  // namespace

struct Journal::Impl {
  std::string path;
  std::mutex mutex;  // one connection, used by one thread at a time
  Connection db;     // declared before the statements so that it is closed after them
  Statement begin, commit, rollback;
  Statement find_upload, insert_upload, delete_upload, delete_parts;
  Statement insert_part, select_parts, select_bucket;

  Error error(std::string_view doing) const { return sqlite_error(path, db.get(), doing); }

  Status exec(const char* sql, std::string_view doing) {
    if (sqlite3_exec(db.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(doing);
    return ok_status();
  }

  // Runs a statement that returns no rows.
  Status run(StatementUse& use, std::string_view doing) {
    if (use.step() != SQLITE_DONE) return error(doing);
    return ok_status();
  }

  Result<int> user_version() {
    Result<Statement> stmt = prepare("PRAGMA user_version");
    if (!stmt.ok()) return std::move(stmt).error();
    StatementUse use(*stmt);
    if (use.step() != SQLITE_ROW) return error("reading the schema version");
    return static_cast<int>(use.column_integer(0));
  }

  Result<Statement> prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      return error(std::string("preparing ") + sql);
    }
    return Statement(stmt);
  }

  Status prepare_into(Statement& out, const std::string& sql) {
    Result<Statement> stmt = prepare(sql.c_str());
    if (!stmt.ok()) return std::move(stmt).error();
    out = std::move(stmt).value();
    return ok_status();
  }

  Status configure();
  Status create_or_check_schema();
  Status prepare_statements();
  Status replace_upload(const UploadIdentity& id, const std::string& upload_id);
  Status delete_upload_rows(const std::string& upload_id);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails. IMMEDIATE takes
  // the write lock up front, so a busy database is waited on (busy_timeout) instead of failing
  // when a read transaction cannot be upgraded.
  template <typename Body>
  Status in_transaction(Body&& body) {
    StatementUse begin_use(begin);
    if (begin_use.step() != SQLITE_DONE) return error("beginning a transaction");
    Status status = body();
    if (status.ok()) {
      StatementUse commit_use(commit);
      if (commit_use.step() == SQLITE_DONE) return status;
      status = error("committing");
    }
    StatementUse rollback_use(rollback);
    (void)rollback_use.step();
    return status;
  }
};

Status Journal::Impl::configure() {
  // Busy timeout first: switching to WAL takes a lock another process may hold.
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  if (Status s = exec("PRAGMA journal_mode=WAL", "choosing WAL mode"); !s.ok()) return s;
  if (Status s = exec("PRAGMA synchronous=NORMAL", "choosing sync mode"); !s.ok()) return s;
  // Prepared here rather than with the other statements: creating the schema needs them.
  if (Status s = prepare_into(begin, "BEGIN IMMEDIATE"); !s.ok()) return s;
  if (Status s = prepare_into(commit, "COMMIT"); !s.ok()) return s;
  return prepare_into(rollback, "ROLLBACK");
}

Status Journal::Impl::create_or_check_schema() {
  auto check = [this](int version) -> Status {
    if (version >= 0 && version <= kSchemaVersion) return ok_status();
    return journal_error(path, "schema version " + std::to_string(version) +
                                   " is not one this hoist understands (up to " +
                                   std::to_string(kSchemaVersion) +
                                   "); was it written by a newer hoist?");
  };
  Result<int> version = user_version();
  if (!version.ok()) return std::move(version).error();
  if (Status s = check(*version); !s.ok()) return s;
  if (*version == kSchemaVersion) return ok_status();
  // Another process may be creating the schema too: decide again under the write lock.
  return in_transaction([&]() -> Status {
    Result<int> locked_version = user_version();
    if (!locked_version.ok()) return std::move(locked_version).error();
    if (*locked_version != 0) return check(*locked_version);
    return exec(kSchema, "creating the schema");
  });
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
    if (Status s = prepare_into(*out, sql); !s.ok()) return s;
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
    find.identity(id);
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
  insert.identity(id).text(8, upload_id);
  return run(insert, "recording an upload");
}

Journal::Journal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Journal::~Journal() = default;

const std::string& Journal::path() const { return impl_->path; }

Result<std::unique_ptr<Journal>> Journal::open(const std::string& state_dir) {
  auto impl = std::make_unique<Impl>();
  impl->path = state_dir + (state_dir.ends_with('/') ? "" : "/") + "journal.sqlite";
  if (state_dir.empty()) return journal_error(impl->path, "no state directory given");
  if (Status s = make_private_directories(state_dir, impl->path); !s.ok()) return s.error();
  if (Status s = create_private_file(impl->path); !s.ok()) return s.error();

  sqlite3* raw = nullptr;
  // NOMUTEX: the Impl's mutex already serializes every use of the connection.
  int rc = sqlite3_open_v2(impl->path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) {
    return journal_error(impl->path, std::string("cannot open: ") +
                                         (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  if (Status s = impl->configure(); !s.ok()) return s.error();
  if (Status s = impl->create_or_check_schema(); !s.ok()) return s.error();
  if (Status s = impl->prepare_statements(); !s.ok()) return s.error();
  return std::unique_ptr<Journal>(new Journal(std::move(impl)));
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
  std::lock_guard lock(impl_->mutex);
  StatementUse find(impl_->find_upload);
  find.identity(id);
  int rc = find.step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(find.column_text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return impl_->error("finding an upload");
}

Status Journal::record_upload(const UploadIdentity& id, const std::string& upload_id) {
  std::lock_guard lock(impl_->mutex);
  return impl_->in_transaction([&] { return impl_->replace_upload(id, upload_id); });
}

Status Journal::record_part(const std::string& upload_id, const JournalPart& part) {
  std::lock_guard lock(impl_->mutex);
  StatementUse insert(impl_->insert_part);
  insert.text(1, upload_id)
      .integer(2, part.part_number)
      .integer(3, static_cast<int64_t>(part.size))
      .text(4, part.etag)
      .text(5, part.checksum);
  return impl_->run(insert, "recording a part");
}

Result<std::vector<JournalPart>> Journal::parts(const std::string& upload_id) {
  std::lock_guard lock(impl_->mutex);
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
  std::lock_guard lock(impl_->mutex);
  return impl_->in_transaction([&] { return impl_->delete_upload_rows(upload_id); });
}

Result<std::vector<std::pair<UploadIdentity, std::string>>> Journal::uploads_in(
    const std::string& bucket) {
  std::lock_guard lock(impl_->mutex);
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

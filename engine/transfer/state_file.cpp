#include "engine/transfer/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace hoist::transfer {
namespace {

// Long enough for another hoist process sharing the state directory to finish its write (a
// record is a few microseconds; a checkpoint a few milliseconds), short enough that a stuck
// process holding the lock is reported rather than waited on forever.
constexpr int kBusyTimeoutMs = 5000;

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

// SQLite's own verdict that the file is damaged. SQLITE_ERROR from a fixed pragma could be
// anything, and a file is set aside only when it is surely unusable.
bool corruption_reported(sqlite3* db) {
  const int code = sqlite3_errcode(db);
  return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

}  // namespace

StateFile::~StateFile() = default;

Error StateFile::failure(const std::string& what) const {
  Error e =
      Error::make(ErrorKind::kLocal, spec_.error_code, spec_.name + " " + spec_.path + ": " + what);
  e.local_path = spec_.path;
  return e;
}

// Busy means another process held the lock for the whole timeout: trying again later may work.
Error StateFile::error(std::string_view doing) const {
  Error e = failure(std::string(doing) + ": " + sqlite3_errmsg(db_.get()));
  int code = sqlite3_errcode(db_.get());
  e.retryable = code == SQLITE_BUSY || code == SQLITE_LOCKED;
  return e;
}

bool StateFile::last_error_is_damage() const {
  return corruption_reported(db_.get()) || sqlite3_errcode(db_.get()) == SQLITE_ERROR;
}

Status StateFile::exec(const char* sql, std::string_view doing) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) return error(doing);
  return ok_status();
}

Status StateFile::prepare_into(Statement& out, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    return error("preparing " + sql);
  }
  out.reset(stmt);
  return ok_status();
}

Status StateFile::run(StatementUse& use, std::string_view doing) {
  if (use.step() != SQLITE_DONE) return error(doing);
  return ok_status();
}

Result<int> StateFile::user_version() {
  Statement stmt;
  if (Status s = prepare_into(stmt, "PRAGMA user_version"); !s.ok()) return s.error();
  StatementUse use(stmt);
  if (use.step() != SQLITE_ROW) return error("reading the schema version");
  return static_cast<int>(use.column_integer(0));
}

Status StateFile::configure() {
  // Busy timeout first: switching to WAL takes a lock another process may hold.
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  if (Status s = exec("PRAGMA journal_mode=WAL", "choosing WAL mode"); !s.ok()) return s;
  if (Status s = exec("PRAGMA synchronous=NORMAL", "choosing sync mode"); !s.ok()) return s;
  if (Status s = prepare_into(begin_, "BEGIN IMMEDIATE"); !s.ok()) return s;
  if (Status s = prepare_into(commit_, "COMMIT"); !s.ok()) return s;
  return prepare_into(rollback_, "ROLLBACK");
}

Status StateFile::create_or_check_schema() {
  auto check = [this](int version) -> Status {
    if (version >= 0 && version <= spec_.version) return ok_status();
    return failure("schema version " + std::to_string(version) +
                   " is not one this hoist understands (up to " + std::to_string(spec_.version) +
                   "); was it written by a newer hoist?");
  };
  Result<int> version = user_version();
  if (!version.ok()) return std::move(version).error();
  if (Status s = check(*version); !s.ok()) return s;
  if (*version == spec_.version) return ok_status();
  // Another process may be creating the schema too: decide again under the write lock.
  return in_transaction([&]() -> Status {
    Result<int> locked_version = user_version();
    if (!locked_version.ok()) return std::move(locked_version).error();
    if (*locked_version != 0) return check(*locked_version);
    return exec(spec_.schema, "creating the schema");
  });
}

Status StateFile::check_integrity(bool* damaged) {
  Statement stmt;
  if (Status s = prepare_into(stmt, "PRAGMA quick_check(1)"); !s.ok()) {
    *damaged = corruption_reported(db_.get());
    return s;
  }
  StatementUse use(stmt);
  if (use.step() != SQLITE_ROW) {
    *damaged = corruption_reported(db_.get());
    return error("checking its integrity");
  }
  std::string verdict = use.column_text(0);
  if (verdict == "ok") return ok_status();
  *damaged = true;
  return failure("damaged: " + verdict);
}

namespace {

// Creates `dir` and any missing parents with mode 0700 (the XDG base directory spec's mode for
// cache directories), leaving existing ones as they are.
Status make_private_directories(const StateFile& file, const std::string& dir) {
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    std::string prefix = dir.substr(0, slash);
    if (!prefix.empty() && prefix.back() != '/' && ::mkdir(prefix.c_str(), 0700) != 0) {
      // Not only EEXIST: an existing directory on a read-only file system gives EROFS.
      int err = errno;
      struct stat st;
      if (::stat(prefix.c_str(), &st) != 0) {
        return file.failure("cannot create directory " + prefix + ": " + errno_text(err));
      }
      if (!S_ISDIR(st.st_mode)) return file.failure(prefix + " is not a directory");
    }
    if (slash == std::string::npos) break;
  }
  return ok_status();
}

// SQLite would create the file with 0644 less the umask; creating it first makes it 0600, and
// SQLite gives its -wal and -shm files the database file's mode.
Status create_private_file(const StateFile& file) {
  int fd = ::open(file.path().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return file.failure("cannot open: " + errno_text(errno));
  ::close(fd);
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<StateFile>> StateFile::open(StateFileSpec spec, bool* damaged) {
  bool ignored = false;
  if (damaged == nullptr) damaged = &ignored;
  *damaged = false;
  std::unique_ptr<StateFile> file(new StateFile(std::move(spec)));
  const std::string& path = file->spec_.path;
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    if (Status s = make_private_directories(*file, path.substr(0, slash)); !s.ok()) {
      return s.error();
    }
  }
  if (Status s = create_private_file(*file); !s.ok()) return s.error();
  sqlite3* raw = nullptr;
  // NOMUTEX: the owner serializes every use of the connection.
  int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  file->db_.reset(raw);
  if (rc != SQLITE_OK) {
    *damaged = rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT;
    return file->failure(std::string("cannot open: ") +
                         (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  if (Status s = file->configure(); !s.ok()) {
    *damaged = corruption_reported(file->db_.get());
    return s.error();
  }
  if (Status s = file->create_or_check_schema(); !s.ok()) {
    *damaged = corruption_reported(file->db_.get());
    return s.error();
  }
  if (file->spec_.check_integrity) {
    if (Status s = file->check_integrity(damaged); !s.ok()) return s.error();
  }
  return file;
}

}  // namespace hoist::transfer

#include "tools/serve/store_sqlite.h"

#include <sqlite3.h>

#include <utility>

#include "tools/serve/store_errors.h"

namespace hoist::serve {
namespace {

Error sqlite_error(sqlite3* db, std::string_view what) {
  return internal_error("sqlite " + std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)),
      bind_status_(std::move(other.bind_status_)) {}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    bind_status_ = sqlite_error(db_, "bind");
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob rather than NULL for empty bytes, so comparisons treat it as a value.
  static const char kEmpty = 0;
  const char* data = bytes.empty() ? &kEmpty : bytes.data();
  if (sqlite3_bind_blob(stmt_, index, data, static_cast<int>(bytes.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK) {
    bind_status_ = sqlite_error(db_, "bind");
  }
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
    bind_status_ = sqlite_error(db_, "bind");
  }
  return *this;
}

Result<bool> SqliteStatement::step() {
  if (!bind_status_.ok()) return bind_status_.error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqlite_error(db_, "step");
}

Status SqliteStatement::run() {
  Result<bool> row = step();
  if (!row.ok()) return std::move(row).error();
  return ok_status();
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_status_ = ok_status();
}

std::string SqliteStatement::text(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (!data || size <= 0) return {};
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Error e = internal_error("sqlite open " + path + ": " +
                             (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<SqliteDatabase> out(new SqliteDatabase(db));
  // WAL keeps a reader of the database file (e.g. sqlite3 on the command line) from blocking
  // the server; NORMAL sync is durable enough for a test server and much faster than FULL.
  Status mode = out->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
  if (!mode.ok()) return std::move(mode).error();
  return out;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

Status SqliteDatabase::exec(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error e = internal_error("sqlite exec: " + std::string(message ? message : "unknown error"));
    sqlite3_free(message);
    return e;
  }
  return ok_status();
}

Result<SqliteStatement> SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return sqlite_error(db_, "prepare");
  }
  return SqliteStatement(db_, stmt);
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db)
    : db_(db), begun_(db.exec("BEGIN IMMEDIATE")) {}

SqliteTransaction::~SqliteTransaction() {
  if (begun_.ok() && !done_) (void)db_.exec("ROLLBACK");
}

Status SqliteTransaction::commit() {
  Status status = db_.exec("COMMIT");
  done_ = status.ok();
  return status;
}

}  // namespace hoist::serve

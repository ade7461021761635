// A thin RAII layer over the SQLite C API for FileStore's metadata database: one connection,
// prepared statements with typed binds and columns. Not thread-safe: FileStore serializes all
// use under its own mutex.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "hoist/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hoist::serve {

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;

  // Parameters are numbered from 1. Text and blobs are copied, so the arguments may die first.
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind_blob(int index, std::string_view bytes);
  SqliteStatement& bind(int index, int64_t value);

  // True while a row is available; false when done. Errors become InternalError.
  Result<bool> step();
  // Steps once and expects no row (INSERT, UPDATE, DELETE).
  Status run();
  // Makes the statement ready to step again with new bindings.
  void reset();

  // Columns are numbered from 0. REQUIRES: step() returned true.
  std::string text(int column) const;  // text or blob bytes; empty for NULL
  int64_t integer(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Status bind_status_ = ok_status();
};

class SqliteDatabase {
 public:
  // Opens (creating if needed) the database at `path` in WAL mode.
  static Result<std::unique_ptr<SqliteDatabase>> open(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one or more statements that take no parameters and return no rows.
  Status exec(const std::string& sql);
  Result<SqliteStatement> prepare(std::string_view sql);

 private:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() succeeded, so an
// error return anywhere in between leaves the database as it was.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  const Status& begun() const { return begun_; }
  Status commit();

 private:
  SqliteDatabase& db_;
  Status begun_;
  bool done_ = false;
};

}  // namespace hoist::serve

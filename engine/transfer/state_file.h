// StateFile: one SQLite database in hoist's state directory, as the resume journal and the
// sync state cache keep theirs: created private (directories 0700, file 0600), WAL with
// synchronous=NORMAL (a killed process loses nothing committed; a power cut may lose the last
// records, which only costs work done again), a busy timeout so two hoist processes can share
// the directory, and a schema created once under the write lock and versioned with
// user_version.
//
// Not thread-safe: the owner serializes calls (the journal with its own mutex).
#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>

#include "engine/transfer/sqlite_statement.h"
#include "hoist/result.h"

namespace hoist::transfer {

struct StateFileSpec {
  std::string path;              // the database file; its directory is created when missing
  std::string name;              // "resume journal": how errors name it
  std::string error_code;        // "JournalError": the code of every Error it returns
  const char* schema = nullptr;  // SQL creating every table; sets user_version = version
  int version = 1;
  // Run SQLite's quick_check when opening, so a damaged file (truncated, overwritten) is found
  // then rather than halfway through a transfer. It reads the whole file: for small files.
  bool check_integrity = false;
};

class StateFile {
 public:
  // Opens (creating when missing) the file. When it fails because the file is damaged (not an
  // SQLite database, corrupt, or failing quick_check) rather than unreachable (permissions, a
  // lock held too long, a newer schema), sets *damaged when `damaged` is given.
  static Result<std::unique_ptr<StateFile>> open(StateFileSpec spec, bool* damaged = nullptr);
  ~StateFile();
  StateFile(const StateFile&) = delete;
  StateFile& operator=(const StateFile&) = delete;

  const std::string& path() const { return spec_.path; }

  // An error of this file: "<name> <path>: <what>", kind kLocal, local_path the file.
  Error failure(const std::string& what) const;
  // The connection's last SQLite error while `doing`; retryable when the lock stayed busy.
  Error error(std::string_view doing) const;
  // Whether the connection's last error says the file is damaged: not a database, corrupt, or
  // (for statements this program wrote, prepared against its own schema) naming a table or
  // column the file lacks.
  bool last_error_is_damage() const;

  Status exec(const char* sql, std::string_view doing);
  Status prepare_into(Statement& out, const std::string& sql);
  // Runs a statement that returns no rows.
  Status run(StatementUse& use, std::string_view doing);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it fails. IMMEDIATE takes
  // the write lock up front, so a busy database is waited on (busy_timeout) instead of failing
  // when a read transaction cannot be upgraded.
  template <typename Body>
  Status in_transaction(Body&& body) {
    StatementUse begin_use(begin_);
    if (begin_use.step() != SQLITE_DONE) return error("beginning a transaction");
    Status status = body();
    if (status.ok()) {
      StatementUse commit_use(commit_);
      if (commit_use.step() == SQLITE_DONE) return status;
      status = error("committing");
    }
    StatementUse rollback_use(rollback_);
    (void)rollback_use.step();
    return status;
  }

 private:
  explicit StateFile(StateFileSpec spec) : spec_(std::move(spec)) {}
  Status configure();
  Status create_or_check_schema();
  Status check_integrity(bool* damaged);
  Result<int> user_version();

  struct ConnectionCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  StateFileSpec spec_;
  // Declared before the statements so that it is closed after them.
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
  Statement begin_, commit_, rollback_;
};

}  // namespace hoist::transfer

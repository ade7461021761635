// Statement and StatementUse: a prepared SQLite statement kept for the life of its connection,
// and one use of it. Shared by the databases in hoist's state directory (StateFile).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

namespace hoist::transfer {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
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
  // Unsigned values are stored as their int64 bit pattern and read back the same way.
  StatementUse& integer(int index, int64_t value) {
    keep_first(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  StatementUse& null(int index) {
    keep_first(sqlite3_bind_null(stmt_, index));
    return *this;
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
  bool column_is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

 private:
  void keep_first(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

}  // namespace hoist::transfer

#ifndef ORMSCOPE_CSQLITE_SHIM_H
#define ORMSCOPE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro that Swift cannot import.
static inline sqlite3_destructor_type ormscope_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Binds UTF-8 text that SQLite copies at once.
static inline int ormscope_bind_text(sqlite3_stmt *s, int i, const char *t, int n) {
    return sqlite3_bind_text(s, i, t, n, SQLITE_TRANSIENT);
}
static inline int ormscope_bind_blob(sqlite3_stmt *s, int i, const void *b, int n) {
    return sqlite3_bind_blob(s, i, b, n, SQLITE_TRANSIENT);
}
#endif

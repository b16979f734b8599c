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

#include <time.h>
/// A statement deadline for the progress handler (0: none), in CLOCK_MONOTONIC nanoseconds.
typedef struct { long long deadline; int fired; } ormscope_deadline;

static inline long long ormscope_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int ormscope_progress(void *p) {
    ormscope_deadline *d = (ormscope_deadline *)p;
    if (d->deadline > 0 && ormscope_now_ns() > d->deadline) { d->fired = 1; return 1; }
    return 0;
}

/// Checks the deadline every `steps` virtual-machine instructions.
static inline void ormscope_install_deadline(sqlite3 *db, ormscope_deadline *d, int steps) {
    sqlite3_progress_handler(db, steps, ormscope_progress, d);
}
#endif

#ifndef ORMSCOPE_CSQLITE_SHIM_H
#define ORMSCOPE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a cast macro that Swift cannot import.
static inline sqlite3_destructor_type ormscope_sqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Binds UTF-8 text that SQLite copies at once.
/// Turns foreign-key enforcement on through the C API (sqlite3_db_config is variadic, so Swift
/// cannot call it) and returns what SQLite reports it now is (1 on), or -1 when the call failed.
static inline int ormscope_enable_foreign_keys(sqlite3 *db) {
    int now = -1;
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &now) != SQLITE_OK) return -1;
    return now;
}
static inline int ormscope_bind_text(sqlite3_stmt *s, int i, const char *t, int n) {
    return sqlite3_bind_text(s, i, t, n, SQLITE_TRANSIENT);
}
static inline int ormscope_bind_blob(sqlite3_stmt *s, int i, const void *b, int n) {
    return sqlite3_bind_blob(s, i, b, n, SQLITE_TRANSIENT);
}

/// Turns SQLite's memory statistics off, once, before its first use (sqlite3_config is variadic,
/// so Swift cannot call it): with them on, every allocation of every connection takes one
/// process-wide mutex, and two connections read on two threads wait on each other. Nothing here
/// reads sqlite3_memory_used. SQLITE_MISUSE when SQLite is already initialised (then it stays on).
static inline int ormscope_sqlite_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
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
/// The busy wait: instead of sqlite3_busy_timeout's one long sleep, which sqlite3_interrupt does
/// not wake, sleep in short steps up to `timeout_ms` and give up at once when `cancelled` is set
/// (by another thread: read and written with atomic builtins).
typedef struct { int cancelled; int timeout_ms; long long started; } ormscope_busy;

static inline void ormscope_busy_cancel(ormscope_busy *b) { __atomic_store_n(&b->cancelled, 1, __ATOMIC_SEQ_CST); }
static inline void ormscope_busy_reset(ormscope_busy *b) { __atomic_store_n(&b->cancelled, 0, __ATOMIC_SEQ_CST); }
static inline int ormscope_busy_was_cancelled(ormscope_busy *b) { return __atomic_load_n(&b->cancelled, __ATOMIC_SEQ_CST); }

static inline int ormscope_busy_wait(void *p, int count) {
    ormscope_busy *b = (ormscope_busy *)p;
    if (ormscope_busy_was_cancelled(b)) return 0;
    long long now = ormscope_now_ns();
    if (count == 0) b->started = now;
    if (now - b->started >= (long long)b->timeout_ms * 1000000LL) return 0;
    struct timespec step = { 0, 10 * 1000000L };  // 10 ms
    nanosleep(&step, NULL);
    return !ormscope_busy_was_cancelled(b);
}

static inline void ormscope_install_busy_wait(sqlite3 *db, ormscope_busy *b, int timeout_ms) {
    b->timeout_ms = timeout_ms;
    sqlite3_busy_handler(db, ormscope_busy_wait, b);
}
#endif

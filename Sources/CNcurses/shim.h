#ifndef ORMSCOPE_CNCURSES_SHIM_H
#define ORMSCOPE_CNCURSES_SHIM_H
// SwiftPM drops ncursesw's -D flags, so wide-character functions are asked for here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/// Globals and macros Swift cannot read safely or at all.
static inline WINDOW *ormscope_stdscr(void) { return stdscr; }
static inline int ormscope_lines(void) { return LINES; }
static inline int ormscope_cols(void) { return COLS; }
static inline int ormscope_colors(void) { return COLORS; }
static inline attr_t ormscope_a_bold(void) { return A_BOLD; }
static inline attr_t ormscope_a_reverse(void) { return A_REVERSE; }
static inline attr_t ormscope_a_dim(void) { return A_DIM; }
static inline attr_t ormscope_a_underline(void) { return A_UNDERLINE; }
static inline int ormscope_key_resize(void) { return KEY_RESIZE; }

extern int wcwidth(wchar_t c);
/// Adds one grapheme cluster (an emoji ZWJ sequence, a skin tone, a VS16 emoji) as a single cell
/// holding all its code points, then spaces until it has taken `cells` cells. Given as UTF-8
/// (waddstr), ncurses would start a cell at each part that has a width (🏳️‍ then 🌈: three cells)
/// while a terminal draws one glyph (tmux 3.3 the width of its first part, newer terminals two):
/// ncurses' cursor and the terminal's would part. setcchar keeps only zero-width marks after the
/// first character, so the cell is filled here; a cell holds at most CCHARW_MAX (5) code points,
/// so a longer cluster (a family of four) keeps its first five, not ending on a joiner. The
/// window's attributes apply (wadd_wch merges them).
static inline void ormscope_add_cluster(WINDOW *win, const wchar_t *parts, int n, int cells) {
    cchar_t c;
    memset(&c, 0, sizeof c);
    if (n > CCHARW_MAX) n = CCHARW_MAX;
    while (n > 1 && parts[n - 1] == 0x200D) n--;
    for (int i = 0; i < n; i++) c.chars[i] = parts[i];
    wadd_wch(win, &c);
    int used = wcwidth(parts[0]);
    if (used < 1) used = 1;
    for (; used < cells; used++) waddch(win, ' ');
}

/// Whether the terminal in TERM can draw a screen: known to terminfo and able to move the cursor
/// (`TERM=dumb` and unknown names cannot; ncurses' initscr would exit or draw garbage).
static inline int ormscope_terminal_usable(void) {
    int err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK) return 0;
    char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok;
}

/// Quiet when idle: SIGWINCH is blocked in every thread (call this before any thread starts, so
/// they inherit it) and let through only while the input loop waits in `ormscope_wait_input`, so
/// a resize always interrupts that wait (ncurses' own handler runs, the next read gives
/// KEY_RESIZE) and the loop can wait without a timer.
static inline void ormscope_block_winch(void) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGWINCH);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
}
extern int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
/// poll with SIGWINCH let through during the wait; `timeout_ms` < 0 waits until input or a signal.
static inline int ormscope_wait_input(struct pollfd *fds, int n, int timeout_ms) {
    sigset_t during;
    pthread_sigmask(SIG_SETMASK, NULL, &during);
    sigdelset(&during, SIGWINCH);
    struct timespec ts, *tp = NULL;
    if (timeout_ms >= 0) { ts.tv_sec = timeout_ms / 1000; ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L; tp = &ts; }
    return ppoll(fds, (nfds_t)n, tp, &during);
}

/// The crash handler: on a fatal signal (a Swift trap is SIGILL or SIGTRAP) the terminal gets its
/// saved settings back, leaves the alternate screen and shows the cursor, says what happened, and
/// the signal is raised again so the exit status (and any core dump) stays what it would have been.
/// Written in C because only async-signal-safe calls (write, tcsetattr, signal, raise) belong here.
/// The saved settings live in a function (a header's file-scope statics are not emitted for Swift).
struct ormscope_tty_state { struct termios tty; int saved; };
static inline struct ormscope_tty_state *ormscope_tty(void) { static struct ormscope_tty_state s; return &s; }

static inline void ormscope_crash_handler(int sig) {
    static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
    static const char said[] = "ormscope stopped on an internal error; the terminal has been restored.\r\n";
    struct ormscope_tty_state *t = ormscope_tty();
    if (t->saved) tcsetattr(STDIN_FILENO, TCSANOW, &t->tty);
    (void)!write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)!write(STDERR_FILENO, said, sizeof said - 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

/// Saves the terminal's settings (call before initscr) and installs the handler.
static inline void ormscope_install_crash_handler(void) {
    struct ormscope_tty_state *t = ormscope_tty();
    if (tcgetattr(STDIN_FILENO, &t->tty) == 0) t->saved = 1;
    int fatal[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = ormscope_crash_handler;
        sa.sa_flags = SA_RESETHAND;
        sigaction(fatal[i], &sa, 0);
    }
}
#endif

#ifndef ORMSCOPE_CNCURSES_SHIM_H
#define ORMSCOPE_CNCURSES_SHIM_H
// SwiftPM drops ncursesw's -D flags, so wide-character functions are asked for here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

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
#endif

#ifndef ORMSCOPE_CEDIT_SHIM_H
#define ORMSCOPE_CEDIT_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>

/// libedit's globals, set and read through functions so Swift 6 does not see shared mutable state.
static inline void ormscope_set_completion(char *(*generator)(const char *, int)) {
    rl_completion_entry_function = (rl_compentry_func_t *)generator;
}
static inline void ormscope_set_readline_name(const char *name) { rl_readline_name = name; }
static inline int ormscope_history_length(void) { return history_length; }
static inline int ormscope_history_base(void) { return history_base; }
/// The line typed so far, up to the cursor (for completion by the words before the one completed).
static inline const char *ormscope_line_buffer(void) { return rl_line_buffer; }
static inline int ormscope_line_point(void) { return rl_point; }
#endif

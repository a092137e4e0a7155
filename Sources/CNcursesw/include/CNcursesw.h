#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* curses.h exposes the wide-character API (cchar_t, wget_wch, ...) only with these. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <stddef.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

/* Attribute macros are casts Swift cannot import. */
static inline attr_t cn_A_NORMAL(void)    { return A_NORMAL; }
static inline attr_t cn_A_BOLD(void)      { return A_BOLD; }
static inline attr_t cn_A_REVERSE(void)   { return A_REVERSE; }
static inline attr_t cn_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t cn_A_DIM(void)       { return A_DIM; }
/* Swift 6 rejects direct access to these C globals as shared mutable state. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void)  { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline int cn_codeset_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (cs[0] == 'U' || cs[0] == 'u') && (cs[1] == 'T' || cs[1] == 't') && (cs[2] == 'F' || cs[2] == 'f');
}
/* glibc declares wcwidth only under _XOPEN_SOURCE, which the Glibc module is built without. */
extern int wcwidth(wchar_t c);
static inline int cn_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }
/* Writes one cell: a base character plus combining characters, with attributes and a colour pair. */
static inline int cn_put_cell(WINDOW *w, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}
/* Mouse reporting: the button masks are macros Swift cannot import. Presses only (no click resolution, which would
   hold each press back for mouseinterval), the wheel as buttons 4 and 5. Returns whether the terminal can. */
static inline int cn_mouse_enable(int on) {
    mmask_t mask = on ? (BUTTON1_PRESSED | BUTTON2_PRESSED | BUTTON3_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0;
    mmask_t old = 0;
    mouseinterval(0);
    return mousemask(mask, &old) == mask;
}
/* The pending mouse event after KEY_MOUSE: 1 to 3 a button's press, 4 the wheel up, 5 down; 0 for anything else. */
static inline int cn_mouse_read(int *x, int *y) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    *x = event.x;
    *y = event.y;
    if (event.bstate & BUTTON4_PRESSED) return 4;
    if (event.bstate & BUTTON5_PRESSED) return 5;
    if (event.bstate & BUTTON1_PRESSED) return 1;
    if (event.bstate & BUTTON2_PRESSED) return 2;
    if (event.bstate & BUTTON3_PRESSED) return 3;
    return 0;
}
/*
 * Signal plumbing, in signals.c: handlers must only use async-signal-safe calls, and sigaction structs with
 * interior padding are miscompiled as Swift globals. Handlers write one byte to the curses thread's
 * wake pipe: 'w' for a resize, 't' for a termination request.
 */
void cn_save_termios(void);
void cn_restore_termios(void);
/* Call after newterm() and cn_prepare_restore(): chains ncurses' own SIGWINCH handler, catches
   SIGTERM/SIGHUP/SIGINT/SIGQUIT (a second one, or a clean exit that takes over 3 s, restores the terminal and
   leaves at once), and on a crash (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE) restores the terminal, writes
   a report with the backtrace and names it on stderr in one line. */
void cn_install_signal_handlers(int wake_fd);
void cn_reset_signal_handlers(void);
/* The terminal hung up (POLLHUP): a late SIGHUP is ignored once the handlers are reset. */
void cn_note_hang_up(void);
/* endwin() may put its own SIGWINCH handler back; this puts berth's chained one on top again. */
void cn_reinstall_winch(void);
/* Terminal restore and crash reports, in crash.c. */
/* Call after newterm(): keeps the bytes that put this terminal back (sgr0, mouse and bracketed-paste modes off,
   rmkx, cnorm, rmcup), for handlers that cannot ask terminfo. */
void cn_prepare_restore(void);
/* Turns mouse reporting, focus events and bracketed paste off, on terminals that understand ECMA-48 modes. */
void cn_write_mode_resets(void);
/* Where crash reports go (created 0700 when first needed); "" means /tmp. */
void cn_set_crash_report_directory(const char *directory);
/* While the screen is up, anything written to stderr (the Swift runtime's "Fatal error: ...") would land on it and
   vanish: fd 2 goes to memory instead. A crash report includes it; cn_release_stderr() writes it out after. */
int cn_capture_stderr(void);
void cn_release_stderr(void);
/* 1: `name` has a terminfo entry that can address the cursor; -1: it has one that cannot (dumb, hardcopy);
   0: this host has no entry for it. Loads and frees the entry, and writes nothing. */
int cn_terminfo_probe(const char *name);
/* Ctrl-Z: stop the process until the shell continues it (see signals.c). */
void cn_stop_self(void);
/* While a child owns the terminal (exec), ^C belongs to the child, not berth. */
void cn_ignore_interactive_signals(int ignore);
/* Asks the kernel (Linux 6.12+, EEVDF) for a short time slice for the calling thread: it is then picked soon
   after it wakes, without a higher priority. Returns 0 or an errno value; older kernels ignore or refuse it. */
int cn_request_short_slice(unsigned long long nanoseconds);
/* Sets the nice value of every other thread of this process to at least `nice` (Linux: nice is per thread, and
   anyone may lower their own threads). Returns how many threads changed, or -1. */
int cn_lower_other_threads(int nice);
static inline FILE *cn_fdopen_out(void) { return fdopen(STDOUT_FILENO, "w"); }
static inline FILE *cn_fdopen_in(void) { return fdopen(STDIN_FILENO, "r"); }
static inline int cn_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}
#endif

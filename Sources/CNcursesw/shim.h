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
/*
 * Signal plumbing, kept in C: handlers must only use async-signal-safe calls, and sigaction structs with
 * interior padding are miscompiled as Swift globals. Handlers write one byte to the curses thread's
 * wake pipe: 'w' for a resize, 't' for a termination request.
 */
#include <unistd.h>
#include <string.h>
static int cn_wake_fd = -1;
static void (*cn_old_winch)(int) = NULL;
static struct termios cn_saved_termios;
static int cn_have_saved_termios = 0;

static void cn_on_winch(int sig) {
    if (cn_old_winch) cn_old_winch(sig);   /* ncurses sets its "resized" flag */
    if (cn_wake_fd >= 0) { char b = 'w'; ssize_t r = write(cn_wake_fd, &b, 1); (void)r; }
}
static void cn_on_terminate(int sig) {
    (void)sig;
    if (cn_wake_fd >= 0) { char b = 't'; ssize_t r = write(cn_wake_fd, &b, 1); (void)r; }
}
/* Last resort on a crash: put the terminal back the way it was, then die of the same signal. */
static void cn_on_crash(int sig) {
    static const char reset[] = "\033[0m\033[?25h\033[?1000l\033[?1002l\033[?1006l\033[?1049l\r\n";
    ssize_t r = write(STDOUT_FILENO, reset, sizeof(reset) - 1); (void)r;
    if (cn_have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &cn_saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}
static inline void cn_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, &cn_saved_termios) == 0) cn_have_saved_termios = 1;
}
static inline void cn_restore_termios(void) {
    if (cn_have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &cn_saved_termios);
}
/* Call after newterm(): chains ncurses' own SIGWINCH handler. */
static inline void cn_install_signal_handlers(int wake_fd) {
    struct sigaction sa, old;
    cn_wake_fd = wake_fd;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = cn_on_winch;
    if (sigaction(SIGWINCH, &sa, &old) == 0 && !(old.sa_flags & SA_SIGINFO)
        && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler != cn_on_winch) {
        cn_old_winch = old.sa_handler;
    }
    sa.sa_handler = cn_on_terminate;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sa.sa_handler = cn_on_crash;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
}
/* Undo the handlers after endwin(): termination is the default again, crashes need no terminal fix. */
static inline void cn_reset_signal_handlers(void) {
    cn_wake_fd = -1;
    signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL); signal(SIGINT, SIG_DFL); signal(SIGQUIT, SIG_DFL);
    signal(SIGSEGV, SIG_DFL); signal(SIGBUS, SIG_DFL); signal(SIGILL, SIG_DFL); signal(SIGTRAP, SIG_DFL);
    signal(SIGABRT, SIG_DFL); signal(SIGFPE, SIG_DFL);
}
/* Used while a child owns the terminal (exec): the child gets ^C, not berth. */
static inline void cn_ignore_interactive_signals(int ignore) {
    signal(SIGINT, ignore ? SIG_IGN : cn_on_terminate);
    signal(SIGQUIT, ignore ? SIG_IGN : cn_on_terminate);
}
static inline FILE *cn_fdopen_out(void) { return fdopen(STDOUT_FILENO, "w"); }
static inline FILE *cn_fdopen_in(void) { return fdopen(STDIN_FILENO, "r"); }
static inline int cn_window_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}
#endif

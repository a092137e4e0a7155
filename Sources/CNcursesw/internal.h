#ifndef CNCURSESW_INTERNAL_H
#define CNCURSESW_INTERNAL_H
/* Shared between signals.c and crash.c; not part of the module's interface. */
#include <termios.h>

extern struct termios cn_saved_termios;
extern int cn_have_saved_termios;

/* Puts the terminal back (screen modes and tty settings) with async-signal-safe calls only. */
void cn_restore_terminal_now(void);
/* Points fd 2 back at the real stderr if it was captured. Async-signal-safe. */
void cn_uncapture_stderr_now(void);
/* write(2) until done or failed. Async-signal-safe. */
void cn_write_all(int fd, const char *bytes, unsigned long count);
void cn_write_text(int fd, const char *text);
void cn_write_number(int fd, unsigned long value, unsigned base);
const char *cn_signal_name(int sig);
void cn_install_crash_handlers(void);
void cn_reset_crash_handlers(void);
#endif

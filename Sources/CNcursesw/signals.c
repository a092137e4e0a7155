#include "CNcursesw.h"
#include "internal.h"
#include <pthread.h>
#include <string.h>
static int cn_wake_fd = -1;
static void (*cn_old_winch)(int) = NULL;
struct termios cn_saved_termios;
int cn_have_saved_termios = 0;
static volatile sig_atomic_t cn_termination_signal = 0;
static volatile sig_atomic_t cn_hung_up = 0;

/* How long a termination request may take to end berth cleanly (the event loop quits, ncurses restores the
   terminal) before the terminal is restored from the handler and the process leaves at once. */
enum { CN_TERMINATION_GRACE_SECONDS = 3 };

static void cn_on_winch(int sig) {
    if (cn_old_winch) cn_old_winch(sig);   /* ncurses sets its "resized" flag */
    if (cn_wake_fd >= 0) { char b = 'w'; ssize_t r = write(cn_wake_fd, &b, 1); (void)r; }
}

/* The event loop did not finish in time, or a second request came: restore the terminal and leave now. */
static void cn_leave_now(int sig) {
    cn_restore_terminal_now();
    cn_uncapture_stderr_now();
    cn_write_text(STDERR_FILENO, "berth: ");
    cn_write_text(STDERR_FILENO, cn_signal_name(sig));
    cn_write_text(STDERR_FILENO, ": the dashboard did not stop in time; left at once\n");
    _exit(128 + sig);
}

static void cn_on_terminate(int sig) {
    if (sig == SIGHUP) cn_hung_up = 1;
    /* A second request means the user insists. A hang-up may deliver SIGHUP twice (to the session leader and to the
       foreground group): that is no insistence, and the 3 s watchdog still covers it. */
    if (cn_termination_signal != 0 && sig != SIGHUP) cn_leave_now(sig);
    cn_termination_signal = sig;
    if (cn_wake_fd >= 0) { char b = 't'; ssize_t r = write(cn_wake_fd, &b, 1); (void)r; }
    alarm(CN_TERMINATION_GRACE_SECONDS);
}

static void cn_on_alarm(int sig) {
    cn_leave_now(cn_termination_signal != 0 ? cn_termination_signal : sig);
}

void cn_note_hang_up(void) { cn_hung_up = 1; }

void cn_save_termios(void) {
    if (tcgetattr(STDIN_FILENO, &cn_saved_termios) == 0) cn_have_saved_termios = 1;
}
void cn_restore_termios(void) {
    if (cn_have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &cn_saved_termios);
}
/* Call after newterm(): chains ncurses' own SIGWINCH handler. */
void cn_install_signal_handlers(int wake_fd) {
    struct sigaction sa;
    cn_wake_fd = wake_fd;
    cn_termination_signal = 0;
    cn_reinstall_winch();
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = cn_on_terminate;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    sa.sa_handler = cn_on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    cn_install_crash_handlers();
}
/* Undo the handlers after endwin(): termination is the default again, crashes need no terminal fix. */
void cn_reset_signal_handlers(void) {
    cn_wake_fd = -1;
    alarm(0);
    /* After a hang-up another SIGHUP may still come while berth finishes; it must not cut that short. */
    signal(SIGTERM, SIG_DFL); signal(SIGHUP, cn_hung_up ? SIG_IGN : SIG_DFL); signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    cn_reset_crash_handlers();
}
/* Used while a child owns the terminal (exec): the child gets ^C, not berth. */
void cn_ignore_interactive_signals(int ignore) {
    signal(SIGINT, ignore ? SIG_IGN : cn_on_terminate);
    signal(SIGQUIT, ignore ? SIG_IGN : cn_on_terminate);
}


void cn_reinstall_winch(void) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sa.sa_handler = cn_on_winch;
    if (sigaction(SIGWINCH, &sa, &old) == 0 && !(old.sa_flags & SA_SIGINFO)
        && old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN && old.sa_handler != cn_on_winch) {
        cn_old_winch = old.sa_handler;
    }
}

/* Stops berth as Ctrl-Z does in a cooked terminal, with the default SIGTSTP action (ncurses may have installed its
   own), and returns once a SIGCONT (the shell's fg) continues it. A process group that is orphaned (no job-control
   shell) has SIGTSTP discarded by the kernel, so this then returns at once instead of stopping for ever. */
void cn_stop_self(void) {
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);
    sigset_t set, previous;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &set, &previous);
    raise(SIGTSTP);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    sigaction(SIGTSTP, &old, NULL);
}

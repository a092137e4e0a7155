#define _GNU_SOURCE
#include "CNcursesw.h"
#include "internal.h"
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>

/*
 * What a dying berth does for the user: put the terminal back, write the backtrace to a file of its own, and say
 * where in one line on stderr. Everything the handlers call is async-signal-safe; everything they need (the bytes
 * that restore this terminal, the report's directory, the real stderr) is prepared while the screen starts.
 */

/* Private modes berth never sets but a crashed program must not leave on: mouse reporting (X10, button, any-event,
   UTF-8, SGR, urxvt), focus events and bracketed paste. ECMA-48 terminals ignore the ones they lack. */
static const char cn_mode_resets[] =
    "\033[?1000l\033[?1002l\033[?1003l\033[?1005l\033[?1006l\033[?1015l\033[?1004l\033[?2004l";

static char cn_restore[1024];
static size_t cn_restore_length;
static int cn_terminal_is_ecma48;
static char cn_report_directory[2048];
/* The terminal, and /dev/null, opened while the screen starts: see cn_restore_terminal_now. */
static int cn_terminal_out = -1;
static int cn_discard_out = -1;
static int cn_real_stderr = -1;
static int cn_stderr_capture = -1;
static int cn_crashing;
/* A pipe the backtrace reads the stack through: write() says EFAULT for an address that is not mapped, where a plain
   read would fault again inside the handler. */
static int cn_probe_pipe[2] = {-1, -1};

void cn_write_all(int fd, const char *bytes, unsigned long count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        bytes += n;
        count -= (unsigned long)n;
    }
}

void cn_write_text(int fd, const char *text) { cn_write_all(fd, text, strlen(text)); }

void cn_write_number(int fd, unsigned long value, unsigned base) {
    char digits[32];
    int i = (int)sizeof digits;
    do {
        digits[--i] = "0123456789abcdef"[value % base];
        value /= base;
    } while (value > 0 && i > 0);
    cn_write_all(fd, digits + i, sizeof digits - (unsigned long)i);
}

const char *cn_signal_name(int sig) {
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    case SIGFPE: return "SIGFPE";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    default: return "a signal";
    }
}

static int cn_present(const char *capability) {
    return capability != NULL && capability != (char *)-1 && capability[0] != '\0';
}

/* Appends a terminfo string without its padding (`$<5>`), which only tputs understands. */
static void cn_append(const char *capability) {
    if (!cn_present(capability)) return;
    for (const char *p = capability; *p; p++) {
        if (p[0] == '$' && p[1] == '<') {
            const char *end = strchr(p, '>');
            if (end != NULL) {
                p = end;
                continue;
            }
        }
        if (cn_restore_length + 1 < sizeof cn_restore) cn_restore[cn_restore_length++] = *p;
    }
}

void cn_prepare_restore(void) {
    cn_restore_length = 0;
    const char *cup = tigetstr("cup");
    cn_terminal_is_ecma48 = cn_present(cup) && cup[0] == '\033' && cup[1] == '[';
    /* CAN ends an escape sequence ncurses may have been cut off in the middle of. */
    if (cn_terminal_is_ecma48) cn_append("\030");
    cn_append(tigetstr("sgr0"));
    if (cn_terminal_is_ecma48) cn_append(cn_mode_resets);
    cn_append(tigetstr("rmkx"));
    cn_append(tigetstr("cnorm"));
    const char *rmcup = tigetstr("rmcup");
    /* Without an alternate screen the dashboard would stay on the terminal under the shell's prompt. */
    if (cn_present(rmcup)) cn_append(rmcup); else cn_append(tigetstr("clear"));
    if (cn_terminal_out < 0) cn_terminal_out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (cn_discard_out < 0) cn_discard_out = open("/dev/null", O_WRONLY | O_CLOEXEC);
}

void cn_write_mode_resets(void) {
    if (cn_terminal_is_ecma48) cn_write_all(STDOUT_FILENO, cn_mode_resets, sizeof cn_mode_resets - 1);
}

void cn_restore_terminal_now(void) {
    int terminal = STDOUT_FILENO;
    if (cn_terminal_out >= 0 && cn_discard_out >= 0) {
        /* A signal sent with kill() runs this on any thread, while the curses thread may be painting a frame (or an
           exec writing its output): from now on their writes to stdout go nowhere, and a write already in the
           kernel gets a moment to finish, so no frame lands on the shell's screen after the restore. */
        dup2(cn_discard_out, STDOUT_FILENO);
        struct timespec moment = {0, 20 * 1000 * 1000};
        nanosleep(&moment, NULL);
        terminal = cn_terminal_out;
    }
    cn_write_all(terminal, cn_restore, cn_restore_length);
    if (cn_have_saved_termios) tcsetattr(STDIN_FILENO, TCSANOW, &cn_saved_termios);
}

void cn_set_crash_report_directory(const char *directory) {
    size_t length = strlen(directory);
    if (length >= sizeof cn_report_directory) length = 0;
    memcpy(cn_report_directory, directory, length);
    cn_report_directory[length] = '\0';
}

/* MARK: - stderr while the screen is up */

int cn_capture_stderr(void) {
    if (cn_real_stderr >= 0) return 0;
    int capture = (int)syscall(SYS_memfd_create, "berth-stderr", 1u /* MFD_CLOEXEC */);
    if (capture < 0) return -1;
    int real = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (real < 0) {
        close(capture);
        return -1;
    }
    if (dup2(capture, STDERR_FILENO) < 0) {
        close(real);
        close(capture);
        return -1;
    }
    cn_stderr_capture = capture;
    cn_real_stderr = real;
    return 0;
}

void cn_uncapture_stderr_now(void) {
    if (cn_real_stderr >= 0) dup2(cn_real_stderr, STDERR_FILENO);
}

/* Copies the last `limit` bytes written to the captured stderr into `fd`. */
static void cn_copy_capture(int fd, off_t limit) {
    if (cn_stderr_capture < 0) return;
    off_t end = lseek(cn_stderr_capture, 0, SEEK_END);
    if (end <= 0) return;
    off_t offset = end > limit ? end - limit : 0;
    char buffer[4096];
    while (offset < end) {
        ssize_t n = pread(cn_stderr_capture, buffer, sizeof buffer, offset);
        if (n <= 0) break;
        cn_write_all(fd, buffer, (unsigned long)n);
        offset += n;
    }
}

void cn_release_stderr(void) {
    if (cn_real_stderr < 0) return;
    dup2(cn_real_stderr, STDERR_FILENO);
    close(cn_real_stderr);
    cn_real_stderr = -1;
    cn_copy_capture(STDERR_FILENO, 1 << 20);
    close(cn_stderr_capture);
    cn_stderr_capture = -1;
}

/* MARK: - The crash report */

static void cn_make_directories(const char *directory) {
    char path[sizeof cn_report_directory];
    size_t length = strlen(directory);
    if (length == 0 || length >= sizeof path) return;
    memcpy(path, directory, length + 1);
    for (size_t i = 1; i < length; i++) {
        if (path[i] != '/') continue;
        path[i] = '\0';
        mkdir(path, 0700);
        path[i] = '/';
    }
    mkdir(path, 0700);
}

static size_t cn_append_to(char *buffer, size_t used, size_t size, const char *text) {
    while (*text && used + 1 < size) buffer[used++] = *text++;
    buffer[used] = '\0';
    return used;
}

static size_t cn_append_number_to(char *buffer, size_t used, size_t size, unsigned long value) {
    char digits[32];
    int i = (int)sizeof digits - 1;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + value % 10);
        value /= 10;
    } while (value > 0 && i > 0);
    return cn_append_to(buffer, used, size, digits + i);
}

/* Creates the report file: new (O_EXCL), never through a symlink (O_NOFOLLOW), readable by the user alone. A name
   that is taken, by an old report or by something planted there, moves on to the next one. */
static int cn_open_report(char *path, size_t size, int *error) {
    const char *directory = cn_report_directory[0] ? cn_report_directory : "/tmp";
    cn_make_directories(directory);
    unsigned long pid = (unsigned long)getpid();
    *error = 0;
    for (unsigned long attempt = 1; attempt <= 9; attempt++) {
        size_t used = cn_append_to(path, 0, size, directory);
        used = cn_append_to(path, used, size, "/berth-crash-");
        used = cn_append_number_to(path, used, size, pid);
        if (attempt > 1) {
            used = cn_append_to(path, used, size, "-");
            used = cn_append_number_to(path, used, size, attempt);
        }
        cn_append_to(path, used, size, ".txt");
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            fchmod(fd, 0600);
            return fd;
        }
        *error = errno;
        if (errno != EEXIST) break;
    }
    return -1;
}

static void cn_copy_file(int fd, const char *source) {
    int in = open(source, O_RDONLY | O_CLOEXEC);
    if (in < 0) return;
    char buffer[4096];
    ssize_t n;
    while ((n = read(in, buffer, sizeof buffer)) > 0) cn_write_all(fd, buffer, (unsigned long)n);
    close(in);
}

/* Copies `count` bytes at `address` into `into`, or says 0 where they cannot be read. */
static int cn_read_memory(uintptr_t address, void *into, size_t count) {
    if (cn_probe_pipe[0] < 0) return 0;
    ssize_t written = write(cn_probe_pipe[1], (const void *)address, count);
    if (written <= 0) return 0;
    ssize_t got = read(cn_probe_pipe[0], into, (size_t)written);
    return written == (ssize_t)count && got == written;
}

/* The return addresses of the crashed thread, innermost first, found by following its frame pointers from the
   registers at the fault (none without them, or on another architecture). The release binary carries no unwind
   tables for Swift or C (only C++ needs them), so backtrace() stops at the first such frame; Swift and berth's C keep
   their frame pointers. Each step must go up the stack, to a readable and aligned frame, so a corrupt chain ends the
   walk instead of the report. */
static int cn_walk_frames(const void *context, void **frames, int capacity) {
    const ucontext_t *registers = context;
    if (registers == NULL || capacity < 1) return 0;
#if defined(__x86_64__)
    uintptr_t pc = (uintptr_t)registers->uc_mcontext.gregs[REG_RIP];
    uintptr_t fp = (uintptr_t)registers->uc_mcontext.gregs[REG_RBP];
#elif defined(__aarch64__)
    uintptr_t pc = (uintptr_t)registers->uc_mcontext.pc;
    uintptr_t fp = (uintptr_t)registers->uc_mcontext.regs[29];
#else
    uintptr_t pc = 0, fp = 0;
    return 0;
#endif
    int count = 0;
    frames[count++] = (void *)pc;
    while (count < capacity && fp != 0 && (fp & 7) == 0) {
        uintptr_t record[2]; /* the caller's frame pointer, then the return address */
        if (!cn_read_memory(fp, record, sizeof record) || record[1] == 0) break;
        frames[count++] = (void *)record[1];
        /* Swift's async frames mark their saved frame pointer with bit 60. */
        uintptr_t next = record[0] & ~((uintptr_t)1 << 60);
        if (next <= fp) break;
        fp = next;
    }
    return count;
}

static void cn_write_report(int fd, int sig, siginfo_t *info, void *context) {
    cn_write_text(fd, "berth crashed: ");
    cn_write_text(fd, cn_signal_name(sig));
    cn_write_text(fd, " (signal ");
    cn_write_number(fd, (unsigned long)sig, 10);
    cn_write_text(fd, ")\n");
    if (info != NULL && info->si_code > 0 && sig != SIGABRT) {
        cn_write_text(fd, "fault address: 0x");
        cn_write_number(fd, (unsigned long)info->si_addr, 16);
        cn_write_text(fd, "\n");
    } else if (info != NULL) {
        cn_write_text(fd, "sent by process ");
        cn_write_number(fd, (unsigned long)info->si_pid, 10);
        cn_write_text(fd, "\n");
    }
    cn_write_text(fd, "process ");
    cn_write_number(fd, (unsigned long)getpid(), 10);
    cn_write_text(fd, ", thread ");
    cn_write_number(fd, (unsigned long)syscall(SYS_gettid), 10);
    cn_write_text(fd, ", at ");
    cn_write_number(fd, (unsigned long)time(NULL), 10);
    cn_write_text(fd, " (seconds since 1970)\n\nWritten to stderr while the screen was up:\n");
    cn_copy_capture(fd, 64 * 1024);
    cn_write_text(fd, "\nBacktrace from the frame pointers at the fault, innermost first (module(+offset) resolves with "
                      "addr2line -e module offset):\n");
    void *frames[128];
    int count = cn_walk_frames(context, frames, 128);
    backtrace_symbols_fd(frames, count, fd);
    /* The frame pointers break where a function keeps none (libc, libdispatch); the unwind tables carry on there, and
       stop at the first function that has none (in the release binary, the first Swift or C function). Together
       they name the crashed thread's frames in either build. */
    cn_write_text(fd, "\nThe same thread from the unwind tables, this handler first:\n");
    count = backtrace(frames, 128);
    backtrace_symbols_fd(frames, count, fd);
    cn_write_text(fd, "\nMemory map:\n");
    cn_copy_file(fd, "/proc/self/maps");
}

static void cn_on_crash(int sig, siginfo_t *info, void *context) {
    if (__atomic_exchange_n(&cn_crashing, 1, __ATOMIC_SEQ_CST)) {
        /* Another thread is already reporting a crash, and will end the process. */
        for (;;) pause();
    }
    cn_restore_terminal_now();
    char path[sizeof cn_report_directory + 64];
    int error = 0;
    int fd = cn_open_report(path, sizeof path, &error);
    if (fd >= 0) {
        cn_write_report(fd, sig, info, context);
        close(fd);
    }
    cn_uncapture_stderr_now();
    cn_write_text(STDERR_FILENO, "berth: crashed (");
    cn_write_text(STDERR_FILENO, cn_signal_name(sig));
    if (fd >= 0) {
        cn_write_text(STDERR_FILENO, "); the backtrace is in ");
        cn_write_text(STDERR_FILENO, path);
    } else {
        cn_write_text(STDERR_FILENO, "); no crash report: cannot create ");
        cn_write_text(STDERR_FILENO, path);
        cn_write_text(STDERR_FILENO, " (error ");
        cn_write_number(STDERR_FILENO, (unsigned long)error, 10);
        cn_write_text(STDERR_FILENO, ")");
    }
    cn_write_text(STDERR_FILENO, "\n");
    /* Die of the same signal (a core dump where enabled, the shell's usual message): it is blocked until this
       handler returns, then the default action ends the process. */
    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(sig, &fallback, NULL);
    raise(sig);
}

static const int cn_crash_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
#define CN_CRASH_SIGNAL_COUNT (sizeof cn_crash_signals / sizeof cn_crash_signals[0])
static struct sigaction cn_previous_crash_actions[CN_CRASH_SIGNAL_COUNT];
static int cn_crash_handlers_installed;

void cn_install_crash_handlers(void) {
    /* The first backtrace() loads the unwinder (and allocates): do it now, not in a handler. */
    void *warm[2];
    (void)backtrace(warm, 2);
    if (cn_probe_pipe[0] < 0 && pipe2(cn_probe_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        cn_probe_pipe[0] = cn_probe_pipe[1] = -1;
    }
    /* A stack overflow on this thread still gets its report. */
    static char *alternate_stack;
    if (alternate_stack == NULL) alternate_stack = malloc(64 * 1024);
    if (alternate_stack != NULL) {
        stack_t stack;
        memset(&stack, 0, sizeof stack);
        stack.ss_sp = alternate_stack;
        stack.ss_size = 64 * 1024;
        sigaltstack(&stack, NULL);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cn_on_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    /* Nothing else runs in the middle of a report; a fault inside it ends the process at once. */
    sigfillset(&action.sa_mask);
    for (size_t i = 0; i < CN_CRASH_SIGNAL_COUNT; i++) {
        sigaction(cn_crash_signals[i], &action, &cn_previous_crash_actions[i]);
    }
    cn_crash_handlers_installed = 1;
}

/* The terminal is the shell's again: whatever handled crashes before (the Swift runtime's) does again. */
void cn_reset_crash_handlers(void) {
    if (!cn_crash_handlers_installed) return;
    for (size_t i = 0; i < CN_CRASH_SIGNAL_COUNT; i++) {
        sigaction(cn_crash_signals[i], &cn_previous_crash_actions[i], NULL);
    }
    cn_crash_handlers_installed = 0;
    if (cn_terminal_out >= 0) close(cn_terminal_out);
    if (cn_discard_out >= 0) close(cn_discard_out);
    cn_terminal_out = -1;
    cn_discard_out = -1;
}

#include "CNcursesw.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#ifdef __linux__
/* The kernel's struct sched_attr (first version, 48 bytes); glibc has no wrapper for sched_setattr. */
struct cn_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
};
#endif

int cn_request_short_slice(unsigned long long nanoseconds) {
#if defined(__linux__) && defined(SYS_sched_setattr)
    struct cn_sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.sched_policy = 0; /* SCHED_OTHER: only the slice changes, never the priority */
    attr.sched_nice = getpriority(PRIO_PROCESS, 0);
    attr.sched_runtime = nanoseconds;
    if (syscall(SYS_sched_setattr, 0, &attr, 0) != 0) return errno;
    return 0;
#else
    (void)nanoseconds;
    return ENOSYS;
#endif
}

int cn_lower_other_threads(int nice) {
#ifdef __linux__
    DIR *tasks = opendir("/proc/self/task");
    if (!tasks) return -1;
    pid_t self = (pid_t)syscall(SYS_gettid);
    int lowered = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        pid_t tid = (pid_t)atoi(entry->d_name);
        if (tid == self) continue;
        errno = 0;
        int current = getpriority(PRIO_PROCESS, (id_t)tid);
        if (errno != 0 || current >= nice) continue;
        if (setpriority(PRIO_PROCESS, (id_t)tid, nice) == 0) lowered++;
    }
    closedir(tasks);
    return lowered;
#else
    (void)nice;
    return 0;
#endif
}

#include "CNcursesw.h"
#include <term.h>

int cn_terminfo_probe(const char *name) {
    int error = 0;
    /* With an error pointer, setupterm reports a missing entry instead of printing and exiting. */
    if (setupterm(name, STDOUT_FILENO, &error) != OK || cur_term == NULL) return 0;
    const char *cup = tigetstr("cup");
    int addressable = cup != NULL && cup != (char *)-1 && cup[0] != '\0';
    del_curterm(cur_term);
    return addressable ? 1 : -1;
}

/* The declaration in include/CFuzzerDriver.h is all this module provides; the definition is in libFuzzer, which
   -sanitize=fuzzer links in. A C target needs at least one source file. */
#include "CFuzzerDriver.h"

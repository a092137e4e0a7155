/* The build's facts come from Package.swift as macros (from BERTH_COMMIT and BERTH_BUILD_DATE in the environment of
 * the build): only this file is compiled again when they change, and nothing else needs a generated source. */
#include "BuildStamp.h"

#ifndef BERTH_BUILD_COMMIT
#define BERTH_BUILD_COMMIT ""
#endif
#ifndef BERTH_BUILD_DATE
#define BERTH_BUILD_DATE ""
#endif

const char *berth_build_commit(void) { return BERTH_BUILD_COMMIT; }

const char *berth_build_date(void) { return BERTH_BUILD_DATE; }

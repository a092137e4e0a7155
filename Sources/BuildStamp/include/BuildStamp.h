#ifndef BERTH_BUILD_STAMP_H
#define BERTH_BUILD_STAMP_H

/* The commit berth was built from (e.g. "c798dc3", "c798dc3-dirty"), or "" when the build did not record one. */
const char *berth_build_commit(void);

/* When berth was built, in UTC (e.g. "2026-12-06T04:12:00Z"), or "" when the build did not record it. */
const char *berth_build_date(void);

#endif

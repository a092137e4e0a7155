import Testing

@testable import CursesBackend

@Suite struct CrashReportsTests {
    @Test func reportsGoToTheStateDirectoryElseHomeElseTmp() {
        #expect(CrashReports.directory(environment: ["XDG_STATE_HOME": "/s/", "HOME": "/h"]) == "/s/berth")
        #expect(CrashReports.directory(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/berth")
        // Relative or empty values are ignored, as the XDG specification says.
        #expect(CrashReports.directory(environment: ["XDG_STATE_HOME": "rel", "HOME": ""]) == "/tmp")
        #expect(CrashReports.directory(environment: ["HOME": "/", "TMPDIR": "/var/tmp"]) == "/var/tmp")
    }
}

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

@Suite struct LocaleCharsetTests {
    @Test func utf8IsAskedForByTheFirstVariableSet() {
        #expect(LocaleCharset.requestsUTF8(["LANG": "en_US.UTF-8"]))
        #expect(LocaleCharset.requestsUTF8(["LANG": "de_DE.utf8"]))
        #expect(LocaleCharset.requestsUTF8(["LC_CTYPE": "C.UTF-8", "LANG": "C"]))
        #expect(!LocaleCharset.requestsUTF8(["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        #expect(LocaleCharset.requestsUTF8(["LC_ALL": "", "LANG": "en_US.UTF-8"]))
        #expect(!LocaleCharset.requestsUTF8(["LANG": "POSIX"]))
        #expect(!LocaleCharset.requestsUTF8(["LANG": "en_US.ISO-8859-1"]))
        #expect(!LocaleCharset.requestsUTF8([:]))
    }
}

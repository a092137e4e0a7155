import EngineAPI
import Testing

/// Podman's pod removal: the request, and its answer as Podman 4.3 writes it (recorded) and as it could be written.
@Suite struct PodRemovalTests {
    @Test func theRequestNamesThePodAndTheForce() {
        let v141 = APIVersion(major: 1, minor: 41)
        #expect(
            Endpoints.removePod("web pod", force: true).uri(version: v141) == "/v1.41/libpod/pods/web%20pod?force=true")
        #expect(Endpoints.removePod("a", force: false).uri(version: v141) == "/v1.41/libpod/pods/a?force=false")
        #expect(Endpoints.removePod("a", force: false).method == .delete)
    }

    @Test func anAnswerWithoutAnErrorMeansThePodIsGone() throws {
        let recorded = #"{"Err":null,"Id":"58aee7b6660af699a288524272e52a2ca020040122f78e9ed07e58c246dd49fd"}"#
        let removal = try PodRemoval.decode(Array(recorded.utf8))
        #expect(removal.error == nil)
        #expect(removal.id?.hasPrefix("58aee7b6660a") == true)
        #expect(try PodRemoval.decode(Array("  \n".utf8)) == PodRemoval())
        // Later Podmans add the containers removed; an empty error string is no error either.
        let later = #"{"Err":"","Id":"x","RemovedCtrs":{"a":null}}"#
        #expect(try PodRemoval.decode(Array(later.utf8)).error == nil)
    }

    @Test func anErrorInTheAnswerIsKeptInWords() throws {
        #expect(
            try PodRemoval.decode(Array(#"{"Err":"dependency exists","Id":"x"}"#.utf8)).error == "dependency exists")
        // Go writes an error value it cannot put in words as an object.
        #expect(try PodRemoval.decode(Array(#"{"Err":{},"Id":"x"}"#.utf8)).error != nil)
        #expect(throws: EngineError.self) { try PodRemoval.decode(Array(#"{"Err":"#.utf8)) }
    }
}

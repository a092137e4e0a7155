import Testing

@testable import EngineAPI

/// The Swift formatting of figures against the C library's `printf`, which it stands in for.
@Suite struct DecimalTextTests {
    /// Values of every kind the figures take: round numbers, halves that `printf` breaks by the binary value,
    /// decade edges, tiny and large ones, and a deterministic spread of arbitrary ones.
    static let values: [Double] = {
        var values: [Double] = [
            0, 0.004, 0.005, 0.0050000001, 0.015, 0.125, 0.135, 0.5, 0.995, 0.9995, 1, 1.5, 2.675, 9.995, 9.9995,
            10, 99.995, 99.9995, 100, 999.5, 999.95, 1000, 1023, 1023.5, 1023.95, 1024, 0.1, 0.09999999999999999,
            0.0001, 0.00012345, 0.00009999, 48.42578125, 1.52301025390625, 49.824797, 512.000001, 1e6, 9_999_999.995,
        ]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(state >> 11) / Double(1 << 53)
            let exponent = Int((state >> 3) % 12) - 5
            var value = mantissa
            for _ in 0..<abs(exponent) { value = exponent < 0 ? value / 10 : value * 10 }
            values.append(value)
            // Values on a short decimal grid, as byte counts scaled by 1024 and percentages land.
            values.append(Double(state % 2_000_000) / 1024)
            values.append(Double(state % 100_000) / 1000)
        }
        return values
    }()

    /// Every answer `swift` gives for `precisions` equals `printf`'s with `format`, and it answers nearly always (or
    /// berth gains nothing from it).
    static func expectPrintf(
        _ precisions: ClosedRange<Int>, _ format: (Int) -> String, _ swift: (Double, Int) -> String?
    ) {
        var answered = 0
        for value in values {
            for precision in precisions {
                guard let text = swift(value, precision) else { continue }
                answered += 1
                #expect(text == cFormat(format(precision), value), "value \(value), \(format(precision))")
            }
        }
        #expect(answered > values.count * 3)
    }

    @Test func fixedMatchesPrintf() {
        Self.expectPrintf(0...3, { "%.\($0)f" }, { DecimalText.fixed($0, decimals: $1) })
    }

    @Test func significantMatchesPrintf() {
        Self.expectPrintf(1...6, { "%.\($0)g" }, { DecimalText.significant($0, digits: $1) })
    }

    /// Where `Double` arithmetic cannot be sure, the C library answers instead.
    @Test func leavesCloseCallsAndExponentsToTheCLibrary() {
        #expect(DecimalText.fixed(0.125, decimals: 2) == nil)
        #expect(DecimalText.fixed(-1, decimals: 2) == nil)
        #expect(DecimalText.significant(1000, digits: 3) == nil)
        #expect(DecimalText.significant(0.00001, digits: 3) == nil)
        #expect(DecimalText.significant(999.95, digits: 4) == nil)
        #expect(StatsUnits.percent(0.125) == "0.12%")
        #expect(StatsUnits.significant(1000, digits: 3) == "1e+03")
    }
}

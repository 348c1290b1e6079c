using Xunit;
using Xunit.Sdk;

namespace StoreKit.Testing.Xunit;

/// <summary>
/// A conformance test for one contract clause. It runs like a [Fact]; when the store does not declare
/// the optional capability the test needs, it is reported as skipped with the reason (K1).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("StoreKit.Testing.Xunit.ConformanceFactDiscoverer", "StoreKit.Testing")]
public sealed class ConformanceFactAttribute(string clause) : FactAttribute
{
    /// <summary>The clause id the test checks, e.g. "P-GET-2".</summary>
    public string Clause { get; } = clause;
}

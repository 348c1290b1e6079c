namespace StoreKit.Testing;

public enum ConformanceOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>One conformance test's result: its clause, its name, what happened and why.</summary>
public sealed record ConformanceResult(string Clause, string Test, ConformanceOutcome Outcome, string? Reason);

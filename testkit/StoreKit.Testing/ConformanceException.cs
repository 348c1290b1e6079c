using Xunit.Sdk;

namespace StoreKit.Testing;

/// <summary>A contract clause the store broke. The message starts with the clause id (K3).</summary>
public sealed class ConformanceException(string clause, string message) : XunitException($"{clause}: {message}")
{
    public string Clause { get; } = clause;
}

/// <summary>Thrown by a conformance test whose optional capability the store does not declare; reported as skipped (K1).</summary>
public sealed class ConformanceSkipException(string reason) : Exception(reason);

namespace StoreKit.Benchmarks.Backends;

/// <summary>Where a backend benchmark finds its server: the variable <c>.ci/run</c> sets (scripts/backend-benchmarks.sh runs them so).</summary>
internal static class BackendServer
{
    public static string Address(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } address
            ? address
            : throw new InvalidOperationException($"{variable} is not set: run the backend benchmarks with scripts/backend-benchmarks.sh, which starts every server as .ci/run does.");
}

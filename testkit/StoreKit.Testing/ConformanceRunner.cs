using System.Reflection;
using StoreKit.Testing.Xunit;

namespace StoreKit.Testing;

/// <summary>
/// Runs a suite's conformance tests in-process, without xunit, and returns each result: for a
/// report, or to check that a deliberately broken store fails the clause it breaks (K6).
/// </summary>
public static class ConformanceRunner
{
    public static async Task<IReadOnlyList<ConformanceResult>> RunAsync(object suite, Func<MethodInfo, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var results = new List<ConformanceResult>();
        foreach (var (method, attribute) in Tests(suite.GetType()).Where(t => filter?.Invoke(t.Method) ?? true))
        {
            results.Add(await RunOneAsync(suite, method, attribute.Clause).ConfigureAwait(false));
        }

        return results;
    }

    /// <summary>Every conformance test of a suite type, with its clause.</summary>
    public static IEnumerable<(MethodInfo Method, ConformanceFactAttribute Attribute)> Tests(Type suiteType) =>
        suiteType.GetMethods(BindingFlags.Instance | BindingFlags.Public)
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<ConformanceFactAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => (pair.Method, pair.Attribute!))
            .OrderBy(pair => pair.Method.Name, StringComparer.Ordinal);

    /// <summary>A failure's reason, starting with the clause id (K3) even when the store threw something unexpected.</summary>
    public static string DescribeFailure(string clause, Exception exception) =>
        exception is ConformanceException ? exception.Message : $"{clause}: unexpected {exception.GetType().Name}: {exception.Message}";

    private static async Task<ConformanceResult> RunOneAsync(object suite, MethodInfo method, string clause)
    {
        try
        {
            await ((Task)method.Invoke(suite, null)!).ConfigureAwait(false);
            return new ConformanceResult(clause, method.Name, ConformanceOutcome.Passed, null);
        }
        catch (Exception exception)
        {
            var cause = exception is TargetInvocationException { InnerException: { } inner } ? inner : exception;
            return cause is ConformanceSkipException skip
                ? new ConformanceResult(clause, method.Name, ConformanceOutcome.Skipped, skip.Message)
                : new ConformanceResult(clause, method.Name, ConformanceOutcome.Failed, DescribeFailure(clause, cause));
        }
    }
}

using Xunit.Abstractions;
using Xunit.Sdk;

namespace StoreKit.Testing.Xunit;

/// <summary>
/// Sits between a conformance test and xunit: a failure caused by <see cref="ConformanceSkipException"/>
/// becomes a skip with its reason, and every outcome of a suite's test goes to <see cref="ConformanceReport"/>.
/// </summary>
/// <param name="inner">xunit's bus.</param>
/// <param name="suite">The suite class the report is filed under; null for a test of a project's own that only borrows the attribute.</param>
/// <param name="clause">The clause the test checks.</param>
internal sealed class ConformanceMessageBus(IMessageBus inner, string? suite, string clause) : IMessageBus
{
    private static readonly string SkipExceptionName = typeof(ConformanceSkipException).FullName!;

    public int Skipped { get; private set; }

    public bool QueueMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestFailed failed when failed.ExceptionTypes.FirstOrDefault() == SkipExceptionName:
                Skipped++;
                var reason = failed.Messages.FirstOrDefault() ?? "skipped";
                reason = reason.StartsWith(SkipExceptionName + " : ", StringComparison.Ordinal) ? reason[(SkipExceptionName.Length + 3)..] : reason;
                Record(new ConformanceResult(clause, failed.Test.TestCase.TestMethod.Method.Name, ConformanceOutcome.Skipped, reason));
                return inner.QueueMessage(new TestSkipped(failed.Test, reason));
            case ITestFailed failed:
                var described = WithClause(failed);
                Record(new ConformanceResult(clause, failed.Test.TestCase.TestMethod.Method.Name, ConformanceOutcome.Failed, described.Messages.FirstOrDefault()));
                return inner.QueueMessage(described);
            case ITestPassed passed:
                Record(new ConformanceResult(clause, passed.Test.TestCase.TestMethod.Method.Name, ConformanceOutcome.Passed, null));
                break;
        }

        return inner.QueueMessage(message);
    }

    private void Record(ConformanceResult result)
    {
        if (suite is not null)
        {
            ConformanceReport.Record(suite, result);
        }
    }

    /// <summary>K3: a failure the store threw directly still starts with the clause id.</summary>
    private ITestFailed WithClause(ITestFailed failed)
    {
        var first = failed.Messages.FirstOrDefault() ?? string.Empty;
        if (failed.ExceptionTypes.FirstOrDefault() == typeof(ConformanceException).FullName || first.StartsWith(clause, StringComparison.Ordinal))
        {
            return failed;
        }

        var messages = failed.Messages.ToArray();
        messages[0] = $"{clause}: unexpected {first}";
        return new TestFailed(failed.Test, failed.ExecutionTime, failed.Output, failed.ExceptionTypes, messages, failed.StackTraces, failed.ExceptionParentIndices);
    }

    public void Dispose()
    {
        // The inner bus belongs to xunit.
    }
}

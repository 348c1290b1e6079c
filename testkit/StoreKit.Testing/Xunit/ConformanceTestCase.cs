using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace StoreKit.Testing.Xunit;

/// <summary>
/// A test case that reports a <see cref="ConformanceSkipException"/> as skipped (never as passed or
/// failed), and records every result for the Markdown conformance report (K1, K7).
/// </summary>
public sealed class ConformanceTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceTestCase()
    {
    }

    public ConformanceTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        var clause = TestMethod.Method.GetCustomAttributes(typeof(ConformanceFactAttribute)).First().GetConstructorArguments().First() as string ?? "?";
        // Reports are of the kit's suites: a test declared elsewhere (a project's own) is not filed.
        // The declaring type, not Method.Type: that is the test class, which for a suite's test is the subclass.
        var declaredByKit = (TestMethod.Method as IReflectionMethodInfo)?.MethodInfo.DeclaringType?.Assembly == typeof(ConformanceTestCase).Assembly;
        var suite = declaredByKit ? TestMethod.TestClass.Class.Name : null;
        using var bus = new ConformanceMessageBus(messageBus, suite, clause);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
        summary.Failed -= bus.Skipped;
        summary.Skipped += bus.Skipped;
        return summary;
    }
}

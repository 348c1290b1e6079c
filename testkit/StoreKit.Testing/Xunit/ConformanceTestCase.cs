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
        var declaredByKit = TestMethod.Method.Type.Assembly.Name.StartsWith(typeof(ConformanceTestCase).Assembly.GetName().Name + ",", StringComparison.Ordinal);
        var suite = declaredByKit ? TestMethod.TestClass.Class.Name : null;
        using var bus = new ConformanceMessageBus(messageBus, suite, clause);
        var summary = await base.RunAsync(diagnosticMessageSink, bus, constructorArguments, aggregator, cancellationTokenSource).ConfigureAwait(false);
        summary.Failed -= bus.Skipped;
        summary.Skipped += bus.Skipped;
        return summary;
    }
}

using FluentAssertions;
using FluentAssertions.Execution;

namespace StoreKit.Testing.Assertions;

/// <summary>Assertions on a <see cref="DataStoreStatus"/> as a status provider publishes it.</summary>
public sealed class DataStoreStatusAssertions(DataStoreStatus subject)
{
    public DataStoreStatus Subject { get; } = subject;

    public AndConstraint<DataStoreStatusAssertions> BeAvailable(string because = "", params object[] becauseArgs) =>
        Check(Subject.Available, "available", because, becauseArgs);

    public AndConstraint<DataStoreStatusAssertions> BeUnavailable(string because = "", params object[] becauseArgs) =>
        Check(!Subject.Available, "unavailable", because, becauseArgs);

    /// <summary>The data source should refresh the store: it may hold stale data (W8).</summary>
    public AndConstraint<DataStoreStatusAssertions> NeedRefresh(string because = "", params object[] becauseArgs) =>
        Check(Subject.NeedsRefresh, "to need a refresh", because, becauseArgs);

    public AndConstraint<DataStoreStatusAssertions> NotNeedRefresh(string because = "", params object[] becauseArgs) =>
        Check(!Subject.NeedsRefresh, "not to need a refresh", because, becauseArgs);

    private AndConstraint<DataStoreStatusAssertions> Check(bool condition, string what, string because, object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(condition)
            .FailWith("Expected {context:status} " + (what.StartsWith("to", StringComparison.Ordinal) || what.StartsWith("not", StringComparison.Ordinal) ? what : "to be " + what) + "{reason}, but found {0}.", Describe.Status(Subject));
        return new(this);
    }
}

using FluentAssertions;
using FluentAssertions.Execution;

namespace StoreKit.Testing.Assertions;

/// <summary>Assertions on what a persistent store returns, a <see cref="SerializedItemDescriptor"/>.</summary>
public sealed class SerializedItemDescriptorAssertions(SerializedItemDescriptor subject)
{
    public SerializedItemDescriptor Subject { get; } = subject;

    /// <summary><see cref="SerializedItemDescriptor.NotFound"/> (version -1), not <c>default</c> (P-GET-2).</summary>
    public AndConstraint<SerializedItemDescriptorAssertions> BeNotFound(string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.Version == -1 && !Subject.Deleted && Subject.SerializedItem is null)
            .FailWith(
                "Expected {context:serialized item} to be SerializedItemDescriptor.NotFound{reason}, but found {0}" +
                (Subject == default ? " (default: a missing item must be NotFound, version -1)." : "."),
                Describe.Serialized(Subject));
        return new(this);
    }

    /// <summary>Marked deleted; a store that keeps only the string may instead return the serialized tombstone, which this does not check.</summary>
    public AndConstraint<SerializedItemDescriptorAssertions> BeDeleted(string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.Deleted)
            .FailWith("Expected {context:serialized item} to be marked deleted{reason}, but found {0}.", Describe.Serialized(Subject));
        return new(this);
    }

    public AndConstraint<SerializedItemDescriptorAssertions> HaveVersion(int expected, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.Version == expected)
            .FailWith("Expected {context:serialized item} to have version {0}{reason}, but found {1}.", expected, Describe.Serialized(Subject));
        return new(this);
    }

    public AndConstraint<SerializedItemDescriptorAssertions> HaveSerializedItem(string? expected, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(string.Equals(Subject.SerializedItem, expected, StringComparison.Ordinal))
            .FailWith("Expected {context:serialized item} to hold {0}{reason}, but found {1}.", expected, Describe.Serialized(Subject));
        return new(this);
    }
}

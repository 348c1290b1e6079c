using FluentAssertions;
using FluentAssertions.Execution;

namespace StoreKit.Testing.Assertions;

/// <summary>Assertions on an <see cref="ItemDescriptor"/>, with messages that say which placeholder or version was found.</summary>
public sealed class ItemDescriptorAssertions(ItemDescriptor subject)
{
    public ItemDescriptor Subject { get; } = subject;

    /// <summary>The NotFound placeholder (version -1), which is neither an item nor a tombstone (P-GET-2).</summary>
    public AndConstraint<ItemDescriptorAssertions> BeNotFound(string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.IsNotFound)
            .FailWith("Expected {context:item} to be ItemDescriptor.NotFound{reason}, but found {0}.", Describe.Item(Subject));
        return new(this);
    }

    /// <summary>A tombstone (deleted, version 0 or more), of the given version when one is given (P-GET-3).</summary>
    public AndConstraint<ItemDescriptorAssertions> BeTombstone(int? version = null, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.IsDeleted && (version is null || Subject.Version == version))
            .FailWith(
                "Expected {context:item} to be a tombstone" + (version is null ? string.Empty : " of version {0}") + "{reason}, but found {1}.",
                version,
                Describe.Item(Subject));
        return new(this);
    }

    /// <summary>A stored item (not a tombstone, not NotFound).</summary>
    public AndConstraint<ItemDescriptorAssertions> BeAnItem(string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.Item is not null && Subject.Version >= 0)
            .FailWith("Expected {context:item} to be a stored item{reason}, but found {0}.", Describe.Item(Subject));
        return new(this);
    }

    public AndConstraint<ItemDescriptorAssertions> HaveVersion(int expected, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject.Version == expected)
            .FailWith("Expected {context:item} to have version {0}{reason}, but found {1}.", expected, Describe.Item(Subject));
        return new(this);
    }

    public AndConstraint<ItemDescriptorAssertions> HaveItem(object? expected, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Equals(Subject.Item, expected))
            .FailWith("Expected {context:item} to hold {0}{reason}, but found {1}.", expected, Describe.Item(Subject));
        return new(this);
    }
}

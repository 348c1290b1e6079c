using FluentAssertions;
using FluentAssertions.Execution;
using StoreKit.State;

namespace StoreKit.Testing.Assertions;

/// <summary>Assertions on a state store's <see cref="GetResponse"/>.</summary>
public sealed class GetResponseAssertions(GetResponse? subject)
{
    public GetResponse? Subject { get; } = subject;

    /// <summary>A missing key: no data and no ETag (S-GET-1).</summary>
    public AndConstraint<GetResponseAssertions> BeMissing(string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is { Data: null, ETag: null })
            .FailWith("Expected {context:response} to be missing (no data, no ETag){reason}, but found {0}.", Describe.Response(Subject));
        return new(this);
    }

    /// <summary>An ETag, the given one when <paramref name="expected"/> is not null.</summary>
    public AndConstraint<GetResponseAssertions> HaveETag(string? expected = null, string because = "", params object[] becauseArgs)
    {
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is { ETag: { Length: > 0 } etag } && (expected is null || etag == expected))
            .FailWith(
                "Expected {context:response} to have " + (expected is null ? "an ETag" : "ETag {0}") + "{reason}, but found {1}.",
                expected,
                Describe.Response(Subject));
        return new(this);
    }

    public AndConstraint<GetResponseAssertions> HaveData(ReadOnlySpan<byte> expected, string because = "", params object[] becauseArgs)
    {
        var matches = Subject?.Data is { } data && data.Span.SequenceEqual(expected);
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(matches)
            .FailWith("Expected {context:response} to hold {0} bytes {1}{reason}, but found {2}.", expected.Length, Convert.ToHexString(expected), Describe.Response(Subject));
        return new(this);
    }
}

using StoreKit.State;
using StoreKit.Testing.Assertions;

namespace StoreKit.Testing;

/// <summary>
/// FluentAssertions entry points for StoreKit's types, for store authors' own tests:
/// <c>item.Should().BeTombstone(version: 3)</c>, <c>status.Should().BeAvailable()</c>,
/// <c>response.Should().HaveETag()</c>. With <c>using FluentAssertions;</c> and
/// <c>using StoreKit.Testing;</c> these are chosen over FluentAssertions' object assertions.
/// </summary>
public static class StoreKitAssertionExtensions
{
    public static ItemDescriptorAssertions Should(this ItemDescriptor subject) => new(subject);

    public static SerializedItemDescriptorAssertions Should(this SerializedItemDescriptor subject) => new(subject);

    public static DataStoreStatusAssertions Should(this DataStoreStatus subject) => new(subject);

    public static GetResponseAssertions Should(this GetResponse? subject) => new(subject);
}

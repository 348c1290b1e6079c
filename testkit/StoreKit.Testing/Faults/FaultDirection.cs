namespace StoreKit.Testing.Faults;

/// <summary>Which way the bytes a <see cref="FaultProxy"/> holds back would have gone.</summary>
public enum FaultDirection
{
    /// <summary>From the store to its server: requests.</summary>
    ToServer,

    /// <summary>From the server to the store: answers.</summary>
    ToClient,

    /// <summary>Both ways: a stalled network.</summary>
    Both,
}

namespace StoreKit.Demo.Backends;

/// <summary>A real database the demo can take down and bring back, as an operator or a network would.</summary>
internal interface IDemoBackend : IAsyncDisposable
{
    /// <summary>What the demo runs against, for the heading.</summary>
    string Description { get; }

    /// <summary>A store the wrapper goes through (it sees the outages).</summary>
    IPersistentDataStore CreateStore(string prefix);

    /// <summary>A store that reads the database directly, to show what is really in it.</summary>
    IPersistentDataStore CreateDirectStore(string prefix);

    /// <summary>The database becomes unreachable.</summary>
    Task TakeDownAsync();

    /// <summary>The database is reachable again; with <paramref name="empty"/> it lost the prefix's data while down.</summary>
    Task BringBackAsync(string prefix, bool empty);

    /// <summary>How the outage is made, in a few words.</summary>
    string OutageDescription { get; }
}

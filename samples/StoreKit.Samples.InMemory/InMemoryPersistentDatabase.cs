using System.Collections.Concurrent;

namespace StoreKit.Samples.InMemory;

/// <summary>
/// A backend that several <see cref="InMemoryPersistentDataStore"/> instances share, standing in for
/// a database server: what one instance writes, the others read. It can be taken down and brought
/// back to simulate an outage.
/// </summary>
public sealed class InMemoryPersistentDatabase
{
    private readonly ConcurrentDictionary<string, Table> _tables = new(StringComparer.Ordinal);
    private volatile bool _available = true;

    /// <summary>False while the simulated backend is down: every operation then throws, and availability checks answer false.</summary>
    public bool Available
    {
        get => _available;
        set => _available = value;
    }

    /// <summary>Forgets every prefix's data and initialized marker, as a database wiped during an outage.</summary>
    public void Clear()
    {
        foreach (var prefix in _tables.Keys)
        {
            ClearPrefix(prefix);
        }
    }

    /// <summary>Forgets one prefix's data and initialized marker.</summary>
    public void ClearPrefix(string prefix)
    {
        var table = TableFor(prefix);
        lock (table.Gate)
        {
            table.Kinds = new(StringComparer.Ordinal);
            table.Initialized = false;
        }
    }

    internal Table TableFor(string prefix) => _tables.GetOrAdd(prefix, _ => new Table());

    internal void ThrowIfUnavailable()
    {
        if (!_available)
        {
            throw new InMemoryDatabaseUnavailableException();
        }
    }

    /// <summary>One prefix's data. Writers lock the table; readers see a consistent snapshot.</summary>
    internal sealed class Table
    {
        public object Gate { get; } = new();

        /// <summary>kind name → key → item. Replaced whole by Init, so readers never see half an Init.</summary>
        public Dictionary<string, Dictionary<string, SerializedItemDescriptor>> Kinds { get; set; } = new(StringComparer.Ordinal);

        public bool Initialized { get; set; }
    }
}

/// <summary>The simulated backend is down.</summary>
public sealed class InMemoryDatabaseUnavailableException : IOException
{
    public InMemoryDatabaseUnavailableException()
        : base("The in-memory database is unavailable.")
    {
    }
}

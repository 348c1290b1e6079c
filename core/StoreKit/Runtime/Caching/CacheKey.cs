namespace StoreKit.Runtime.Caching;

/// <summary>The item cache's key: a kind and a key, compared without allocating.</summary>
internal readonly struct CacheKey(DataKind kind, string key) : IEquatable<CacheKey>
{
    public DataKind Kind { get; } = kind;

    public string Key { get; } = key;

    public bool Equals(CacheKey other) =>
        Kind.Equals(other.Kind) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CacheKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind.GetHashCode(), StringComparer.Ordinal.GetHashCode(Key));
}

using System.Buffers;

namespace StoreKit.Authoring;

/// <summary>
/// The key layout of a table whose rows are addressed by a namespace and a key (a partition key and a
/// sort key), as LaunchDarkly's DynamoDB store lays it out: a kind's items live in the namespace
/// <c>{prefix}:{kind}</c> (the kind alone under the empty prefix), the initialized marker at
/// <c>{prefix}:$inited</c>, a state store's keys in <c>{prefix}:$state</c>, and the parts of values too
/// large for one row in <c>{namespace}:$parts</c>. Prefixes and kinds are escaped
/// (<see cref="KeyText.Escape"/>) with ':' and '$' reserved, and whatever else the backend refuses in a
/// namespace: the first ':' always ends the prefix, no kind reads as the marker or as a store's own
/// namespace, and names without those characters are unchanged, so LaunchDarkly's items stay readable.
/// Item keys are the backend's own business (verbatim, or escaped as it needs).
/// </summary>
public sealed class NamespacedKeys
{
    /// <summary>The marker's name, as LaunchDarkly's stores write it.</summary>
    public const string Inited = "$inited";

    /// <summary>What a namespace's parts namespace adds to it.</summary>
    public const string PartsSuffix = ":$parts";

    private readonly SearchValues<char> _reserved;

    /// <summary>A layout that also escapes <paramref name="alsoReserved"/> in prefixes and kinds: characters the backend refuses in a namespace (codes below 256).</summary>
    public NamespacedKeys(string alsoReserved = "")
    {
        ArgumentNullException.ThrowIfNull(alsoReserved);
        _reserved = SearchValues.Create(":$" + alsoReserved);
    }

    /// <summary>The escaped form of a prefix or kind name.</summary>
    public string Escape(string name) => KeyText.Escape(name, _reserved);

    /// <summary>A kind's namespace: <c>{prefix}:{kind}</c>, or the kind alone under the empty prefix.</summary>
    public string Kind(string prefix, string kind) => Join(prefix, Escape(kind));

    /// <summary>The namespace and key of the initialized marker: <c>{prefix}:$inited</c> for both.</summary>
    public string Marker(string prefix) => Join(prefix, Inited);

    /// <summary>A state store's namespace: <c>{prefix}:$state</c>.</summary>
    public string State(string prefix) => Join(prefix, "$state");

    /// <summary>Where the parts of a namespace's large values live: <c>{namespace}:$parts</c>.</summary>
    public static string Parts(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return ns + PartsSuffix;
    }

    /// <summary>What every namespace of a prefix starts with: <c>{prefix}:</c>, or nothing under the empty prefix.</summary>
    public string Start(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return prefix.Length == 0 ? string.Empty : Escape(prefix) + ":";
    }

    /// <summary>
    /// True when a stored namespace belongs to a persistent store of <paramref name="prefix"/>: a kind's,
    /// the marker's, or a kind's parts. A state store's namespaces under the same prefix, and every
    /// namespace of a longer prefix, are not.
    /// </summary>
    public bool IsPersistent(string prefix, string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var start = Start(prefix);
        if (!ns.StartsWith(start, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = ns[start.Length..];
        if (rest.EndsWith(PartsSuffix, StringComparison.Ordinal))
        {
            rest = rest[..^PartsSuffix.Length];
        }

        return rest == Inited || (rest.Length > 0 && rest.AsSpan().IndexOfAny(':', '$') < 0);
    }

    private string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{Escape(prefix)}:{name}";
}

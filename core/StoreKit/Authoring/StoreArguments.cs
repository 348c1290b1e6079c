using StoreKit.Runtime;

namespace StoreKit.Authoring;

/// <summary>
/// The argument checks every persistent-store operation makes before touching data (P-ARG-1), shared
/// by the in-memory store, the wrapper and the sample stores so the messages are the same everywhere.
/// </summary>
/// <remarks>
/// The key domain: any non-empty, well-formed UTF-16 string (a lone surrogate is refused, since it has
/// no UTF-8 form and would share a row with another key). Item versions are 0 or more: NotFound's -1
/// is a placeholder, never an item.
/// </remarks>
public static class StoreArguments
{
    /// <summary>Throws <see cref="ArgumentNullException"/> for a null kind, <see cref="ArgumentException"/> for a null, empty or malformed key.</summary>
    public static void CheckKindAndKey(DataKind kind, string key)
    {
        ArgumentNullException.ThrowIfNull(kind);
        CheckKey(key);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a null or empty key, or one with a lone surrogate.</summary>
    public static void CheckKey(string key, string argumentName = "key")
    {
        ArgumentException.ThrowIfNullOrEmpty(key, argumentName);
        Utf16Text.CheckWellFormed(key, "key", argumentName);
    }

    /// <summary>
    /// The prefix a store works under: <paramref name="defaultPrefix"/> when <paramref name="prefix"/> is
    /// null or empty. A prefix with a lone surrogate is refused by name, as a key is (P-ARG-1): a UTF-8
    /// backend would store U+FFFD, and two prefixes would share their data.
    /// </summary>
    public static string PrefixOrDefault(string? prefix, string defaultPrefix, string argumentName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(defaultPrefix);
        if (string.IsNullOrEmpty(prefix))
        {
            return defaultPrefix;
        }

        Utf16Text.CheckWellFormed(prefix, "prefix", argumentName);
        return prefix;
    }

    /// <summary>
    /// The text a store keeps for <paramref name="item"/> after <see cref="CheckItem(SerializedItemDescriptor, string)"/>:
    /// its serialized form, or, for a tombstone given without one, the kind's tombstone (so every store
    /// keeps tombstones in one form and reads them back the same way). An item that is not deleted and
    /// has no serialized form is an <see cref="ArgumentException"/> naming <paramref name="argumentName"/>.
    /// </summary>
    public static string SerializedText(DataKind kind, SerializedItemDescriptor item, string argumentName = "item")
    {
        ArgumentNullException.ThrowIfNull(kind);
        CheckVersion(item.Version, argumentName);
        return item.SerializedItem ?? (item.Deleted
            ? kind.Serialize(ItemDescriptor.Deleted(item.Version))
            : throw new ArgumentException("An item that is not deleted needs its serialized form.", argumentName));
    }

    // RS0026 guards against overloads whose optional parameters make a call ambiguous; these two
    // differ in the item's type, so no call can be.
#pragma warning disable RS0026
    /// <summary>Throws <see cref="ArgumentException"/> for the NotFound placeholder or a negative version.</summary>
    public static void CheckItem(SerializedItemDescriptor item, string argumentName = "item") =>
        CheckVersion(item.Version, argumentName);

    /// <summary>Throws <see cref="ArgumentException"/> for the NotFound placeholder or a negative version.</summary>
    public static void CheckItem(ItemDescriptor item, string argumentName = "item") =>
        CheckVersion(item.Version, argumentName);
#pragma warning restore RS0026

    /// <summary>Checks every collection, kind, key and item of an Init before anything is written.</summary>
    public static void CheckAllData<TItem>(IReadOnlyList<TItem> allData, Func<TItem, DataKind?> kindOf, Func<TItem, IEnumerable<KeyValuePair<string, int>>?> versionsOf)
    {
        ArgumentNullException.ThrowIfNull(allData);
        ArgumentNullException.ThrowIfNull(kindOf);
        ArgumentNullException.ThrowIfNull(versionsOf);
        // An Init naming a kind twice has no one meaning (the last list, or the union of the items?):
        // caches and stores would each pick one and disagree, so it is refused before anything is written.
        var kinds = new HashSet<DataKind>();
        foreach (var collection in allData)
        {
            if (collection is null)
            {
                throw new ArgumentException("The data contains a null collection.", nameof(allData));
            }

            var kind = kindOf(collection) ?? throw new ArgumentException("The data contains a collection with a null kind.", nameof(allData));
            if (!kinds.Add(kind))
            {
                throw new ArgumentException($"The data names kind '{kind}' twice; an Init gives each kind once.", nameof(allData));
            }

            var items = versionsOf(collection) ?? throw new ArgumentException($"The collection of kind '{kind}' has null items.", nameof(allData));
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, version) in items)
            {
                if (string.IsNullOrEmpty(key))
                {
                    throw new ArgumentException($"The data of kind '{kind}' contains a null or empty key.", nameof(allData));
                }

                if (Utf16Text.IndexOfLoneSurrogate(key) >= 0)
                {
                    throw new ArgumentException($"The data of kind '{kind}' contains a key with a lone surrogate; keys must be well-formed UTF-16.", nameof(allData));
                }

                if (!keys.Add(key))
                {
                    throw new ArgumentException($"The data of kind '{kind}' gives key '{key}' twice; an Init gives each key once.", nameof(allData));
                }

                if (version < 0)
                {
                    throw new ArgumentException(
                        $"The data of kind '{kind}' has key '{key}' at version {version}: versions are 0 or more (NotFound is a placeholder, not an item).", nameof(allData));
                }
            }
        }
    }

    /// <summary>Checks the collections a persistent store's Init receives.</summary>
    public static void CheckAllData(IReadOnlyList<SerializedCollection> allData) =>
        CheckAllData(allData, c => c.Kind, c => c.Items?.Select(i => KeyValuePair.Create(i.Key, i.Value.Version)));

    /// <summary>Checks the collections a data store's Init receives.</summary>
    public static void CheckAllData(IReadOnlyList<Collection> allData) =>
        CheckAllData(allData, c => c.Kind, c => c.Items?.Select(i => KeyValuePair.Create(i.Key, i.Value.Version)));

    private static void CheckVersion(int version, string argumentName)
    {
        if (version == ItemDescriptor.NotFound.Version)
        {
            throw new ArgumentException("NotFound is a placeholder, not an item; upsert a tombstone to delete.", argumentName);
        }

        if (version < 0)
        {
            throw new ArgumentOutOfRangeException(argumentName, version, "An item's version must be 0 or more.");
        }
    }
}

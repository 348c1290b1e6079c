namespace StoreKit;

/// <summary>
/// The argument checks every persistent-store operation makes before touching data (P-ARG-1), shared
/// by the in-memory store, the wrapper and the sample stores so the messages are the same everywhere.
/// </summary>
public static class StoreArguments
{
    /// <summary>Throws <see cref="ArgumentNullException"/> for a null kind, <see cref="ArgumentException"/> for a null or empty key.</summary>
    public static void CheckKindAndKey(DataKind kind, string key)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
    }

    /// <summary>Checks every collection, kind and key of an Init before anything is written.</summary>
    public static void CheckAllData<TItem>(IReadOnlyList<TItem> allData, Func<TItem, DataKind?> kindOf, Func<TItem, IEnumerable<string?>> keysOf)
    {
        ArgumentNullException.ThrowIfNull(allData);
        foreach (var collection in allData)
        {
            if (collection is null)
            {
                throw new ArgumentException("The data contains a null collection.", nameof(allData));
            }

            if (kindOf(collection) is null)
            {
                throw new ArgumentException("The data contains a collection with a null kind.", nameof(allData));
            }

            foreach (var key in keysOf(collection))
            {
                if (string.IsNullOrEmpty(key))
                {
                    throw new ArgumentException($"The data of kind '{kindOf(collection)}' contains a null or empty key.", nameof(allData));
                }
            }
        }
    }

    /// <summary>Checks the collections a persistent store's Init receives.</summary>
    public static void CheckAllData(IReadOnlyList<SerializedCollection> allData) =>
        CheckAllData(allData, c => c.Kind, c => (c.Items ?? throw new ArgumentException("A collection has null items.", nameof(allData))).Select(i => i.Key));

    /// <summary>Checks the collections a data store's Init receives.</summary>
    public static void CheckAllData(IReadOnlyList<Collection> allData) =>
        CheckAllData(allData, c => c.Kind, c => (c.Items ?? throw new ArgumentException("A collection has null items.", nameof(allData))).Select(i => i.Key));
}

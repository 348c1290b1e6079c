namespace StoreKit.Runtime.Caching;

/// <summary>An update waiting for the write-back: the item and the form the store is given.</summary>
internal readonly record struct OwedWrite(CacheKey Key, ItemDescriptor Item, SerializedItemDescriptor Serialized);

namespace StoreKit.Authoring;

/// <summary>What guards one key's write in a <see cref="WriteFolding"/> plan: the check its first operation asked for.</summary>
public enum WriteCheck
{
    /// <summary>Written whatever is stored.</summary>
    None,

    /// <summary>Written only while the key's ETag is <see cref="FoldedWrite.ETag"/> (S-ETAG-1).</summary>
    ETag,

    /// <summary>Written only while the key is missing: a first write (S-FW-1).</summary>
    Missing,
}

using StoreKit.State;

namespace StoreKit.Authoring;

/// <summary>The ETag and first-write failures of S-ETAG-1 and S-FW-1, worded once for every store.</summary>
public static class ETagErrors
{
    /// <summary>A write's check failed: its ETag is not the key's current one, or (<paramref name="firstWrite"/>) the key already exists.</summary>
    public static ETagException Mismatch(string key, bool firstWrite) => new(
        ETagErrorKind.Mismatch,
        firstWrite ? $"First write: key '{key}' already exists." : $"The ETag of key '{key}' does not match.");

    /// <summary>An ETag this store could never have issued: <paramref name="issuedAs"/> says what its ETags are.</summary>
    public static ETagException NotAnETag(string key, string etag, string issuedAs) => new(
        ETagErrorKind.Invalid,
        $"The ETag '{etag}' of key '{key}' is not {issuedAs}.");
}

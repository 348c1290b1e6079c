namespace StoreKit.State;

public enum ETagErrorKind
{
    /// <summary>The ETag does not match the stored one (or the key does not exist), or a first write found the key.</summary>
    Mismatch,

    /// <summary>The ETag cannot be parsed by this store.</summary>
    Invalid,
}

/// <summary>A write refused because of its ETag or a first-write conflict; never retried (R2).</summary>
public class ETagException : Exception
{
    public ETagException(ETagErrorKind kind)
        : this(kind, kind == ETagErrorKind.Mismatch ? "The ETag does not match the stored item." : "The ETag is not valid for this store.")
    {
    }

    public ETagException(ETagErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public ETagErrorKind Kind { get; }
}

/// <summary>
/// Bulk Set/Delete are not transactional: the keys that failed are listed here with their errors,
/// the others were applied (S-BULK-1).
/// </summary>
public class BulkStoreException : Exception
{
    public BulkStoreException(IReadOnlyList<BulkStoreError> errors)
        : base(DescribeErrors(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<BulkStoreError> Errors { get; }

    private static string DescribeErrors(IReadOnlyList<BulkStoreError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var keys = string.Join(", ", errors.Take(10).Select(e => $"'{e.Key}': {e.Error.Message}"));
        var more = errors.Count > 10 ? $" and {errors.Count - 10} more" : string.Empty;
        return $"{errors.Count} of the bulk operation's keys failed: {keys}{more}";
    }
}

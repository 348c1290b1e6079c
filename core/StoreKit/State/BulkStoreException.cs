namespace StoreKit.State;

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

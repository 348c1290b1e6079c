using System.Globalization;
using System.Runtime.CompilerServices;
using StoreKit.Runtime;
using StoreKit.State;

namespace StoreKit.Authoring;

/// <summary>
/// The request checks shared by stores and the generated wrapper: keys (S-ARG-1), retry policies
/// (S-ARG-1) and the <c>ttlInSeconds</c> metadata (S-TTL-1). Each throws before anything is written.
/// </summary>
public static class StateRequests
{
    /// <summary>The metadata key of a write's time to live, in whole seconds; -1 = none.</summary>
    public const string TtlInSecondsKey = "ttlInSeconds";

    /// <summary>The metadata key a read carries for a key that expires: the expiry as RFC 3339.</summary>
    public const string TtlExpireTimeKey = "ttlExpireTime";

    /// <summary>
    /// True when a write carries an ETag to check. An empty ETag is no ETag (S-ETAG-1), as in Dapr, so
    /// a first write with <c>ETag = ""</c> is a first write, and a last write with it overwrites.
    /// </summary>
    public static bool HasETag([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? etag) => !string.IsNullOrEmpty(etag);

    public static void Validate(GetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckKey(request.Key, nameof(request));
    }

    public static void Validate(SetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckKey(request.Key, nameof(request));
        CheckOptions(request.Options, nameof(request));
        _ = ParseTtl(request.Metadata);
    }

    public static void Validate(DeleteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckKey(request.Key, nameof(request));
        CheckOptions(request.Options, nameof(request));
    }

    public static void Validate(TransactionalOperation operation)
    {
        switch (operation)
        {
            case TransactionalOperation.Upsert upsert:
                Validate(upsert.Request);
                break;
            case TransactionalOperation.Delete delete:
                Validate(delete.Request);
                break;
            default:
                throw new ArgumentNullException(nameof(operation), "A transactional operation is null.");
        }
    }

    /// <summary>Checks every request of a bulk call or transaction before any is applied.</summary>
    /// <param name="requests">The requests.</param>
    /// <param name="validate">The check for one request.</param>
    /// <param name="argumentName">The name errors carry: the caller's argument (<c>requests</c>, <c>operations</c>).</param>
    public static void ValidateAll<T>(IReadOnlyList<T> requests, Action<T> validate, [CallerArgumentExpression(nameof(requests))] string? argumentName = null)
    {
        argumentName ??= nameof(requests);
        ArgumentNullException.ThrowIfNull(requests, argumentName);
        ArgumentNullException.ThrowIfNull(validate);
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                validate(requests[i]);
            }
            catch (ArgumentException exception)
            {
                throw new ArgumentException($"Request {i} is invalid: {exception.Message}", argumentName, exception);
            }
        }
    }

    /// <summary>
    /// Refuses, before anything is written, a Multi larger than the backend applies in one transaction
    /// (S-TX-1: all or nothing, so it cannot be split): an <see cref="ArgumentException"/> naming the
    /// argument, the size and the limit.
    /// </summary>
    /// <param name="size">The Multi's size in the unit the backend counts (operations, or distinct keys).</param>
    /// <param name="limit">The most the backend's one transaction holds.</param>
    /// <param name="transaction">What the Multi must fit in, as a reader names it: "one etcd transaction (--max-txn-ops)".</param>
    /// <param name="argumentName">The caller's argument.</param>
    public static void CheckMultiSize(int size, int limit, string transaction, string argumentName)
    {
        if (size > limit)
        {
            throw new ArgumentException(
                $"A Multi of {size} does not fit in {transaction}, which holds {limit} at most; nothing was written.", argumentName);
        }
    }

    /// <summary>
    /// Checks a BulkSet's requests (as <see cref="ValidateAll{T}"/>) and returns them as one upsert
    /// operation each, for stores that write every path as operations.
    /// </summary>
    public static TransactionalOperation[] Upserts(IReadOnlyList<SetRequest> requests, [CallerArgumentExpression(nameof(requests))] string? argumentName = null)
    {
        ValidateAll(requests, Validate, argumentName ?? nameof(requests));
        return requests.Select(request => (TransactionalOperation)new TransactionalOperation.Upsert(request)).ToArray();
    }

    /// <summary>Checks a BulkDelete's requests and returns them as one delete operation each.</summary>
    public static TransactionalOperation[] Deletes(IReadOnlyList<DeleteRequest> requests, [CallerArgumentExpression(nameof(requests))] string? argumentName = null)
    {
        ValidateAll(requests, Validate, argumentName ?? nameof(requests));
        return requests.Select(request => (TransactionalOperation)new TransactionalOperation.Delete(request)).ToArray();
    }

    /// <summary>
    /// The time to live a write's metadata asks for: null when absent or -1; otherwise a whole number of
    /// seconds, 0 or more. Anything else is an <see cref="ArgumentException"/> (S-TTL-1).
    /// </summary>
    public static TimeSpan? ParseTtl(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(TtlInSecondsKey, out var text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) || seconds < -1)
        {
            throw new ArgumentException(
                $"Metadata '{TtlInSecondsKey}' must be a whole number of seconds, or -1 for no expiry; got '{text}'.", nameof(metadata));
        }

        return seconds == -1 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>The metadata a read carries for a key expiring at <paramref name="expiresAt"/>.</summary>
    public static IReadOnlyDictionary<string, string> ExpiryMetadata(DateTimeOffset expiresAt) =>
        new Dictionary<string, string>
        {
            [TtlExpireTimeKey] = expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        };

    private static void CheckKey(string? key, string argumentName)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("The key must be a non-empty string.", argumentName);
        }

        Utf16Text.CheckWellFormed(key, "key", argumentName);
    }

    private static void CheckOptions(StateOptions? options, string argumentName)
    {
        if (options?.RetryPolicy is not { } policy)
        {
            return;
        }

        if (policy.Threshold < 0)
        {
            throw new ArgumentException($"The retry threshold must not be negative; got {policy.Threshold}.", argumentName);
        }

        if (policy.Interval < TimeSpan.Zero)
        {
            throw new ArgumentException($"The retry interval must not be negative; got {policy.Interval}.", argumentName);
        }
    }
}

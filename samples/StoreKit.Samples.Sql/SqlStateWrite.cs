using System.Globalization;
using System.Security.Cryptography;
using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Samples.Sql;

/// <summary>
/// One state write as one conditional statement: the ETag, first-write and expiry checks are in its
/// WHERE clause, so it changes no row exactly when a check fails (<see cref="Mismatch"/>). Built before
/// anything is sent, so a write can run alone, in a batch of independent writes, or in a Multi's
/// transaction.
/// </summary>
internal sealed record SqlStateWrite(string Key, string Sql, (string Name, object? Value)[] Parameters, bool Checked, bool FirstWrite)
{
    /// <summary>The statement for an operation on <paramref name="table"/> at <paramref name="now"/> (milliseconds since 1970).</summary>
    /// <exception cref="ETagException">The ETag is not one of these stores' (Invalid): nothing to send.</exception>
    public static SqlStateWrite For(TransactionalOperation operation, string table, string live, long now)
    {
        switch (operation)
        {
            case TransactionalOperation.Upsert { Request: var set }:
                {
                    var etag = ParseETag(set.ETag);
                    var expiresAt = StateRequests.ParseTtl(set.Metadata) is { } ttl ? now + (long)ttl.TotalMilliseconds : (long?)null;
                    var firstWrite = !StateRequests.HasETag(set.ETag) && set.Options?.Concurrency == Concurrency.FirstWrite;
                    var sql = etag is not null
                        ? $"UPDATE {table} SET value = @value, etag = @newEtag, expires_at = @expiresAt WHERE key = @key AND etag = @etag AND {live}"
                        : $"""
                           INSERT INTO {table} (key, value, etag, expires_at) VALUES (@key, @value, @newEtag, @expiresAt)
                           ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at
                           {(firstWrite ? $"WHERE NOT {live}" : string.Empty)}
                           """;
                    return new SqlStateWrite(set.Key, sql,
                        [("@key", set.Key), ("@value", set.Value.ToArray()), ("@newEtag", NewETag()), ("@expiresAt", expiresAt), ("@etag", etag), ("@now", now)],
                        Checked: true, firstWrite);
                }

            case TransactionalOperation.Delete { Request: var delete }:
                {
                    var etag = ParseETag(delete.ETag);
                    var sql = etag is not null
                        ? $"DELETE FROM {table} WHERE key = @key AND etag = @etag AND {live}"
                        : $"DELETE FROM {table} WHERE key = @key";
                    return new SqlStateWrite(delete.Key, sql, [("@key", delete.Key), ("@etag", etag), ("@now", now)], Checked: etag is not null, FirstWrite: false);
                }

            default:
                throw new ArgumentException($"Unknown operation {operation.GetType().Name}.", nameof(operation));
        }
    }

    /// <summary>The error when the statement changed <paramref name="rows"/> rows, or null when it did what was asked.</summary>
    public ETagException? Mismatch(int rows) => Checked && rows == 0 ? ETagErrors.Mismatch(Key, FirstWrite) : null;

    /// <summary>These stores' ETags are integers; anything else cannot match and is reported as Invalid.</summary>
    private static long? ParseETag(string? etag) =>
        !StateRequests.HasETag(etag) ? null
        : long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ETagException(ETagErrorKind.Invalid, $"'{etag}' is not an ETag of this store.");

    /// <summary>A random positive 63-bit number: a new one on every write, whichever process writes.</summary>
    private static long NewETag() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 2147483648L + RandomNumberGenerator.GetInt32(int.MaxValue);
}

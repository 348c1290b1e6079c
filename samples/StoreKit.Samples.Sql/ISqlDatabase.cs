using System.Data.Common;

namespace StoreKit.Samples.Sql;

/// <summary>One database a SQL store runs on: open connections (with the store's tables in place) and a liveness check.</summary>
public interface ISqlDatabase : IAsyncDisposable
{
    /// <summary>Runs an operation on an open connection.</summary>
    Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, CancellationToken cancellationToken);

    /// <summary>True when the database answers; false, never a throw.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Refuses, with an <see cref="ArgumentException"/> naming <paramref name="argumentName"/>, text this
    /// engine cannot keep verbatim (P-ARG-1, S-ARG-1); called before anything is written.
    /// </summary>
    void CheckText(string text, string what, string argumentName);

    /// <summary>
    /// A statement run first in an Init-if-empty's transaction so that no other writer can add a row
    /// between its check and its writes (P-INIT-3), or null when the engine's write transaction already
    /// excludes every other writer (SQLite's BEGIN IMMEDIATE).
    /// </summary>
    string? ExclusiveWriteStatement => null;

    /// <summary>
    /// A batch whose statements run one after another, each in its own implicit transaction, so one that
    /// fails leaves the others applied (a bulk call's writes are independent, S-BULK-1), sent in one
    /// round trip; or null (the default) where the engine has no such batch, and each statement is sent
    /// on its own. Statements that change no row are not failures here: the store reads their counts.
    /// </summary>
    DbBatch? CreateIndependentBatch(DbConnection connection) => null;

    /// <summary>
    /// True where a parameter may hold an array of keys (<c>key = ANY(@keys)</c>): one parameter the
    /// driver sends as is, instead of a list of hundreds of parameters it must name and bind one by one.
    /// </summary>
    bool TakesKeyArrays => false;

    /// <summary>The most UTF-8 bytes the parts of one row's key may take together (an index entry's limit), or <see cref="int.MaxValue"/>.</summary>
    int MaxKeyBytes { get; }

    /// <summary>Refuses, naming <paramref name="argumentName"/>, key parts that together exceed <see cref="MaxKeyBytes"/>.</summary>
    void CheckKeyLength(string argumentName, params ReadOnlySpan<string> parts)
    {
        if (MaxKeyBytes == int.MaxValue)
        {
            return;
        }

        var bytes = 0;
        foreach (var part in parts)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(part);
        }

        if (bytes > MaxKeyBytes)
        {
            throw new ArgumentException($"The key takes {bytes} UTF-8 bytes (with its prefix and kind); this database indexes at most {MaxKeyBytes}.", argumentName);
        }
    }
}

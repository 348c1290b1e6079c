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
    /// engine cannot keep verbatim as part of a key (P-ARG-1, S-ARG-1); called before anything is written.
    /// </summary>
    void CheckKeyText(string text, string what, string argumentName);
}

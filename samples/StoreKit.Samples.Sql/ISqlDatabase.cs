using System.Data.Common;

namespace StoreKit.Samples.Sql;

/// <summary>One database a SQL store runs on: open connections (with the store's tables in place) and a liveness check.</summary>
public interface ISqlDatabase : IAsyncDisposable
{
    /// <summary>Runs an operation on an open connection.</summary>
    Task<T> RunAsync<T>(Func<DbConnection, Task<T>> operation, CancellationToken cancellationToken);

    /// <summary>True when the database answers; false, never a throw.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken);
}

using System.Net.Sockets;
using Azure;
using Azure.Core;
using Azure.Data.Tables;

namespace StoreKit.Samples.AzureTables;

/// <summary>
/// A store's table: a client (one the caller made, or one the store makes from a connection string),
/// and the table itself, created on first use when missing. A table that disappears (an in-memory
/// azurite restarted empty) is created again by the next operation that needs it.
/// </summary>
public sealed class AzureTable
{
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _ready;

    /// <summary>A table reached through a client the caller made (credentials, retries as the caller sets them).</summary>
    public AzureTable(TableClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
    }

    /// <summary>
    /// A table from a connection string (azurite's well-known <c>devstoreaccount1</c>, or an account's),
    /// through a client with no retries and a short timeout, so an outage fails at once and the
    /// generated wrappers see it (W7) and poll instead of callers waiting out back-off. Each request
    /// gives up after <paramref name="timeout"/> (30 s when null).
    /// </summary>
    public AzureTable(string connectionString, string tableName, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = timeout ?? TimeSpan.FromSeconds(30);
        options.Retry.Mode = RetryMode.Fixed;
        Client = new TableClient(connectionString, tableName, options);
    }

    public TableClient Client { get; }

    /// <summary>Runs an operation, creating the table first when it is missing (once more if it vanished meanwhile).</summary>
    public async Task<T> RunAsync<T>(Func<TableClient, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(Client, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (IsTableMissing(exception))
        {
            _ready = false;
            await EnsureAsync(cancellationToken).ConfigureAwait(false);
            return await operation(Client, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every entity a filter selects, page by page, or of those only what <paramref name="keep"/> keeps
    /// (the others are dropped as they arrive, so a caller that wants a few of many holds only those); a
    /// missing table holds none.
    /// </summary>
    public async Task<List<TableEntity>> QueryAsync(string filter, IEnumerable<string>? select, CancellationToken cancellationToken, Func<TableEntity, bool>? keep = null)
    {
        try
        {
            var entities = new List<TableEntity>();
            await foreach (var entity in Client.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (keep is null || keep(entity))
                {
                    entities.Add(entity);
                }
            }

            return entities;
        }
        catch (RequestFailedException exception) when (IsTableMissing(exception))
        {
            _ready = false;
            return [];
        }
    }

    /// <summary>An entity as stored, or null; a missing table holds none.</summary>
    public async Task<TableEntity?> ReadAsync(string partitionKey, string rowKey, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var response = await Client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, select, cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Creates the table if it does not exist; safe when several stores start at once.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _creating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                await Client.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _ready = true;
            }
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>True when the service answers (the table need not exist yet); false, never a throw, when it does not.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Client.GetEntityIfExistsAsync<TableEntity>("$ping", "$ping", ["PartitionKey"], cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (IsBackendFailure(exception, cancellationToken))
        {
            return false;
        }
    }

    /// <summary>
    /// The exceptions that mean the service could not be reached, refused the request or did not answer
    /// in time: a cancellation the caller's <paramref name="callerToken"/> did not ask for is the client's
    /// network timeout (Azure.Core reports one as a bare cancellation, P-FLT-2).
    /// </summary>
    public static bool IsBackendFailure(Exception exception, CancellationToken callerToken = default) =>
        exception is RequestFailedException or HttpRequestException or IOException or SocketException or AggregateException or TimeoutException
        || (exception is OperationCanceledException && !callerToken.IsCancellationRequested);

    /// <summary>
    /// True when a conditional write lost to another writer: the entity was added (409), changed (412)
    /// or deleted (404) since it was read. The write is planned again from a new read.
    /// </summary>
    public static bool IsConflict(RequestFailedException exception) =>
        exception.Status is 409 or 412 || (exception.Status == 404 && !IsTableMissing(exception));

    private static bool IsTableMissing(RequestFailedException exception) =>
        exception.Status == 404 && exception.ErrorCode == "TableNotFound";
}

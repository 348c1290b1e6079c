using System.Data.Common;
using StoreKit.Authoring;

namespace StoreKit.Samples.Sql;

/// <summary>
/// A persistent data store in a SQL table, one row per item keyed by prefix, kind and key. Init
/// replaces a prefix's data in one transaction; Upsert is a single conditional
/// INSERT … ON CONFLICT … WHERE, so the version rule holds under concurrent writers in any number
/// of processes. Subclasses choose the engine (its connections and its column types).
/// </summary>
public abstract class SqlPersistentDataStoreBase : IInitIfEmptyPersistentDataStore, IConcurrentModificationHook
{
    public const string DefaultPrefix = "storekit";

    private readonly ISqlDatabase _database;

    protected SqlPersistentDataStoreBase(ISqlDatabase database, string? prefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        Prefix = StoreArguments.PrefixOrDefault(prefix, DefaultPrefix);
        StoreArguments.CheckKey(Prefix, nameof(prefix));
        database.CheckText(Prefix, "prefix", nameof(prefix));
        database.CheckKeyLength(nameof(prefix), Prefix);
    }

    public string Prefix { get; }

    /// <summary>Called just before Upsert's conditional write, so a test can slip in a concurrent writer (P-UPS-2).</summary>
    public Func<ValueTask>? ConcurrentModificationHook { get; set; }

    public async ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        CheckInitData(allData);
        await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await SqlCommands.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = @prefix", cancellationToken, transaction, ("@prefix", Prefix)).ConfigureAwait(false);
            await WriteInitAsync(connection, transaction, allData, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>P-INIT-3: the check and the writes in one transaction that no other writer can enter.</summary>
    public async ValueTask<bool> InitIfEmptyAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default)
    {
        CheckInitData(allData);
        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        return await _database.RunAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (_database.ExclusiveWriteStatement is { } exclusive)
            {
                await SqlCommands.ExecuteAsync(connection, exclusive, cancellationToken, transaction).ConfigureAwait(false);
            }

            await using (var check = SqlCommands.Command(connection,
                "SELECT 1 FROM storekit_items WHERE prefix = @prefix UNION ALL SELECT 1 FROM storekit_initialized WHERE prefix = @prefix LIMIT 1",
                transaction, ("@prefix", Prefix)))
            {
                if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
                {
                    return false; // the transaction rolls back on dispose: nothing was written
                }
            }

            await WriteInitAsync(connection, transaction, allData, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What Init and InitIfEmpty refuse before anything is written (P-ARG-1).</summary>
    private void CheckInitData(IReadOnlyList<SerializedCollection> allData)
    {
        StoreArguments.CheckAllData(allData);
        foreach (var collection in allData)
        {
            _database.CheckText(collection.Kind.Name, "kind name", nameof(allData));
            foreach (var (key, item) in collection.Items)
            {
                // The context is put into the message only when a check fails: an Init of 100,000 items
                // would otherwise build 200,000 descriptions that nobody reads.
                try
                {
                    _database.CheckText(key, "key", nameof(allData));
                    _database.CheckKeyLength(nameof(allData), Prefix, collection.Kind.Name, key);
                    if (item.SerializedItem is { } text)
                    {
                        _database.CheckText(text, "serialized item", nameof(allData));
                    }
                }
                catch (ArgumentException exception)
                {
                    throw new ArgumentException($"The item '{key}' of kind '{collection.Kind}' cannot be written: {exception.Message}", nameof(allData), exception);
                }
            }
        }
    }

    /// <summary>Inside the caller's transaction: the Init's rows (the prefix holds none by now) and the marker.</summary>
    private async Task WriteInitAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        if (_database is ISqlBulkInsert bulk)
        {
            await bulk.InsertItemsAsync(connection, transaction, Prefix, allData, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await InsertEachAsync(connection, transaction, allData, cancellationToken).ConfigureAwait(false);
        }

        await SqlCommands.ExecuteAsync(connection, "INSERT INTO storekit_initialized (prefix) VALUES (@prefix) ON CONFLICT DO NOTHING", cancellationToken, transaction, ("@prefix", Prefix)).ConfigureAwait(false);
    }

    /// <summary>One prepared INSERT a row: SQLite's fastest path (in process, nothing to batch).</summary>
    private async Task InsertEachAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken)
    {
        await using (var insert = SqlCommands.Command(connection, Upsert(conditional: false), transaction,
            ("@prefix", Prefix), ("@kind", ""), ("@key", ""), ("@version", 0), ("@deleted", false), ("@item", null)))
        {
            foreach (var collection in allData)
            {
                foreach (var (key, item) in collection.Items)
                {
                    insert.Parameters[1].Value = collection.Kind.Name;
                    insert.Parameters[2].Value = key;
                    insert.Parameters[3].Value = item.Version;
                    insert.Parameters[4].Value = item.Deleted;
                    insert.Parameters[5].Value = (object?)item.SerializedItem ?? DBNull.Value;
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
    {
        CheckKindAndKey(kind, key);
        return await _database.RunAsync(async connection =>
        {
            await using var command = SqlCommands.Command(connection,
                "SELECT version, deleted, item FROM storekit_items WHERE prefix = @prefix AND kind = @kind AND key = @key",
                null, ("@prefix", Prefix), ("@kind", kind.Name), ("@key", key));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadItem(reader, 0) : SerializedItemDescriptor.NotFound;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        _database.CheckText(kind.Name, "kind name", nameof(kind));
        return await _database.RunAsync<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(async connection =>
        {
            await using var command = SqlCommands.Command(connection,
                "SELECT key, version, deleted, item FROM storekit_items WHERE prefix = @prefix AND kind = @kind",
                null, ("@prefix", Prefix), ("@kind", kind.Name));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var items = new List<KeyValuePair<string, SerializedItemDescriptor>>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(KeyValuePair.Create(reader.GetString(0), ReadItem(reader, 1)));
            }

            return items;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
    {
        CheckKindAndKey(kind, key);
        StoreArguments.CheckItem(item);
        if (item.SerializedItem is { } text)
        {
            _database.CheckText(text, "serialized item", nameof(item));
        }

        if (ConcurrentModificationHook is { } hook)
        {
            await hook().ConfigureAwait(false);
        }

        return await _database.RunAsync(async connection => await SqlCommands.ExecuteAsync(connection, Upsert(conditional: true), cancellationToken, null,
            ("@prefix", Prefix), ("@kind", kind.Name), ("@key", key), ("@version", item.Version), ("@deleted", item.Deleted), ("@item", item.SerializedItem)).ConfigureAwait(false) == 1,
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        BackendFailures.FalseWhenFailingAsync(
            () => new ValueTask<bool>(_database.RunAsync(async connection =>
            {
                await using var command = SqlCommands.Command(connection, "SELECT 1 FROM storekit_initialized WHERE prefix = @prefix", null, ("@prefix", Prefix));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
            }, cancellationToken)),
            exception => exception is DbException or TimeoutException or IOException);

    public async ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
        await _database.PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Removes this prefix's items and initialized marker (for tests and tools).</summary>
    public async ValueTask ClearAsync(CancellationToken cancellationToken = default) =>
        await _database.RunAsync(async connection =>
        {
            await SqlCommands.ExecuteAsync(connection, "DELETE FROM storekit_items WHERE prefix = @prefix", cancellationToken, null, ("@prefix", Prefix)).ConfigureAwait(false);
            await SqlCommands.ExecuteAsync(connection, "DELETE FROM storekit_initialized WHERE prefix = @prefix", cancellationToken, null, ("@prefix", Prefix)).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>The contract's checks, then what this engine cannot keep verbatim (P-ARG-1).</summary>
    private void CheckKindAndKey(DataKind kind, string key)
    {
        StoreArguments.CheckKindAndKey(kind, key);
        _database.CheckText(kind.Name, "kind name", nameof(kind));
        _database.CheckText(key, "key", nameof(key));
        _database.CheckKeyLength(nameof(key), Prefix, kind.Name, key);
    }

    /// <summary>Insert, or replace the stored row; when conditional, only if the stored version is lower (P-UPS-1, P-UPS-2).</summary>
    private static string Upsert(bool conditional) => $"""
        INSERT INTO storekit_items (prefix, kind, key, version, deleted, item) VALUES (@prefix, @kind, @key, @version, @deleted, @item)
        ON CONFLICT (prefix, kind, key) DO UPDATE SET version = excluded.version, deleted = excluded.deleted, item = excluded.item
        {(conditional ? "WHERE storekit_items.version < excluded.version" : string.Empty)}
        """;

    private static SerializedItemDescriptor ReadItem(DbDataReader reader, int first) => new(
        reader.GetInt32(first),
        reader.GetBoolean(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2));
}

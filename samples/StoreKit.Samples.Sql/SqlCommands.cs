using System.Data.Common;

namespace StoreKit.Samples.Sql;

/// <summary>Parameterised commands over any ADO.NET provider; parameters are written <c>@name</c>, which SQLite and PostgreSQL both accept.</summary>
public static class SqlCommands
{
    public static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A statement of <paramref name="batch"/> with its parameters (not yet added to the batch).</summary>
    public static DbBatchCommand BatchCommand(DbBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter() ?? throw new NotSupportedException("This provider's batch commands take no parameters.");
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Table names are spliced into SQL, so only letters, digits and underscores are allowed.</summary>
    public static string CheckTableName(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        if (!tableName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            // SQLite compares table names ignoring case, quoted or not: two names that differ only in
            // case would be one table, and two stores would share their keys.
            throw new ArgumentException("The table name may hold only lowercase ASCII letters, digits and underscores (SQLite would take names differing only in case for one table).", nameof(tableName));
        }

        CheckNotPersistentTable(tableName, nameof(tableName));
        return tableName;
    }

    /// <summary>The persistent store's tables: a state store given one of their names would write into a persistent store's data.</summary>
    public static readonly IReadOnlyList<string> PersistentTables = ["storekit_items", "storekit_initialized"];

    /// <summary>Refuses, by name, a state table that is one of the persistent store's tables.</summary>
    public static void CheckNotPersistentTable(string table, string argumentName)
    {
        if (PersistentTables.Contains(table, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{table}' is a persistent store's table; a state store needs a table of its own.", argumentName);
        }
    }
}

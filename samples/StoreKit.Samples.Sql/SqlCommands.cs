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

    public static async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Table names are spliced into SQL, so only letters, digits and underscores are allowed.</summary>
    public static string CheckTableName(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        if (!tableName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException("The table name may hold only ASCII letters, digits and underscores.", nameof(tableName));
        }

        return tableName;
    }
}

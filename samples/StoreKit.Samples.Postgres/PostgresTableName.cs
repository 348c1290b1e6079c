using System.Text.RegularExpressions;

namespace StoreKit.Samples.Postgres;

/// <summary>
/// A table name as the PostgreSQL samples splice it into SQL: <c>table</c> or <c>schema.table</c>,
/// each part an identifier (a letter or underscore, then letters, digits or underscores, at most 63
/// characters), always double-quoted, so a name is never read as SQL and keeps its case. Anything
/// else is refused by name.
/// </summary>
public sealed partial record PostgresTableName
{
    private PostgresTableName(string? schema, string table)
    {
        Schema = schema;
        Table = table;
    }

    /// <summary>The schema part, or null for a name without one (the search path decides).</summary>
    public string? Schema { get; }

    public string Table { get; }

    /// <summary>The quoted name to splice into SQL: <c>"schema"."table"</c> or <c>"table"</c>.</summary>
    public string Quoted => Schema is null ? $"\"{Table}\"" : $"\"{Schema}\".\"{Table}\"";

    /// <summary>Parses <paramref name="tableName"/>; an <see cref="ArgumentException"/> names it when it is not one.</summary>
    public static PostgresTableName Parse(string tableName)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        var parts = tableName.Split('.');
        if (parts.Length > 2 || !parts.All(part => Identifier().IsMatch(part)))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a table name: use table or schema.table, each a letter or underscore followed by letters, digits or underscores (at most 63).",
                nameof(tableName));
        }

        var parsed = parts.Length == 2 ? new PostgresTableName(parts[0], parts[1]) : new PostgresTableName(null, parts[0]);
        // In any schema: the persistent store's tables are unqualified, so the search path decides
        // which schema they are in. Quoted names keep their case, so only the exact names are theirs.
        if (Sql.SqlCommands.PersistentTables.Contains(parsed.Table, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'{tableName}' is a persistent store's table name; a state store needs a table of its own.", nameof(tableName));
        }

        return parsed;
    }

    /// <summary>The statements that create the table (and its schema, unless it is <c>public</c>) when missing.</summary>
    /// <remarks>
    /// The schema is created only when pg_namespace lacks it: CREATE SCHEMA IF NOT EXISTS checks the
    /// database's CREATE privilege even when the schema exists, which a role owning only its schema lacks.
    /// The schema name is an identifier (checked), so it can stand in the literal.
    /// </remarks>
    public string CreateIfMissing(string columns) =>
        (Schema is null or "public" ? "" : $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{Schema}') THEN CREATE SCHEMA \"{Schema}\"; END IF; END $$;\n") +
        $"CREATE TABLE IF NOT EXISTS {Quoted} ({columns});";

    public override string ToString() => Quoted;

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}

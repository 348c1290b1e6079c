namespace StoreKit.DataSource;

/// <summary>
/// A data source's state, since when it has been in that state, and its last error (kept until a
/// new one arrives).
/// </summary>
public sealed record DataSourceStatus(DataSourceState State, DateTimeOffset StateSince, DataSourceErrorInfo? LastError);

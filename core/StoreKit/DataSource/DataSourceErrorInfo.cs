namespace StoreKit.DataSource;

/// <summary>The last error a data source met.</summary>
public sealed record DataSourceErrorInfo(DataSourceErrorKind Kind, int StatusCode, string? Message, DateTimeOffset Time);

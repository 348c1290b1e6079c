namespace StoreKit;

/// <summary>The state of the component that feeds a data store (a streaming or polling connection).</summary>
public enum DataSourceState
{
    /// <summary>Starting; no data received yet. Failures while starting keep this state.</summary>
    Initializing,

    /// <summary>Data received and the connection is healthy.</summary>
    Valid,

    /// <summary>The connection or the store failed after it had been valid; it may recover.</summary>
    Interrupted,

    /// <summary>Stopped for good.</summary>
    Off,
}

public enum DataSourceErrorKind
{
    Unknown,
    NetworkError,
    ErrorResponse,
    InvalidData,

    /// <summary>The data store failed to take an update.</summary>
    StoreError,
}

/// <summary>The last error a data source met.</summary>
public sealed record DataSourceErrorInfo(DataSourceErrorKind Kind, int StatusCode, string? Message, DateTimeOffset Time);

/// <summary>
/// A data source's state, since when it has been in that state, and its last error (kept until a
/// new one arrives).
/// </summary>
public sealed record DataSourceStatus(DataSourceState State, DateTimeOffset StateSince, DataSourceErrorInfo? LastError);

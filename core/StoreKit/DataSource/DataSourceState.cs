namespace StoreKit.DataSource;

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

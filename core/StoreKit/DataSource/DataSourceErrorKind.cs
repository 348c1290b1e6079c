namespace StoreKit.DataSource;

public enum DataSourceErrorKind
{
    Unknown,
    NetworkError,
    ErrorResponse,
    InvalidData,

    /// <summary>The data store failed to take an update.</summary>
    StoreError,
}

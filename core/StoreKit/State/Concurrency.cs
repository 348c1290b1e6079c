namespace StoreKit.State;

/// <summary>How a write without an ETag treats an existing key.</summary>
public enum Concurrency
{
    /// <summary>The write overwrites (S-LW-1).</summary>
    LastWrite,

    /// <summary>The write fails when the key exists (S-FW-1).</summary>
    FirstWrite,
}

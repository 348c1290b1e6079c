using Microsoft.Extensions.Logging;

namespace StoreKit.State;

/// <summary>A state store with validation, retries and status tracking around it (rules R1-R3, W7-W9, W12).</summary>
public interface IResilientStateStore : IStateStore
{
    IDataStoreStatusProvider StatusProvider { get; }
}

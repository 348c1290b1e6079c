using Microsoft.Extensions.Logging;

namespace StoreKit.State;

/// <summary>The resilient wrapper of a store that supports transactions.</summary>
public interface IResilientTransactionalStateStore : IResilientStateStore, ITransactionalStateStore
{
}

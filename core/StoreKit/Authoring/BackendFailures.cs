namespace StoreKit.Authoring;

/// <summary>What a store answers when its backend fails, for the calls the contract says must not throw.</summary>
public static class BackendFailures
{
    /// <summary>
    /// P-ERR-1: IsInitialized answers false, never throws, when the backend fails (the wrapper then
    /// trusts "not initialized" only briefly, W6). <paramref name="isBackendFailure"/> says which
    /// exceptions are the backend's: anything else (a bug, the caller's own cancellation) still throws.
    /// </summary>
    public static async ValueTask<bool> FalseWhenFailingAsync(Func<ValueTask<bool>> ask, Func<Exception, bool> isBackendFailure)
    {
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(isBackendFailure);
        try
        {
            return await ask().ConfigureAwait(false);
        }
        catch (Exception exception) when (isBackendFailure(exception))
        {
            return false;
        }
    }
}

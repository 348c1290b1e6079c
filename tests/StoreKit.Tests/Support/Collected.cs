using System.Runtime.CompilerServices;

namespace StoreKit.Tests.Support;

/// <summary>Whether an object is kept alive by something other than the test.</summary>
internal static class Collected
{
    /// <summary>Collects a few times, yielding in between (a timer tick under way holds its owner); true if the object survived.</summary>
    public static async Task<bool> IsStillAliveAsync(WeakReference<object> reference)
    {
        for (var attempt = 0; attempt < 10 && IsAlive(reference); attempt++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Yield();
        }

        return IsAlive(reference);
    }

    // Not inlined: a target fetched in the async method could be kept in its state machine.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsAlive(WeakReference<object> reference) => reference.TryGetTarget(out _);
}

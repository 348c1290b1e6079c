using System.Globalization;

namespace StoreKit.Testing.Faults;

/// <summary>
/// What the fault tests of both suites share: the schedule of faults a <see cref="FaultProxy"/> plays
/// while writers run, and bounded waits, so a store that never recovers or never returns fails its
/// clause instead of hanging the run.
/// </summary>
internal static class FaultRounds
{
    /// <summary>How long a store may take to return from a cancelled call or to serve again after the network heals.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Faults per test: 4 (each kind once), 20 with STOREKIT_LONG=1.</summary>
    public static int Count => Environment.GetEnvironmentVariable("STOREKIT_LONG") == "1" ? 20 : 4;

    /// <summary>
    /// Plays <see cref="Count"/> faults, in turn: a reset (RST), answers held back and then the
    /// connections cut (requests the server applied whose callers never hear so), a stall of both
    /// directions healed with everything delivered late, and a cut (FIN, new connections refused). Before each, waits until
    /// <paramref name="progress"/> grew, so every fault lands on writers at work.
    /// <paramref name="beforeLastRestore"/> runs while the last fault still holds (e.g. to stop the
    /// writers, so the last writes are ones made during an outage).
    /// </summary>
    public static async Task PlayAsync(FaultProxy proxy, Func<int> progress, string clause, Func<Task>? beforeLastRestore = null)
    {
        var random = new Random(27);
        for (var round = 0; round < Count; round++)
        {
            var before = progress();
            await WaitUntilAsync(() => progress() >= before + 20, clause, $"20 operations answered before fault {round + 1}").ConfigureAwait(false);
            switch (round % 4)
            {
                case 0:
                    proxy.Reset();
                    break;
                case 1:
                    proxy.Pause(FaultDirection.ToClient);
                    await Task.Delay(random.Next(100, 400)).ConfigureAwait(false);
                    proxy.Cut();
                    break;
                case 2:
                    proxy.Pause(FaultDirection.Both);
                    break;
                default:
                    proxy.Cut(); // last: no request made during it reaches the server later
                    break;
            }

            // How long the network stays down: a fault schedule, not a timing assertion.
            await Task.Delay(random.Next(200, 700)).ConfigureAwait(false);
            if (round == Count - 1 && beforeLastRestore is not null)
            {
                await beforeLastRestore().ConfigureAwait(false);
            }

            proxy.Restore();
        }
    }

    /// <summary>Waits for <paramref name="condition"/>, failing <paramref name="clause"/> after <see cref="Bound"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string clause, string what)
    {
        var limit = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Expect.That(DateTime.UtcNow < limit, clause, what, $"not reached within {Bound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Retries <paramref name="call"/> until it succeeds: a store must serve again by itself once the
    /// network is back (the same instance, not a new one), within <see cref="Bound"/>.
    /// </summary>
    public static async Task<T> ServesAgainAsync<T>(Func<Task<T>> call, string clause, string what)
    {
        var limit = DateTime.UtcNow + Bound;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not ArgumentException and not ConformanceException)
            {
                Expect.That(DateTime.UtcNow < limit, clause, $"{what}: the same instance serves again once the network is back", $"still {exception.GetType().Name} after {Bound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s: {exception.Message}");
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The exception <paramref name="call"/> ends with, after its token was cancelled on a stalled
    /// network; a call still running <see cref="Bound"/> later, or one that answered, fails the clause.
    /// </summary>
    public static async Task<Exception> ThrowsWhenStalledAsync(Func<CancellationToken, Task> call, string clause, string what)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var running = call(cancel.Token);
        var finished = await Task.WhenAny(running, Task.Delay(Bound + TimeSpan.FromMilliseconds(300))).ConfigureAwait(false);
        Expect.That(finished == running, clause, $"{what} on a stalled network returns once its token is cancelled", $"still running {Bound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s later");
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not ConformanceException)
        {
            return exception;
        }

        throw new ConformanceException(clause, $"{what} on a stalled network, with no byte of an answer delivered: expected an exception (the store cannot know the answer), got an answer.");
    }
}

using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using StoreKit.Runtime;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Status;

/// <summary>Rule W9: only changes are published; handlers run off the caller's thread and never block or fail it.</summary>
public class StatusBroadcasterTests
{
    private static readonly DataStoreStatus Up = new(Available: true, NeedsRefresh: false);
    private static readonly DataStoreStatus Down = new(Available: false, NeedsRefresh: false);
    private static readonly DataStoreStatus Recovered = new(Available: true, NeedsRefresh: true);

    [Fact]
    public async Task W9_only_changes_are_published_in_order()
    {
        using var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true);
        var recorder = new EventRecorder<DataStoreStatus>();
        provider.StatusChanged += (_, status) => recorder.Record(status);

        Assert.False(provider.Update(Up));
        Assert.True(provider.Update(Down));
        Assert.False(provider.Update(Down));
        Assert.True(provider.Update(Recovered));

        Assert.Equal([Down, Recovered], await recorder.WaitForAsync(2));
        Assert.Equal(Recovered, provider.Status);
    }

    [Fact]
    public async Task W9_handlers_run_off_the_callers_thread_and_a_slow_one_does_not_block_it()
    {
        using var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true);
        using var release = new ManualResetEventSlim();
        var handlerThread = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.StatusChanged += (_, _) =>
        {
            handlerThread.TrySetResult(Environment.CurrentManagedThreadId);
            release.Wait(); // a handler that never returns until the test says so
        };

        var callerThread = Environment.CurrentManagedThreadId;
        Assert.True(provider.Update(Down)); // returns although the handler is blocked
        Assert.True(provider.Update(Up));

        Assert.NotEqual(callerThread, await handlerThread.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        release.Set();
    }

    [Fact]
    public async Task W9_a_throwing_handler_fails_neither_the_caller_nor_the_other_handlers()
    {
        var logs = new FakeLogCollector();
        using var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true, new FakeLogger(logs));
        var recorder = new EventRecorder<DataStoreStatus>();
        provider.StatusChanged += (_, _) => throw new InvalidOperationException("listener bug");
        provider.StatusChanged += (_, status) => recorder.Record(status);

        provider.Update(Down);
        provider.Update(Up);

        Assert.Equal([Down, Up], await recorder.WaitForAsync(2));
        Assert.Equal(2, logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task W9_a_removed_handler_is_no_longer_called()
    {
        using var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true);
        var removed = new EventRecorder<DataStoreStatus>();
        var kept = new EventRecorder<DataStoreStatus>();
        EventHandler<DataStoreStatus> handler = (_, status) => removed.Record(status);
        provider.StatusChanged += handler;
        provider.StatusChanged += (_, status) => kept.Record(status);
        provider.StatusChanged -= handler;

        provider.Update(Down);

        await kept.WaitForAsync(1);
        Assert.Empty(removed.Events);
    }

    [Fact]
    public async Task WatchAsync_yields_the_current_status_then_each_change()
    {
        using var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true);
        using var cancel = new CancellationTokenSource();
        var seen = new List<DataStoreStatus>();

        await using var watch = provider.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);
        provider.Update(Down);
        provider.Update(Down);
        provider.Update(Recovered);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current);

        Assert.Equal([Up, Down, Recovered], seen);
    }

    [Fact]
    public async Task WatchAsync_ends_when_the_provider_is_disposed()
    {
        var provider = new DataStoreStatusProvider(isStatusMonitoringEnabled: true);
        var seen = new List<DataStoreStatus>();
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var status in provider.WatchAsync())
            {
                seen.Add(status);
                registered.TrySetResult();
                if (seen.Count == 2)
                {
                    provider.Dispose();
                }
            }
        });

        // The watcher is registered once it has its first item, so the change below reaches it.
        await registered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        provider.Update(Down);
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([Up, Down], seen);
    }
}

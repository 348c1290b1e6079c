using StoreKit.Caching;

namespace StoreKit.Tests.Caching;

/// <summary>
/// How a coalesced load (W3) hands its answer on: the reader that started it continues where the
/// store call completed, as an uncached call would; readers that joined it are resumed on the thread
/// pool, never on the store's completing thread, so one reader's work cannot hold up the others.
/// </summary>
public class CoalescedLoadTests : CachingTestBase
{
    [Fact]
    public async Task W3_readers_that_joined_a_load_are_not_resumed_on_the_thread_that_completed_it()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "a"));

        // Off the test framework's synchronization context, so the store's read resumes inline on the
        // thread that opens its gate.
        var (starterInline, joinersInline) = await Task.Run(async () =>
        {
            Store.ReadGate = new TaskCompletionSource();
            var opening = false;
            var opener = Environment.CurrentManagedThreadId;
            bool RanInline() => opening && Environment.CurrentManagedThreadId == opener;

            var starter = wrapper.GetAsync(Flags, "a").AsTask().ContinueWith(_ => RanInline(), TaskContinuationOptions.ExecuteSynchronously);
            var joiners = Enumerable.Range(0, 4)
                .Select(_ => wrapper.GetAsync(Flags, "a").AsTask().ContinueWith(_ => RanInline(), TaskContinuationOptions.ExecuteSynchronously))
                .ToArray();

            opening = true;
            Store.ReadGate.SetResult();
            opening = false;
            return (await starter, await Task.WhenAll(joiners));
        });

        Assert.Equal(1, Store.Calls("get"));
        Assert.True(starterInline, "the reader that started the load continues where the store call completed");
        Assert.All(joinersInline, inline => Assert.False(inline, "a reader that joined ran on the store's completing thread"));
    }

    [Fact]
    public async Task W3_a_failed_load_nobody_joined_leaves_no_unobserved_exception()
    {
        var wrapper = CreateExpiring();
        var marker = $"load failed {Guid.NewGuid()}";
        Store.Failing = true;
        Store.Failure = _ => new IOException(marker);

        var unobserved = await CountUnobservedAsync(marker, () => ReadAndForgetAsync(wrapper));

        Assert.Equal(0, unobserved);
    }

    [Fact]
    public async Task W3_a_failed_load_whose_starter_gave_up_leaves_no_unobserved_exception()
    {
        var wrapper = CreateExpiring();
        // A value that does not read back (W7) fails the load after the store answered, so the failure
        // comes when the starter has already given up. The parse error quotes the marker.
        var marker = Guid.NewGuid().ToString("N");
        Store.Put(Flags, "a", new SerializedItemDescriptor(1, false, $"{marker}|value"));
        Store.ReadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var unobserved = await CountUnobservedAsync(marker, async () =>
        {
            await StartAndGiveUpAsync(wrapper);
            Store.ReadGate.SetResult();
            await WaitUntilAsync(() => !wrapper.IsLoadUnderWay(Flags, "a"));
        });

        Assert.Equal(0, unobserved);
    }

    /// <summary>
    /// Runs <paramref name="work"/>, collects the garbage it left, and counts the task exceptions
    /// mentioning <paramref name="marker"/> that reached TaskScheduler.UnobservedTaskException.
    /// </summary>
    private static async Task<int> CountUnobservedAsync(string marker, Func<Task> work)
    {
        var unobserved = 0;
        EventHandler<UnobservedTaskExceptionEventArgs> record = (_, args) =>
        {
            if (args.Exception.Flatten().InnerExceptions.Any(e => e.Message.Contains(marker, StringComparison.Ordinal)))
            {
                Interlocked.Increment(ref unobserved);
            }
        };

        TaskScheduler.UnobservedTaskException += record;
        try
        {
            await work();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= record;
        }

        return Volatile.Read(ref unobserved);
    }

    private static async Task StartAndGiveUpAsync(CachingDataStoreBase wrapper)
    {
        using var giveUp = new CancellationTokenSource();
        var read = wrapper.GetAsync(Flags, "a", giveUp.Token).AsTask();
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }

    // Its own method, so nothing on the test's frame keeps the load's tasks alive through the collection.
    private static async Task ReadAndForgetAsync(ICachingDataStore wrapper) =>
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Flags, "a").AsTask());
}

using System.Diagnostics.Metrics;
using StoreKit.Caching;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Caching;

/// <summary>
/// W3 exactly: a reader that misses the cache just before a load caches its answer, and joins the
/// coalescer just after that load left it, must not make a second store call. The window is forced
/// open at the one place the wrapper reports between the two steps: the miss counter.
/// </summary>
public class CoalescingRaceTests : CachingTestBase
{
    [Theory]
    [InlineData("get")]
    [InlineData("getAll")]
    public async Task W3_a_miss_that_races_the_end_of_a_load_is_answered_by_the_cache(string operation)
    {
        var kind = TestKinds.Create("race-" + operation); // a kind of its own: other tests' misses pass through untouched
        var wrapper = CreateExpiring();
        Store.Put(kind, "k", kind.ToSerialized(new ItemDescriptor(1, "k")));
        var gate = new TaskCompletionSource();
        Store.ReadGate = gate;
        Func<Task> first = operation == "get" ? () => wrapper.GetAsync(kind, "k").AsTask() : () => wrapper.GetAllAsync(kind).AsTask();

        var firstRead = first(); // starts the load, held at the store
        var misses = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == StoreKitTelemetry.MeterName && instrument.Name == StoreKitTelemetry.CacheMisses)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            if (!IsOf(kind, tags) || Interlocked.Increment(ref misses) != 1)
            {
                return;
            }

            // The second reader has missed and not yet joined: let the first load finish and leave.
            gate.SetResult();
            Assert.True(firstRead.Wait(TimeSpan.FromSeconds(30)));
            Assert.True(SpinWait.SpinUntil(() => !wrapper.IsLoadUnderWay(kind, operation == "get" ? "k" : null), TimeSpan.FromSeconds(30)));
        });
        listener.Start();

        if (operation == "get")
        {
            Assert.Equal(new ItemDescriptor(1, "k"), await wrapper.GetAsync(kind, "k"));
        }
        else
        {
            Assert.Single(await wrapper.GetAllAsync(kind));
        }

        Assert.Equal(1, misses);
        Assert.Equal(1, Store.Calls(operation));
    }

    [Fact]
    public async Task W3_a_read_after_a_confirmed_write_never_joins_a_load_that_read_the_store_before_it()
    {
        var wrapper = CreateExpiring();
        Store.Put(Flags, "a", Serialized(1, "before"));
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Store.AnswerGate = held;
        var early = wrapper.GetAllAsync(Flags).AsTask(); // reads version 1, then waits to answer
        Assert.Equal(1, Store.Calls("getAll")); // the load ran up to its answer synchronously: it has read the store
        Store.AnswerGate = null;

        Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "after")));
        var late = await wrapper.GetAllAsync(Flags).AsTask().WaitAsync(TimeSpan.FromSeconds(30)); // must not wait for the early load

        Assert.Equal(new ItemDescriptor(2, "after"), Assert.Single(late).Value);
        held.SetResult();
        Assert.Equal(new ItemDescriptor(1, "before"), Assert.Single(await early).Value); // its own answer, from before the write
    }

    private static bool IsOf(DataKind kind, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "kind" && Equals(tag.Value, kind.Name))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Diagnostics;
using StoreKit.State;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Telemetry;

/// <summary>W12 traces: one span per store call on the StoreKit activity source, tagged like the metrics, failures marked.</summary>
public sealed class TracingTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("StoreKit.Tests.Tracing");
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is StoreKitTelemetry.ActivitySourceName or "StoreKit.Tests.Tracing",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_stopped)
                {
                    _stopped.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task W12_a_store_call_is_one_client_span_tagged_like_the_metrics()
    {
        await using var wrapper = new FaultyPersistentStore().WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(30) });

        var spans = await TraceAsync(async () =>
        {
            await wrapper.UpsertAsync(TestKinds.Flags, "a", new ItemDescriptor(1, "a"));
            await wrapper.GetAsync(TestKinds.Flags, "b"); // a miss: a store call
            await wrapper.GetAsync(TestKinds.Flags, "b"); // a hit: no store call, no span
        });

        Assert.Equal(["upsert", "get"], spans.Select(s => s.OperationName));
        var upsert = spans[0];
        Assert.Equal(ActivityKind.Client, upsert.Kind);
        Assert.Equal("FaultyPersistentStore", upsert.GetTagItem("store"));
        Assert.Equal(TestKinds.Flags.Name, upsert.GetTagItem("kind"));
        Assert.Equal("upsert", upsert.GetTagItem("operation"));
        Assert.Equal(ActivityStatusCode.Unset, upsert.Status);
    }

    [Fact]
    public async Task W12_a_failed_store_call_has_the_error_status_and_the_exception()
    {
        var store = new FaultyPersistentStore { Failing = true };
        await using var wrapper = store.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(30) });

        var spans = await TraceAsync(async () =>
            await Assert.ThrowsAnyAsync<Exception>(() => wrapper.GetAsync(TestKinds.Flags, "a").AsTask()));

        var get = Assert.Single(spans);
        Assert.Equal(ActivityStatusCode.Error, get.Status);
        Assert.NotNull(get.GetTagItem("error.type"));
        Assert.Contains(get.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task R1_a_retried_state_call_is_one_span_with_an_event_per_failed_attempt()
    {
        var store = new FlakyStateStore { FailuresLeft = 2 };
        await using var wrapper = store.WithResilience();
        var policy = new RetryPolicy(TimeSpan.Zero, 3, RetryPattern.Linear);

        var spans = await TraceAsync(async () =>
            await wrapper.SetAsync(new SetRequest("k", new byte[] { 1 }, Options: new StateOptions(RetryPolicy: policy))));

        var set = Assert.Single(spans);
        Assert.Equal("set", set.OperationName);
        Assert.Null(set.GetTagItem("kind"));
        Assert.Equal(2, set.Events.Count(e => e.Name == "exception"));
        Assert.Equal(ActivityStatusCode.Unset, set.Status); // the third attempt succeeded
    }

    [Theory]
    [InlineData(30)] // an expiring cache
    [InlineData(0)] // no cache
    public async Task W12_a_store_call_that_completes_later_leaves_the_callers_activity_current(int ttlSeconds)
    {
        var store = new FaultyPersistentStore();
        await using var wrapper = store.WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(ttlSeconds) });
        Activity? parent = null;

        var spans = await TraceAsync(async () =>
        {
            parent = Activity.Current;
            store.AnswerGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var upsert = wrapper.UpsertAsync(TestKinds.Flags, "a", new ItemDescriptor(1, "a")); // held at the store's answer
            Assert.Same(parent, Activity.Current);
            store.AnswerGate.SetResult();
            await upsert;
            Assert.Same(parent, Activity.Current);
            store.AnswerGate = null;
            await wrapper.IsInitializedAsync();
            Assert.Same(parent, Activity.Current);
        });

        // Siblings under the caller's activity, not each the child of the one before.
        Assert.Equal(["upsert", "isInitialized"], spans.Select(s => s.OperationName));
        Assert.All(spans, span => Assert.Equal(parent!.SpanId, span.ParentSpanId));
    }

    [Fact]
    public async Task W8_a_telemetry_listener_that_throws_fails_the_upsert_in_its_task_and_leaves_the_write_gate_open()
    {
        await using var wrapper = new FaultyPersistentStore().WithCaching(new DataStoreCacheOptions { Ttl = TimeSpan.FromSeconds(30) });
        using var throwing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreKitTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "upsert" && activity.Parent?.OperationName == "throwing listener")
                {
                    throw new InvalidOperationException("listener failed");
                }
            },
        };
        ActivitySource.AddActivityListener(throwing);

        ValueTask<bool> upsert;
        using (TestSource.StartActivity("throwing listener"))
        {
            upsert = wrapper.UpsertAsync(TestKinds.Flags, "a", new ItemDescriptor(1, "a")); // must not throw here
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => upsert.AsTask());
        // An Init takes the gate alone: it would wait forever for an upsert that never left.
        await wrapper.InitAsync([new Collection(TestKinds.Flags, [KeyValuePair.Create("b", new ItemDescriptor(1, "b"))])]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The StoreKit spans started under a parent of the test's own, so other tests' spans are left out.</summary>
    private async Task<List<Activity>> TraceAsync(Func<Task> work)
    {
        ActivityTraceId trace;
        using (var parent = TestSource.StartActivity("test"))
        {
            Assert.NotNull(parent);
            trace = parent.TraceId;
            await work();
        }

        lock (_stopped)
        {
            return _stopped
                .Where(a => a.Source.Name == StoreKitTelemetry.ActivitySourceName && a.TraceId == trace)
                .OrderBy(a => a.StartTimeUtc)
                .ToList();
        }
    }
}

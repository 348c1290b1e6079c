using StoreKit.Runtime.Resilience;
using StoreKit.State;
using StoreKit.Testing;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.State;

/// <summary>R1-R3 (retries), S-ARG-1/S-TTL-1 validation and status tracking of the state-store wrapper, on a fake clock.</summary>
public class ResilientStateStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PollInterval = TimeSpan.FromHours(1); // far from any retry wait, so waits are told apart
    private readonly ObservedTimeProvider _clock = new();
    private readonly FlakyStateStore _store = new();
    private readonly List<TimeSpan> _waits = [];
    private readonly SemaphoreSlim _scheduled = new(0);
    private IResilientTransactionalStateStore _wrapper = null!;

    public Task InitializeAsync()
    {
        _clock.TimerScheduled += due =>
        {
            if (due != PollInterval)
            {
                lock (_waits)
                {
                    _waits.Add(due);
                }

                _scheduled.Release();
            }
        };
        // Bounds far above what these tests ask for: the bounds have tests of their own.
        _wrapper = _store.WithResilience(new StateStoreResilienceOptions
        {
            TimeProvider = _clock, PollInterval = PollInterval, MaxRetryAttempts = 100, MaxRetryTime = TimeSpan.FromDays(100_000),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _wrapper.DisposeAsync();

    [Fact]
    public async Task R1_linear_retries_wait_the_interval_between_attempts_and_not_after_the_last()
    {
        _store.FailuresLeft = 10;

        var error = await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 3, RetryPattern.Linear))).AsTask());

        Assert.IsType<IOException>(error);
        Assert.Equal(3, _store.Attempts);
        Assert.Equal([Interval, Interval], _waits);
    }

    [Fact]
    public async Task R1_exponential_retries_double_the_wait()
    {
        _store.FailuresLeft = 10;

        await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 4, RetryPattern.Exponential))).AsTask());

        Assert.Equal(4, _store.Attempts);
        Assert.Equal([Interval, Interval * 2, Interval * 4], _waits);
    }

    [Fact]
    public async Task R3_exponential_waits_stop_growing_at_the_longest_wait_and_the_last_real_error_surfaces()
    {
        _store.FailuresLeft = 100;

        var error = await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 30, RetryPattern.Exponential))).AsTask());

        Assert.IsType<IOException>(error);
        Assert.Equal(30, _store.Attempts);
        Assert.Equal(29, _waits.Count);
        Assert.Equal(Interval * 1024, _waits[10]);
        Assert.All(_waits[^7..], wait => Assert.Equal(RetryRunner.LongestWait, wait));
    }

    [Fact]
    public async Task R1_a_success_on_a_later_attempt_ends_the_retries()
    {
        _store.FailuresLeft = 2;

        var error = await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 5, RetryPattern.Linear))).AsTask());

        Assert.Null(error);
        Assert.Equal(3, _store.Attempts);
        Assert.True(_store.Has("k"));
    }

    [Fact]
    public async Task R1_a_policy_asking_for_more_attempts_than_the_wrapper_allows_is_refused_by_name()
    {
        var store = new FlakyStateStore { FailuresLeft = int.MaxValue };
        await using var wrapper = store.WithResilience(new StateStoreResilienceOptions { TimeProvider = _clock, PollInterval = PollInterval });

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => wrapper.SetAsync(Set(new RetryPolicy(TimeSpan.Zero, int.MaxValue, RetryPattern.Linear))).AsTask());

        Assert.Equal("request", error.ParamName);
        Assert.Equal(0, store.Attempts);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.WithResilience(new StateStoreResilienceOptions { MaxRetryAttempts = RetryBounds.HighestMaxAttempts + 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.WithResilience(new StateStoreResilienceOptions { DefaultRetryPolicy = new RetryPolicy(TimeSpan.Zero, RetryBounds.DefaultMaxAttempts + 1, RetryPattern.Linear) }));
    }

    [Fact]
    public async Task S_ARG_1_a_bulk_call_or_a_Multi_larger_than_the_wrapper_takes_is_refused_by_name()
    {
        await using var wrapper = _store.WithResilience(new StateStoreResilienceOptions { TimeProvider = _clock, PollInterval = PollInterval, MaxBatchSize = 3 });
        var four = Enumerable.Range(0, 4).Select(i => new SetRequest($"k{i}", new byte[] { 1 })).ToArray();

        Assert.Equal("requests", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => wrapper.BulkSetAsync(four).AsTask())).ParamName);
        Assert.Equal("requests", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => wrapper.BulkGetAsync([.. four.Select(r => new GetRequest(r.Key))]).AsTask())).ParamName);
        Assert.Equal("requests", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => wrapper.BulkDeleteAsync([.. four.Select(r => new DeleteRequest(r.Key))]).AsTask())).ParamName);
        Assert.Equal("operations", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => wrapper.MultiAsync([.. four.Select(r => (TransactionalOperation)new TransactionalOperation.Upsert(r))]).AsTask())).ParamName);
        Assert.Equal(0, _store.Attempts);
        await wrapper.BulkSetAsync(four[..3]);
        Assert.Equal(1, _store.Attempts);
    }

    [Fact]
    public async Task R1_retries_stop_where_a_wait_would_pass_the_wrappers_time_bound()
    {
        await using var wrapper = _store.WithResilience(new StateStoreResilienceOptions { TimeProvider = _clock, PollInterval = PollInterval, MaxRetryTime = TimeSpan.FromSeconds(5) });
        _store.FailuresLeft = 100;

        var error = await RunOnClockAsync(wrapper.SetAsync(Set(new RetryPolicy(Interval, 10, RetryPattern.Linear))).AsTask());

        Assert.IsType<IOException>(error);
        Assert.Equal(3, _store.Attempts); // at 0, 2 and 4 s: a fourth would start at 6 s
        Assert.Equal([Interval, Interval], _waits);
    }

    [ThreadStatic]
    private static bool t_insideCall;

    [Fact]
    public async Task R1_retries_without_a_wait_yield_the_callers_thread_between_attempts()
    {
        _store.FailuresLeft = 100;
        var attemptsInsideTheCall = 0;
        _store.OnAttempt = () => attemptsInsideTheCall += t_insideCall ? 1 : 0;

        // The store fails synchronously: an attempt made on the caller's thread before SetAsync returned
        // is one the caller's thread was held for. Only the first may be.
        t_insideCall = true;
        var call = _wrapper.SetAsync(Set(new RetryPolicy(TimeSpan.Zero, 10, RetryPattern.Linear))).AsTask();
        t_insideCall = false;

        await Assert.ThrowsAsync<IOException>(() => call);
        Assert.Equal(10, _store.Attempts);
        Assert.Equal(1, attemptsInsideTheCall);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task R1_a_threshold_of_zero_or_one_is_one_attempt(int threshold)
    {
        _store.FailuresLeft = 10;

        await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, threshold, RetryPattern.Linear))).AsTask());

        Assert.Equal(1, _store.Attempts);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task R2_ETag_conflicts_are_never_retried()
    {
        _store.FailuresLeft = 10;
        _store.Failure = _ => new ETagException(ETagErrorKind.Mismatch);

        var error = await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 5, RetryPattern.Linear))).AsTask());

        Assert.IsType<ETagException>(error);
        Assert.Equal(1, _store.Attempts);
        Assert.True(_wrapper.StatusProvider.Status.Available); // a conflict is not an outage
    }

    [Fact]
    public async Task R2_argument_errors_are_never_retried_and_never_reach_the_store()
    {
        var bad = new SetRequest("", new byte[] { 1 }, Options: new StateOptions(RetryPolicy: new RetryPolicy(Interval, 5, RetryPattern.Linear)));
        var badTtl = new SetRequest("k", new byte[] { 1 }, Metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "soon" });
        var negative = new SetRequest("k", new byte[] { 1 }, Options: new StateOptions(RetryPolicy: new RetryPolicy(Interval, -1, RetryPattern.Linear)));

        await Assert.ThrowsAsync<ArgumentException>(() => _wrapper.SetAsync(bad).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _wrapper.SetAsync(badTtl).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => _wrapper.SetAsync(negative).AsTask());

        Assert.Equal(0, _store.Attempts);
    }

    [Fact]
    public async Task R3_the_final_exception_is_the_last_real_error()
    {
        _store.FailuresLeft = 10;

        var error = await RunOnClockAsync(_wrapper.SetAsync(Set(new RetryPolicy(Interval, 3, RetryPattern.Linear))).AsTask());

        Assert.Equal("backend error #3", error?.Message);
    }

    [Fact]
    public async Task R3_cancellation_during_a_wait_stops_at_once()
    {
        _store.FailuresLeft = 10;
        using var cancel = new CancellationTokenSource();

        var pending = _wrapper.SetAsync(Set(new RetryPolicy(Interval, 5, RetryPattern.Linear)), cancel.Token).AsTask();
        Assert.False(pending.IsCompleted); // waiting before the second attempt
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, _store.Attempts);
    }

    [Fact]
    public async Task Requests_without_a_policy_use_the_default_and_bulk_writes_are_never_retried()
    {
        await using var wrapper = _store.WithResilience(new StateStoreResilienceOptions
        {
            TimeProvider = _clock,
            PollInterval = PollInterval,
            DefaultRetryPolicy = new RetryPolicy(Interval, 2, RetryPattern.Linear),
        });
        _store.FailuresLeft = 1;
        await RunOnClockAsync(wrapper.GetAsync(new GetRequest("k")).AsTask());
        Assert.Equal(2, _store.Attempts);

        _store.FailuresLeft = 1;
        await RunOnClockAsync(wrapper.BulkSetAsync([new SetRequest("k", new byte[] { 1 })]).AsTask());
        Assert.Equal(3, _store.Attempts);
    }

    [Fact]
    public async Task A_backend_error_makes_the_store_unavailable_until_Ping_answers()
    {
        _store.FailuresLeft = 1;
        _store.Answers = false;

        await RunOnClockAsync(_wrapper.DeleteAsync(new DeleteRequest("k")).AsTask());
        Assert.False(_wrapper.StatusProvider.Status.Available);

        _clock.Advance(PollInterval);
        Assert.False(_wrapper.StatusProvider.Status.Available);
        _store.Answers = true;
        _clock.Advance(PollInterval);

        Assert.Equal(new DataStoreStatus(Available: true, NeedsRefresh: false), _wrapper.StatusProvider.Status);
    }

    [Fact]
    public async Task Features_are_the_stores_and_calls_after_dispose_throw()
    {
        Assert.Equal(StateStoreFeatures.Transactional, _wrapper.Features);

        await _wrapper.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _wrapper.GetAsync(new GetRequest("k")).AsTask());
    }

    private static SetRequest Set(RetryPolicy policy) => new("k", new byte[] { 1 }, Options: new StateOptions(RetryPolicy: policy));

    /// <summary>
    /// Moves the fake clock through every retry wait until the call ends, one scheduled wait at a time
    /// (each Advance waits for the retry to schedule its next wait); returns the call's exception, if any.
    /// </summary>
    private async Task<Exception?> RunOnClockAsync(Task call)
    {
        while (!call.IsCompleted)
        {
            var next = _scheduled.WaitAsync();
            if (await Task.WhenAny(next, call).WaitAsync(TimeSpan.FromSeconds(30)) != next)
            {
                break; // the call ended without scheduling another wait
            }

            TimeSpan due;
            lock (_waits)
            {
                due = _waits[^1];
            }

            _clock.Advance(due);
        }

        try
        {
            await call.WaitAsync(TimeSpan.FromSeconds(30));
            return null;
        }
        catch (Exception exception) when (exception is not TimeoutException)
        {
            return exception;
        }
    }
}

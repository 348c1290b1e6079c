using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StoreKit.DataSource;
using StoreKit.Testing;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.DataSource;

public class DataSourceUpdateSinkTests
{
    private static readonly DataKind Flags = TestKinds.Flags;
    private readonly FakeTimeProvider _clock = new();
    private readonly FaultyDataStore _store = new();
    private readonly FakeLogCollector _logs = new();

    [Fact]
    public async Task D1_Upsert_returns_true_when_the_store_raised_no_error_even_if_the_version_was_refused()
    {
        using var sink = CreateSink();
        Assert.True(await sink.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(5, "five"))])]));

        Assert.True(await sink.UpsertAsync(Flags, "a", new ItemDescriptor(3, "older")));

        Assert.Equal(new ItemDescriptor(5, "five"), await _store.GetAsync(Flags, "a"));
    }

    [Fact]
    public async Task D2_a_store_error_returns_false_and_interrupts_with_a_StoreError()
    {
        using var sink = CreateSink();
        await sink.InitAsync([]);
        _store.Failing = true;

        Assert.False(await sink.UpsertAsync(Flags, "a", new ItemDescriptor(1, "x")));

        Assert.Equal(DataSourceState.Interrupted, sink.Status.State);
        Assert.Equal(DataSourceErrorKind.StoreError, sink.Status.LastError?.Kind);
        Assert.Equal("disk on fire", sink.Status.LastError?.Message);
        Assert.Equal(_clock.GetUtcNow(), sink.Status.LastError?.Time);
    }

    [Fact]
    public async Task D2_a_run_of_failures_logs_one_warning_and_a_success_starts_a_new_run()
    {
        using var sink = CreateSink();
        await sink.InitAsync([]);
        _store.Failing = true;

        await sink.UpsertAsync(Flags, "a", new ItemDescriptor(1, "x"));
        await sink.UpsertAsync(Flags, "a", new ItemDescriptor(2, "x"));
        await sink.InitAsync([]);
        Assert.Equal(1, _logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Warning));

        _store.Failing = false;
        await sink.UpsertAsync(Flags, "a", new ItemDescriptor(3, "x"));
        _store.Failing = true;
        await sink.UpsertAsync(Flags, "a", new ItemDescriptor(4, "x"));

        Assert.Equal(2, _logs.GetSnapshot().Count(entry => entry.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task D3_Interrupted_while_Initializing_stays_Initializing_but_records_the_error()
    {
        using var sink = CreateSink();
        _store.Failing = true;

        Assert.False(await sink.InitAsync([]));

        Assert.Equal(DataSourceState.Initializing, sink.Status.State);
        Assert.Equal(DataSourceErrorKind.StoreError, sink.Status.LastError?.Kind);
    }

    [Fact]
    public async Task D4_a_successful_Init_sets_Valid()
    {
        using var sink = CreateSink();

        Assert.True(await sink.InitAsync([]));

        Assert.Equal(DataSourceState.Valid, sink.Status.State);
        Assert.True(await sink.WaitForAsync(DataSourceState.Valid, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void D4_StateSince_changes_only_when_the_state_changes_and_the_last_error_is_kept()
    {
        using var sink = CreateSink();
        var start = sink.Status.StateSince;
        var error = new DataSourceErrorInfo(DataSourceErrorKind.NetworkError, 503, "unavailable", _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromSeconds(1));
        sink.UpdateStatus(DataSourceState.Initializing, error);
        Assert.Equal(start, sink.Status.StateSince);
        Assert.Equal(error, sink.Status.LastError);

        _clock.Advance(TimeSpan.FromSeconds(1));
        sink.UpdateStatus(DataSourceState.Valid, null);
        var validSince = sink.Status.StateSince;
        Assert.Equal(start + TimeSpan.FromSeconds(2), validSince);
        Assert.Equal(error, sink.Status.LastError);

        _clock.Advance(TimeSpan.FromSeconds(1));
        sink.UpdateStatus(DataSourceState.Valid, null);
        Assert.Equal(validSince, sink.Status.StateSince);
    }

    [Fact]
    public async Task D4_an_unchanged_status_is_not_published()
    {
        using var sink = CreateSink();
        var recorder = new EventRecorder<DataSourceStatus>();
        sink.StatusChanged += (_, status) => recorder.Record(status);

        sink.UpdateStatus(DataSourceState.Valid, null);
        sink.UpdateStatus(DataSourceState.Valid, null);
        sink.UpdateStatus(DataSourceState.Initializing, null);
        sink.UpdateStatus(DataSourceState.Off, null);

        var events = await recorder.WaitForAsync(3);
        Assert.Equal([DataSourceState.Valid, DataSourceState.Initializing, DataSourceState.Off], events.Select(e => e.State));
    }

    [Fact]
    public async Task WaitForAsync_times_out_on_the_clock_and_stops_when_turned_Off()
    {
        using var sink = CreateSink();

        var waiting = sink.WaitForAsync(DataSourceState.Valid, TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));

        var waitingForever = sink.WaitForAsync(DataSourceState.Valid, Timeout.InfiniteTimeSpan);
        sink.UpdateStatus(DataSourceState.Off, null);
        Assert.False(await waitingForever.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void The_data_store_status_provider_is_the_stores()
    {
        using var sink = CreateSink();

        Assert.Same(_store.StatusProvider, sink.DataStoreStatusProvider);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_before_the_store_is_called()
    {
        using var sink = CreateSink();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => sink.UpsertAsync(Flags, "", new ItemDescriptor(1, "x")).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => sink.InitAsync(null!).AsTask());

        Assert.Equal(0, _store.Calls);
        Assert.Equal(DataSourceState.Initializing, sink.Status.State);
    }

    private DataSourceUpdateSink CreateSink() => new(_store, new LoggerFactory([new FakeLoggerProvider(_logs)]), _clock);
}

using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Tests.State;

public class BulkWritesTests
{
    private static readonly TransactionalOperation[] Operations =
    [
        new TransactionalOperation.Upsert(new SetRequest("a", new byte[] { 1 })),
        new TransactionalOperation.Delete(new DeleteRequest("b", ETag: "1")),
        new TransactionalOperation.Upsert(new SetRequest("c", new byte[] { 1 }, ETag: "2")),
    ];

    [Fact]
    public async Task S_BULK_1_every_write_runs_and_each_ETag_failure_is_reported_with_its_key()
    {
        var ran = new List<int>();

        var error = await Assert.ThrowsAsync<BulkStoreException>(async () => await BulkWrites.RunConcurrentlyAsync(Operations, i =>
        {
            lock (ran)
            {
                ran.Add(i);
            }

            return i == 0 ? Task.CompletedTask : Task.FromException(new ETagException(ETagErrorKind.Mismatch));
        }));

        Assert.Equal([0, 1, 2], ran.Order());
        Assert.Equal(["b", "c"], error.Errors.Select(e => e.Key));
        Assert.All(error.Errors, e => Assert.IsType<ETagException>(e.Error));
    }

    [Fact]
    public async Task S_BULK_1_a_failure_that_is_not_an_ETag_failure_is_thrown_as_it_is()
    {
        var outage = new TimeoutException("the backend is gone");

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await BulkWrites.RunConcurrentlyAsync(Operations, i =>
            i == 1 ? Task.FromException(outage) : Task.FromException(new ETagException(ETagErrorKind.Mismatch))));

        Assert.Same(outage, error);
    }

    [Fact]
    public async Task S_BULK_1_without_failures_every_operation_is_written_once_and_none_is_written_for_an_empty_call()
    {
        var writes = new int[Operations.Length];
        await BulkWrites.RunConcurrentlyAsync(Operations, i =>
        {
            Interlocked.Increment(ref writes[i]);
            return Task.CompletedTask;
        });
        var emptyCallWrites = 0;
        await BulkWrites.RunConcurrentlyAsync([], _ =>
        {
            Interlocked.Increment(ref emptyCallWrites);
            return Task.CompletedTask;
        });

        Assert.All(writes, count => Assert.Equal(1, count));
        Assert.Equal(0, emptyCallWrites);
    }

    [Fact]
    public async Task S_BULK_1_a_bulk_call_of_a_thousand_keys_keeps_at_most_the_bound_in_flight_and_runs_them_all()
    {
        var operations = Enumerable.Range(0, 1_000).Select(i => (TransactionalOperation)new TransactionalOperation.Upsert(new SetRequest($"k{i}", new byte[] { 1 }))).ToArray();
        var inFlight = 0;
        var most = 0;
        var ran = 0;

        await BulkWrites.RunConcurrentlyAsync(operations, async _ =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            await Task.Yield();
            Interlocked.Increment(ref ran);
            Interlocked.Decrement(ref inFlight);
        });

        Assert.Equal(1_000, ran);
        Assert.InRange(most, 1, Concurrently.DefaultMaxConcurrency);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    [Fact]
    public void S_BULK_1_an_operation_the_backend_cannot_hold_fails_the_call_before_anything_is_written()
    {
        var writes = 0;
        var error = Assert.Throws<ArgumentException>(() => BulkWrites.RunPreparedAsync(
            Operations,
            operation => operation.Key == Operations[^1].Key ? throw new ArgumentException("too large", "requests") : operation.Key,
            _ =>
            {
                Interlocked.Increment(ref writes);
                return Task.CompletedTask;
            }));

        Assert.Equal("requests", error.ParamName);
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task S_BULK_1_an_ETag_refused_while_preparing_fails_only_its_own_key()
    {
        var written = new System.Collections.Concurrent.ConcurrentBag<string>();
        var error = await Assert.ThrowsAsync<BulkStoreException>(async () => await BulkWrites.RunPreparedAsync(
            Operations,
            operation => operation.Key == Operations[0].Key ? throw new ETagException(ETagErrorKind.Invalid) : operation.Key,
            key =>
            {
                written.Add(key);
                return Task.CompletedTask;
            }));

        Assert.Equal(Operations[0].Key, Assert.Single(error.Errors).Key);
        Assert.Equal(Operations.Skip(1).Select(o => o.Key).Order(), written.Order());
    }
}

using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class CompareAndSetTests
{
    private sealed record Stored(int Version);

    [Fact]
    public async Task P_UPS_1_a_missing_key_is_written_once_and_the_write_is_told_it_was_missing()
    {
        Stored? writtenOver = new(-1);
        var written = await CompareAndSet.UpsertAsync<Stored>(
            3, () => ValueTask.FromResult<Stored?>(null), s => s.Version, seen => { writtenOver = seen; return ValueTask.FromResult(true); }, null, CancellationToken.None);

        Assert.True(written);
        Assert.Null(writtenOver);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task P_UPS_1_the_same_or_a_higher_stored_version_is_never_written(int storedVersion)
    {
        var writes = 0;
        var written = await CompareAndSet.UpsertAsync(
            3, () => ValueTask.FromResult<Stored?>(new Stored(storedVersion)), s => s.Version, _ => { writes++; return ValueTask.FromResult(true); }, null, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(0, writes);
    }

    [Fact]
    public async Task P_UPS_2_a_lost_race_reads_again_and_decides_on_what_the_other_writer_stored()
    {
        // The first read sees version 1; a concurrent writer stores 5 before the write, which fails.
        var stored = new Stored(1);
        var hookCalls = 0;
        var writes = new List<Stored?>();
        var written = await CompareAndSet.UpsertAsync(
            3,
            () => ValueTask.FromResult<Stored?>(stored),
            s => s.Version,
            seen =>
            {
                writes.Add(seen);
                return ValueTask.FromResult(ReferenceEquals(seen, stored));
            },
            () =>
            {
                hookCalls++;
                stored = new Stored(5);
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);

        Assert.False(written); // 5 is higher than 3: the second read decides, and nothing more is written
        Assert.Single(writes);
        Assert.Equal(1, hookCalls);
    }

    [Fact]
    public async Task P_UPS_2_a_lost_race_to_a_lower_version_is_retried_until_the_write_holds()
    {
        var attempts = 0;
        var written = await CompareAndSet.UpsertAsync(
            9, () => ValueTask.FromResult<Stored?>(new Stored(attempts)), s => s.Version, _ => ValueTask.FromResult(++attempts == 3), null, CancellationToken.None);

        Assert.True(written);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_between_attempts()
    {
        using var cancellation = new CancellationTokenSource();
        var attempts = 0;
        var loop = CompareAndSet.UpsertAsync(
            9,
            () => ValueTask.FromResult<Stored?>(null),
            s => s.Version,
            _ =>
            {
                if (++attempts == 2)
                {
                    cancellation.Cancel();
                }

                return ValueTask.FromResult(false); // always loses the race
            },
            null,
            cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await loop);
        Assert.Equal(2, attempts);
    }
}

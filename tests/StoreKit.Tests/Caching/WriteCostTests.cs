namespace StoreKit.Tests.Caching;

/// <summary>
/// W5 at scale: a write into a kind whose whole list is cached costs the same whatever the list's
/// size (the list is patched in place, not copied), in the mode that keeps lists patched.
/// </summary>
public class WriteCostTests : CachingTestBase
{
    [Fact]
    public async Task W5_an_upsert_into_a_cached_list_allocates_the_same_at_10000_items_as_at_10()
    {
        var small = await BytesPerUpsertAsync(10);
        var large = await BytesPerUpsertAsync(10_000);

        // Copying a 10,000-entry list would be about 240 KB an upsert; a patch allocates nothing more.
        Assert.True(large <= small + 512, $"an upsert allocated {large} B with 10,000 cached items, {small} B with 10");
    }

    private async Task<long> BytesPerUpsertAsync(int count)
    {
        var kind = Support.TestKinds.Create("cost-" + count);
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([new Collection(kind, Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"key-{i}", new ItemDescriptor(1, "v"))).ToArray())]);
        var list = await wrapper.GetAllAsync(kind); // the list is cached and handed out
        var version = 2;
        for (var i = 0; i < 50; i++)
        {
            await wrapper.UpsertAsync(kind, "key-1", new ItemDescriptor(version++, "v")); // warm up
        }

        // The fewest bytes of three rounds: a fake-clock timer may fall due on this thread in one of them.
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                var upsert = wrapper.UpsertAsync(kind, "key-1", new ItemDescriptor(version++, "v"));
                Assert.True(upsert.IsCompletedSuccessfully, "the test store answers synchronously");
            }

            fewest = Math.Min(fewest, (GC.GetAllocatedBytesForCurrentThread() - before) / 100);
        }

        Assert.Equal(count, list.Count);
        Assert.Equal(1, list.Single(p => p.Key == "key-1").Value.Version); // what a reader holds is never changed under it
        Assert.Equal(count, (await wrapper.GetAllAsync(kind)).Count);
        Assert.Equal(new ItemDescriptor(version - 1, "v"), (await wrapper.GetAllAsync(kind)).Single(p => p.Key == "key-1").Value);
        return fewest;
    }
}

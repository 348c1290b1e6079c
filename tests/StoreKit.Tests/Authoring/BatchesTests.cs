using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class BatchesTests
{
    [Fact]
    public void Batches_keep_the_order_and_end_at_the_count_or_the_bytes_whichever_comes_first()
    {
        int[] sizes = [3, 3, 3, 1, 1, 1, 1, 9, 2];

        var batches = Batches.Of(sizes, maxCount: 3, maxBytes: 7, size => size).ToList();

        Assert.Equal([[3, 3], [3, 1, 1], [1, 1], [9], [2]], batches);
        Assert.Equal(sizes, batches.SelectMany(b => b));
    }

    [Fact]
    public void No_items_make_no_batch() => Assert.Empty(Batches.Of(Array.Empty<int>(), 10, 10, size => size));

    [Fact]
    public void A_count_below_one_is_refused_naming_it() =>
        Assert.Equal("maxCount", Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Of([1], 0, 10, size => size)).ParamName);
}

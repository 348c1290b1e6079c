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
    public void Batches_of_groups_also_end_where_the_group_changes_and_are_taken_as_they_are_sent()
    {
        (string Group, int Size)[] items = [("a", 1), ("a", 1), ("a", 1), ("a", 1), ("b", 1), ("b", 5), ("c", 1), ("a", 1)];
        var taken = 0;
        IEnumerable<(string Group, int Size)> Items()
        {
            foreach (var item in items)
            {
                taken++;
                yield return item;
            }
        }

        using var batches = Batches.Of(Items(), maxCount: 3, maxBytes: 5, item => item.Size, item => item.Group).GetEnumerator();
        Assert.True(batches.MoveNext());
        Assert.Equal(4, taken); // the fourth item ends the first batch; the rest are not read yet
        var all = new List<List<(string Group, int Size)>> { batches.Current };
        while (batches.MoveNext())
        {
            all.Add(batches.Current);
        }

        Assert.Equal(["aaa", "a", "b", "b", "c", "a"], all.Select(batch => string.Concat(batch.Select(item => item.Group))));
    }

    [Fact]
    public void No_items_make_no_batch() => Assert.Empty(Batches.Of(Array.Empty<int>(), 10, 10, size => size));

    [Fact]
    public void A_count_below_one_is_refused_naming_it() =>
        Assert.Equal("maxCount", Assert.Throws<ArgumentOutOfRangeException>(() => Batches.Of([1], 0, 10, size => size)).ParamName);
}

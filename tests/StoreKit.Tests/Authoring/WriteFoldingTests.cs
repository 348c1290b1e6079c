using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Tests.Authoring;

public class WriteFoldingTests
{
    private static TransactionalOperation Set(string key, string? etag = null, bool firstWrite = false, int? ttl = null) =>
        new TransactionalOperation.Upsert(new SetRequest(
            key,
            new byte[] { 1 },
            etag,
            ttl is { } seconds ? new Dictionary<string, string> { [StateRequests.TtlInSecondsKey] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
            firstWrite ? new StateOptions(Concurrency.FirstWrite) : null));

    private static TransactionalOperation Delete(string key, string? etag = null) => new TransactionalOperation.Delete(new DeleteRequest(key, etag));

    [Fact]
    public void S_TX_1_each_key_is_written_once_by_its_last_operation_under_its_first_check_in_first_appearance_order()
    {
        var folded = WriteFolding.Fold([Set("a", etag: "e1"), Set("b", firstWrite: true), Delete("a"), Set("c")]);

        Assert.Equal(["a", "b", "c"], folded.Select(w => w.Key));
        Assert.Equal(new FoldedWrite("a", null, WriteCheck.ETag, "e1"), folded[0]);
        Assert.Equal((WriteCheck.Missing, (string?)null), (folded[1].Check, folded[1].ETag));
        Assert.Equal(WriteCheck.None, folded[2].Check);
    }

    [Fact]
    public void S_ETAG_1_an_ETag_on_a_key_this_call_already_wrote_never_matches()
    {
        var error = Assert.Throws<ETagException>(() => WriteFolding.Fold([Set("a"), Delete("a", etag: "e1")]));

        Assert.Equal(ETagErrorKind.Mismatch, error.Kind);
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S_FW_1_a_first_write_after_a_Set_of_the_key_fails_and_after_a_Delete_succeeds()
    {
        var error = Assert.Throws<ETagException>(() => WriteFolding.Fold([Set("a"), Set("a", firstWrite: true)]));
        var afterDelete = WriteFolding.Fold([Delete("a"), Set("a", firstWrite: true)]);

        Assert.Contains("First write", error.Message, StringComparison.Ordinal);
        Assert.Equal(WriteCheck.None, Assert.Single(afterDelete).Check); // the Delete's (absent) check guards the key
    }

    [Fact]
    public void S_TTL_1_a_store_whose_TTL_of_0_deletes_at_once_lets_a_first_write_follow_it()
    {
        var folded = WriteFolding.Fold([Set("a", ttl: 0), Set("a", firstWrite: true)], set => StateRequests.ParseTtl(set.Metadata) != TimeSpan.Zero);

        Assert.NotNull(Assert.Single(folded).Set);
        Assert.Throws<ETagException>(() => WriteFolding.Fold([Set("a", ttl: 0), Set("a", firstWrite: true)]));
    }
}

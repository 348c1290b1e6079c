using StoreKit.Authoring;
using StoreKit.State;

namespace StoreKit.Tests.Authoring;

public class ETagErrorsTests
{
    [Fact]
    public void S_ETAG_1_and_S_FW_1_a_failed_check_is_a_mismatch_that_names_the_key_and_what_failed()
    {
        var etag = ETagErrors.Mismatch("k1", firstWrite: false);
        var firstWrite = ETagErrors.Mismatch("k2", firstWrite: true);

        Assert.Equal(ETagErrorKind.Mismatch, etag.Kind);
        Assert.Contains("'k1'", etag.Message, StringComparison.Ordinal);
        Assert.Contains("ETag", etag.Message, StringComparison.Ordinal);
        Assert.Equal(ETagErrorKind.Mismatch, firstWrite.Kind);
        Assert.Contains("First write", firstWrite.Message, StringComparison.Ordinal);
        Assert.Contains("'k2'", firstWrite.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S_ETAG_1_an_ETag_the_store_never_issued_is_invalid()
    {
        var error = ETagErrors.NotAnETag("k", "zz", "an etcd revision");

        Assert.Equal(ETagErrorKind.Invalid, error.Kind);
        Assert.Equal("The ETag 'zz' of key 'k' is not an etcd revision.", error.Message);
    }
}

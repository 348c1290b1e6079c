using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class BackendFailuresTests
{
    [Fact]
    public async Task P_ERR_1_a_backend_failure_answers_false_and_an_answer_passes_through()
    {
        Assert.False(await BackendFailures.FalseWhenFailingAsync(() => throw new TimeoutException(), e => e is TimeoutException));
        Assert.False(await BackendFailures.FalseWhenFailingAsync(async () => { await Task.Yield(); throw new TimeoutException(); }, e => e is TimeoutException));
        Assert.True(await BackendFailures.FalseWhenFailingAsync(() => ValueTask.FromResult(true), _ => true));
    }

    [Fact]
    public async Task P_ERR_1_what_is_not_the_backends_failure_still_throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await BackendFailures.FalseWhenFailingAsync(() => throw new InvalidOperationException("a bug"), e => e is TimeoutException));
    }
}

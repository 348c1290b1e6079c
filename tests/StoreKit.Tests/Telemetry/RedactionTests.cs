using System.Diagnostics;
using StoreKit.Tests.Caching;
using StoreKit.Tests.Support;

namespace StoreKit.Tests.Telemetry;

/// <summary>
/// W12: nothing of the data leaves the process through telemetry. Stores put keys and ETags in their
/// exception messages, so spans and logs carry exception types, and a key only as its length and hash.
/// </summary>
public sealed class RedactionTests : CachingTestBase, IDisposable
{
    private const string Secret = "customer-4711-secret-key";

    // A kind of this test's own: the listener hears every test's spans, and only these are this test's.
    private static readonly DataKind Kind = TestKinds.Create("redaction-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Activity> _spans = [];
    private readonly ActivityListener _listener;

    public RedactionTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StoreKitTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_spans)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task W12_no_key_or_exception_message_reaches_a_span_or_a_log()
    {
        var wrapper = CreateInfinite();
        await wrapper.InitAsync([new Collection(Kind, [KeyValuePair.Create("a", new ItemDescriptor(1, "a1"))])]);
        Store.Failure = operation => new IOException($"{operation} failed for key {Secret} (etag \"{Secret}\")");
        Store.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => wrapper.UpsertAsync(Kind, Secret, new ItemDescriptor(1, "v")).AsTask());
        await Assert.ThrowsAsync<IOException>(() => wrapper.GetAsync(Kind, "other").AsTask());
        Store.Failing = false;
        Store.RefusedKeys.Add(Secret); // the write-back's replay is refused with the key in the message, and dropped

        Clock.Advance(PollInterval);

        Assert.True(wrapper.StatusProvider.Status.Available);
        var logs = Logs.GetSnapshot();
        Assert.Contains(logs, log => log.Id.Id == 6 && log.Message.Contains("sha256:", StringComparison.Ordinal));
        Assert.Contains(logs, log => log.Id.Id == 1 && log.Message.Contains(nameof(IOException), StringComparison.Ordinal));
        Assert.All(logs, log =>
        {
            Assert.DoesNotContain(Secret, log.Message, StringComparison.Ordinal);
            Assert.Null(log.Exception);
        });
        Activity[] spans;
        lock (_spans)
        {
            spans = [.. _spans.Where(span => Equals(span.GetTagItem("kind"), Kind.Name))];
        }

        Assert.Contains(spans, span => span.Status == ActivityStatusCode.Error);
        Assert.All(spans, span =>
        {
            Assert.DoesNotContain(Secret, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
            Assert.All(span.TagObjects, tag => Assert.DoesNotContain(Secret, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
            Assert.All(span.Events.SelectMany(e => e.Tags), tag => Assert.DoesNotContain(Secret, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal));
        });
    }
}

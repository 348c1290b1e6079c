using StoreKit.Analyzers.Persistent;
using StoreKit.Analyzers.Tests.Support;
using StoreKit.CodeFixes;

namespace StoreKit.Analyzers.Tests;

public class SK1001_DefaultForMissingItemTests
{
    private const string GetReturningDefault = """
            public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) ? item : [|default|]);
                }
            }
        """;

    [Theory]
    [InlineData("return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) ? item : [|default|]);")]
    [InlineData("return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) ? item : [|new SerializedItemDescriptor()|]);")]
    [InlineData("return new ValueTask<SerializedItemDescriptor>([|default(SerializedItemDescriptor)|]);")]
    [InlineData("return [|default|];")]
    public Task Triggers_on_default_returned_from_Get(string statement) =>
        CSharpAnalyzerVerifier<DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(get: GetWith(statement)));

    [Fact]
    public Task Triggers_in_an_async_Get() =>
        CSharpAnalyzerVerifier<DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(get: """
                public async ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
                {
                    await Task.Yield();
                    return [|default|];
                }
            """));

    [Fact]
    public Task Does_not_trigger_on_NotFound_on_other_methods_or_on_non_stores() =>
        CSharpAnalyzerVerifier<DefaultForMissingItemAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private static SerializedItemDescriptor Helper() => default;
            """) + """

            public sealed class NotAStore
            {
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key) => ValueTask.FromResult(default(SerializedItemDescriptor));
            }
            """);

    [Fact]
    public Task The_fix_returns_NotFound() =>
        CSharpCodeFixVerifier<DefaultForMissingItemAnalyzer, ReturnNotFoundCodeFix>.VerifyCodeFixAsync(
            Stores.Persistent(get: GetReturningDefault),
            Stores.Persistent(get: GetReturningDefault.Replace("[|default|]", "SerializedItemDescriptor.NotFound", StringComparison.Ordinal)));

    [Fact]
    public Task The_fix_handles_a_defaulted_ValueTask() =>
        CSharpCodeFixVerifier<DefaultForMissingItemAnalyzer, ReturnNotFoundCodeFix>.VerifyCodeFixAsync(
            Stores.Persistent(get: GetWith("return [|default|];")),
            Stores.Persistent(get: GetWith("return ValueTask.FromResult(SerializedItemDescriptor.NotFound);")));

    private static string GetWith(string statement) => $$"""
            public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
            {
                lock (_items)
                {
                    {{statement}}
                }
            }
        """;
}

public class SK1002_TombstonesFilteredTests
{
    [Fact]
    public Task Triggers_when_Get_or_GetAll_decide_on_Deleted() =>
        CSharpAnalyzerVerifier<TombstonesFilteredAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(
            get: """
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        return ValueTask.FromResult(_items.TryGetValue((kind.Name, key), out var item) && ![|item.Deleted|] ? item : SerializedItemDescriptor.NotFound);
                    }
                }
            """,
            getAll: """
                public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>>(
                            _items.Where(p => p.Key.Item1 == kind.Name && ![|p.Value.Deleted|]).Select(p => KeyValuePair.Create(p.Key.Item2, p.Value)).ToArray());
                    }
                }
            """));

    [Fact]
    public Task Does_not_trigger_when_Deleted_is_written_or_read_in_Upsert() =>
        CSharpAnalyzerVerifier<TombstonesFilteredAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private static int Flag(SerializedItemDescriptor item) => item.Deleted ? 1 : 0;
            """));
}

public class SK1003_UpsertIgnoresVersionTests
{
    [Fact]
    public Task Triggers_when_Upsert_never_reads_the_items_version() =>
        CSharpAnalyzerVerifier<UpsertIgnoresVersionAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(upsert: """
                public ValueTask<bool> [|UpsertAsync|](DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        _items[(kind.Name, key)] = new SerializedItemDescriptor(1, false, item.SerializedItem);
                        return ValueTask.FromResult(true);
                    }
                }
            """));

    [Fact]
    public Task Does_not_trigger_when_it_compares_or_hands_the_item_on() =>
        CSharpAnalyzerVerifier<UpsertIgnoresVersionAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent() + """

            [PersistentStore]
            public sealed partial class Delegating : IPersistentDataStore
            {
                private readonly Store _inner = new();
                public ValueTask InitAsync(IReadOnlyList<SerializedCollection> allData, CancellationToken cancellationToken = default) => _inner.InitAsync(allData, cancellationToken);
                public ValueTask<SerializedItemDescriptor> GetAsync(DataKind kind, string key, CancellationToken cancellationToken = default) => _inner.GetAsync(kind, key, cancellationToken);
                public ValueTask<IReadOnlyList<KeyValuePair<string, SerializedItemDescriptor>>> GetAllAsync(DataKind kind, CancellationToken cancellationToken = default) => _inner.GetAllAsync(kind, cancellationToken);
                public ValueTask<bool> UpsertAsync(DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default) => _inner.UpsertAsync(kind, key, item, cancellationToken);
                public ValueTask<bool> IsInitializedAsync(CancellationToken cancellationToken = default) => _inner.IsInitializedAsync(cancellationToken);
                public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) => _inner.IsStoreAvailableAsync(cancellationToken);
                public ValueTask DisposeAsync() => _inner.DisposeAsync();
            }
            """);
}

public class SK1004_UpsertReturnsConstantTests
{
    [Fact]
    public Task Triggers_when_every_return_is_the_same_constant() =>
        CSharpAnalyzerVerifier<UpsertReturnsConstantAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(upsert: """
                public ValueTask<bool> [|UpsertAsync|](DataKind kind, string key, SerializedItemDescriptor item, CancellationToken cancellationToken = default)
                {
                    lock (_items)
                    {
                        if (_items.TryGetValue((kind.Name, key), out var stored) && stored.Version >= item.Version)
                        {
                            return ValueTask.FromResult(true);
                        }

                        _items[(kind.Name, key)] = item;
                        return ValueTask.FromResult(true);
                    }
                }
            """));

    [Fact]
    public Task Does_not_trigger_when_the_result_varies() =>
        CSharpAnalyzerVerifier<UpsertReturnsConstantAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent());
}

public class SK1005_BlockingOnAsyncTests
{
    [Fact]
    public Task Triggers_on_Result_Wait_and_GetResult_in_a_store() =>
        CSharpAnalyzerVerifier<BlockingOnAsyncAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private int Blocking(Task<int> task, ValueTask<int> valueTask)
                {
                    task.Wait();
                    return [|task.Result|] + [|valueTask.GetAwaiter().GetResult()|];
                }
            """).Replace("task.Wait();", "[|task.Wait()|];", StringComparison.Ordinal));

    [Fact]
    public Task Does_not_trigger_outside_stores() =>
        CSharpAnalyzerVerifier<BlockingOnAsyncAnalyzer>.VerifyAnalyzerAsync("""
            public sealed class Tool
            {
                public int Blocking(Task<int> task) => task.Result;
            }
            """);

    [Fact]
    public Task The_fix_awaits() =>
        new CSharpCodeFixVerifier<BlockingOnAsyncAnalyzer, AwaitInsteadOfBlockingCodeFix>.Test
        {
            TestCode = Stores.Persistent(extra: """
                private async Task<int> LengthAsync(Task<string> text, Task done)
                {
                    [|done.Wait()|];
                    return [|text.Result|].Length + [|text.GetAwaiter().GetResult()|].Length;
                }
            """),
            FixedCode = Stores.Persistent(extra: """
                private async Task<int> LengthAsync(Task<string> text, Task done)
                {
                    await done;
                    return (await text).Length + (await text).Length;
                }
            """),
            // One fix per blocking call, one at a time; Fix All replaces all three in a single pass.
            NumberOfIncrementalIterations = 3,
            NumberOfFixAllIterations = 1,
        }.RunAsync();
}

public class SK1006_AvailabilityThrowsTests
{
    [Fact]
    public Task Triggers_on_a_throw_outside_a_try() =>
        CSharpAnalyzerVerifier<AvailabilityThrowsAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(available: """
                public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default) =>
                    _items.Count >= 0 ? ValueTask.FromResult(true) : [|throw new InvalidOperationException("down")|];
            """));

    [Fact]
    public Task Does_not_trigger_when_the_throw_is_caught() =>
        CSharpAnalyzerVerifier<AvailabilityThrowsAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(available: """
                public ValueTask<bool> IsStoreAvailableAsync(CancellationToken cancellationToken = default)
                {
                    try
                    {
                        if (_items.Count < 0)
                        {
                            throw new InvalidOperationException("down");
                        }

                        return ValueTask.FromResult(true);
                    }
                    catch (InvalidOperationException)
                    {
                        return ValueTask.FromResult(false);
                    }
                }
            """));
}

public class SK1007_UnsafeCollectionMutationTests
{
    [Fact]
    public Task Triggers_on_a_dictionary_field_changed_outside_a_lock() =>
        CSharpAnalyzerVerifier<UnsafeCollectionMutationAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private readonly List<string> _log = new();
                private void Forget() => [|_items.Clear()|];
                private void Remember(string key) { [|_log.Add(key)|]; [|_items[(key, key)] = default|]; }
            """).Replace("private void Remember(string key) { [|_log.Add(key)|]; [|_items[(key, key)] = default|]; }", "private void Remember(string key) { [|_log.Add(key)|]; [|_items[(key, key)]|] = default; }", StringComparison.Ordinal));

    [Fact]
    public Task Does_not_trigger_under_a_lock_or_on_concurrent_collections() =>
        CSharpAnalyzerVerifier<UnsafeCollectionMutationAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();
                private void Count(string key) => _counts[key] = 1;
                private void Local() { var list = new List<int>(); list.Add(1); }
            """));
}

public class SK1008_StoreKeepsCacheTests
{
    [Fact]
    public Task Does_not_trigger_on_a_store_without_a_cache() =>
        CSharpAnalyzerVerifier<StoreKeepsCacheAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent());

    [Fact]
    public Task Triggers_on_a_MemoryCache_field() =>
        CSharpAnalyzerVerifier<StoreKeepsCacheAnalyzer>.VerifyAnalyzerAsync(Stores.Persistent(extra: """
                private readonly Microsoft.Extensions.Caching.Memory.MemoryCache [|_cache|] = null!;
            """).Replace("using StoreKit.State;", "using StoreKit.State;", StringComparison.Ordinal) + """

            namespace Microsoft.Extensions.Caching.Memory
            {
                public class MemoryCache { }
            }
            """);
}

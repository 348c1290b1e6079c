using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using StoreKit.Generators.Tests.Support;

namespace StoreKit.Generators.Tests;

/// <summary>
/// Compiles a store with its generated wrapper, loads it into a collectible load context and runs
/// the wrapper: the emitted glue must reach the real store through every member.
/// </summary>
public class GeneratedWrapperBehaviourTests
{
    private static readonly DataKind Flags = new("flags", item => $"{item.Version}:{item.Item}", text => new ItemDescriptor(int.Parse(text.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), text.Split(':')[1]));

    [Fact]
    public async Task The_generated_wrapper_caches_reads_and_forwards_every_call_to_the_store()
    {
        var context = new AssemblyLoadContext("generated-store", isCollectible: true);
        try
        {
            var store = CreateStore(context, StoreSources.SimpleStore(), "MyCompany.Stores.DictionaryStore");
            var wrapper = (ICachingDataStore)store.GetType().GetMethod("WithCaching")!.Invoke(store, [null])!;

            await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "one"))])]);
            Assert.Equal(new ItemDescriptor(1, "one"), await wrapper.GetAsync(Flags, "a"));
            Assert.True((await wrapper.GetAsync(Flags, "missing")).IsNotFound);
            Assert.True((await wrapper.GetAsync(Flags, "missing")).IsNotFound);
            Assert.True(await wrapper.UpsertAsync(Flags, "a", new ItemDescriptor(2, "two")));
            Assert.Equal([KeyValuePair.Create("a", new ItemDescriptor(2, "two"))], await wrapper.GetAllAsync(Flags));
            Assert.True(await wrapper.IsInitializedAsync());
            Assert.True(wrapper.StatusProvider.IsStatusMonitoringEnabled);

            // The Init filled the cache; only the first read of the missing key reached the store.
            Assert.Equal(1, (int)store.GetType().GetField("Gets")!.GetValue(store)!);
            await wrapper.DisposeAsync();
            await Assert.ThrowsAsync<ObjectDisposedException>(() => wrapper.GetAsync(Flags, "a").AsTask());
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task Explicitly_implemented_members_are_reached_through_the_interface()
    {
        var context = new AssemblyLoadContext("generated-explicit-store", isCollectible: true);
        try
        {
            var store = CreateStore(context, StoreSources.NestedExplicitStore, "MyCompany.Stores.Outer+ExplicitStore");
            var wrapper = (ICachingDataStore)store.GetType().GetMethod("WithCaching")!.Invoke(store, [null])!;

            await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(3, "three"))])]);

            Assert.True(await ((IPersistentDataStore)store).IsInitializedAsync());
            Assert.Equal(new ItemDescriptor(3, "three"), await wrapper.GetAsync(Flags, "a"));
            await wrapper.DisposeAsync();
        }
        finally
        {
            context.Unload();
        }
    }

    private static object CreateStore(AssemblyLoadContext context, string source, string typeName)
    {
        var (_, output, _) = TestCompilation.Generate(TestCompilation.Create(source));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, TestCompilation.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var assembly = context.LoadFromStream(image);
        return Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, nonPublic: true)!;
    }
}

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

    [Fact]
    public async Task A_store_named_with_a_keyword_in_a_keyword_namespace_is_wrapped()
    {
        var source = StoreSources.Usings + $$"""
            namespace @class.Stores;

            public static partial class @static
            {
                [PersistentStore]
                public sealed partial class @event : IPersistentDataStore
                {
            {{StoreSources.StoreBody}}
                }
            }
            """;

        await ExpectWorkingWrapperAsync(source, "class.Stores.static+event", []);
    }

    [Fact]
    public async Task A_generic_store_nested_in_a_generic_type_is_wrapped_and_keeps_its_constraints()
    {
        var source = StoreSources.Usings + $$"""
            namespace MyCompany.Stores;

            public partial class Backends<TConnection> where TConnection : class, new()
            {
                [PersistentStore(CacheTtlSeconds = PersistentStoreAttribute.Forever)]
                public sealed partial class SqlStore<TDialect> : IPersistentDataStore where TDialect : System.IDisposable, new()
                {
            {{StoreSources.StoreBody}}
                }
            }
            """;

        await ExpectWorkingWrapperAsync(source, "MyCompany.Stores.Backends`1+SqlStore`1", [typeof(object), typeof(MemoryStream)]);
    }

    private static async Task ExpectWorkingWrapperAsync(string source, string typeName, Type[] typeArguments)
    {
        var context = new AssemblyLoadContext("generated-" + typeName, isCollectible: true);
        try
        {
            var definition = LoadType(context, source, typeName);
            var type = typeArguments.Length == 0 ? definition : definition.MakeGenericType(typeArguments);
            var store = Activator.CreateInstance(type, nonPublic: true)!;
            await using var wrapper = (ICachingDataStore)type.GetMethod("WithCaching")!.Invoke(store, [null])!;

            await wrapper.InitAsync([new Collection(Flags, [KeyValuePair.Create("a", new ItemDescriptor(1, "one"))])]);

            Assert.Equal(new ItemDescriptor(1, "one"), await wrapper.GetAsync(Flags, "a"));
        }
        finally
        {
            context.Unload();
        }
    }

    private static object CreateStore(AssemblyLoadContext context, string source, string typeName) =>
        Activator.CreateInstance(LoadType(context, source, typeName), nonPublic: true)!;

    /// <summary>Compiles the source with its generated code, loads it, and finds the type (by its runtime name).</summary>
    private static Type LoadType(AssemblyLoadContext context, string source, string typeName)
    {
        var (_, output, _) = TestCompilation.Generate(TestCompilation.Create(source));
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, TestCompilation.Describe(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return context.LoadFromStream(image).GetType(typeName, throwOnError: true)!;
    }
}

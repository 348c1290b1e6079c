using System.CodeDom.Compiler;
using System.Globalization;
using System.Linq;
using StoreKit.Generators.Model;
using StoreKit.Shared;

namespace StoreKit.Generators.Emitting;

/// <summary>
/// Writes a store's <c>WithCaching</c> method and the wrapper class behind it: a subclass of the
/// runtime's CachingDataStoreBase whose Store* members call the concrete store class directly.
/// </summary>
internal static class PersistentStoreEmitter
{
    public const string FactoryMethodName = StoreKitFacts.PersistentFactoryMethod;
    public const string WrapperClassName = StoreKitFacts.PersistentWrapperClass;
    private const string Contract = "global::StoreKit.IPersistentDataStore";
    private const string InitIfEmptyContract = "global::StoreKit.IInitIfEmptyPersistentDataStore";

    public static string Emit(PersistentStoreModel model) =>
        TypeShellWriter.Write(model.Namespace, model.ContainingTypes, writer => WriteStoreMembers(writer, model));

    private static void WriteStoreMembers(IndentedTextWriter writer, PersistentStoreModel model)
    {
        var store = model.ClassName;
        // The interface lets code that knows only the store's type (dependency injection) wrap it.
        writer.WriteLine($"partial class {store} : global::StoreKit.IWrappablePersistentDataStore");
        writer.WriteLine("{");
        writer.Indent++;
        writer.WriteLine("/// <summary>");
        writer.WriteLine($"/// Wraps this store in a cache with status tracking (TTL {Describe(model.CacheTtlSeconds)}, polled every {Seconds(model.PollIntervalSeconds)} s during an outage).");
        writer.WriteLine("/// The wrapper owns the store: disposing the wrapper disposes the store.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"options\">Overrides of the attribute's defaults; null keeps them.</param>");
        writer.WriteLine($"public global::StoreKit.ICachingDataStore {FactoryMethodName}(global::StoreKit.DataStoreCacheOptions? options = null) => new {WrapperClassName}(this, options);");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"StoreKit.Generators\", \"1.0.0\")]");
        writer.WriteLine($"private sealed class {WrapperClassName} : global::StoreKit.Caching.CachingDataStoreBase");
        writer.WriteLine("{");
        writer.Indent++;
        writer.WriteLine("private static readonly global::StoreKit.Caching.PersistentStoreDefaults Defaults =");
        writer.WriteLine($"    global::StoreKit.Caching.PersistentStoreDefaults.FromAttribute({Literal(model.CacheTtlSeconds)}, {Literal(model.PollIntervalSeconds)});");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"private readonly {store} _store;");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"public {WrapperClassName}({store} store, global::StoreKit.DataStoreCacheOptions? options)");
        writer.WriteLine($"    : base(\"{model.DisplayName}\", Defaults, options)");
        writer.WriteLine("{");
        writer.WriteLine("    _store = store;");
        writer.WriteLine("}");

        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask", "StoreInitAsync", "InitAsync",
            "global::System.Collections.Generic.IReadOnlyList<global::StoreKit.SerializedCollection> allData, global::System.Threading.CancellationToken cancellationToken",
            "allData, cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask<global::StoreKit.SerializedItemDescriptor>", "StoreGetAsync", "GetAsync",
            "global::StoreKit.DataKind kind, string key, global::System.Threading.CancellationToken cancellationToken",
            "kind, key, cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask<global::System.Collections.Generic.IReadOnlyList<global::System.Collections.Generic.KeyValuePair<string, global::StoreKit.SerializedItemDescriptor>>>", "StoreGetAllAsync", "GetAllAsync",
            "global::StoreKit.DataKind kind, global::System.Threading.CancellationToken cancellationToken",
            "kind, cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask<bool>", "StoreUpsertAsync", "UpsertAsync",
            "global::StoreKit.DataKind kind, string key, global::StoreKit.SerializedItemDescriptor item, global::System.Threading.CancellationToken cancellationToken",
            "kind, key, item, cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask<bool>", "StoreIsInitializedAsync", "IsInitializedAsync",
            "global::System.Threading.CancellationToken cancellationToken", "cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask<bool>", "StoreIsAvailableAsync", "IsStoreAvailableAsync",
            "global::System.Threading.CancellationToken cancellationToken", "cancellationToken");
        WriteForward(writer, model, "global::System.Threading.Tasks.ValueTask", "StoreDisposeAsync", "DisposeAsync", string.Empty, string.Empty);
        if (model.InitIfEmpty)
        {
            WriteInitIfEmpty(writer, model);
        }

        writer.Indent--;
        writer.WriteLine("}");
        writer.Indent--;
        writer.WriteLine("}");
    }

    private static void WriteForward(IndentedTextWriter writer, PersistentStoreModel model, string returnType, string overrideName, string storeMember, string parameters, string arguments)
    {
        var target = model.MembersCalledThroughInterface.Contains(storeMember)
            ? storeMember == "DisposeAsync" ? "((global::System.IAsyncDisposable)_store)" : $"(({Contract})_store)"
            : "_store";
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"protected override {returnType} {overrideName}({parameters}) =>");
        writer.WriteLine($"    {target}.{storeMember}({arguments});");
    }

    /// <summary>The optional atomic Init (P-INIT-3); the base answers null (not supported) for stores without it.</summary>
    private static void WriteInitIfEmpty(IndentedTextWriter writer, PersistentStoreModel model)
    {
        var target = model.MembersCalledThroughInterface.Contains("InitIfEmptyAsync") ? $"(({InitIfEmptyContract})_store)" : "_store";
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine("protected override async global::System.Threading.Tasks.ValueTask<bool?> StoreInitIfEmptyAsync(global::System.Collections.Generic.IReadOnlyList<global::StoreKit.SerializedCollection> allData, global::System.Threading.CancellationToken cancellationToken) =>");
        writer.WriteLine($"    await {target}.InitIfEmptyAsync(allData, cancellationToken).ConfigureAwait(false);");
    }

    private static string Literal(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    private static string Seconds(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Describe(double ttlSeconds) =>
        ttlSeconds == -1 ? "forever" : ttlSeconds == 0 ? "none" : Seconds(ttlSeconds) + " s";
}

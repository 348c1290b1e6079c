using System.CodeDom.Compiler;
using System.Globalization;
using System.Linq;
using StoreKit.Generators.Model;
using StoreKit.Shared;

namespace StoreKit.Generators.Emitting;

/// <summary>
/// Writes a state store's <c>Features</c> property (from its attribute) and its <c>WithResilience</c>
/// method with the wrapper class behind it: a subclass of the runtime's resilient engine whose
/// Store* members call the concrete store class directly.
/// </summary>
internal static class StateStoreEmitter
{
    public const string FactoryMethodName = StoreKitFacts.StateFactoryMethod;
    public const string WrapperClassName = StoreKitFacts.StateWrapperClass;
    private const string Ns = "global::StoreKit.State.";
    private const string Task = "global::System.Threading.Tasks.ValueTask";
    private const string Token = "global::System.Threading.CancellationToken cancellationToken";

    public static string Emit(StateStoreModel model) =>
        TypeShellWriter.Write(model.Namespace, model.ContainingTypes, writer => WriteStoreMembers(writer, model));

    private static void WriteStoreMembers(IndentedTextWriter writer, StateStoreModel model)
    {
        var store = model.ClassName;
        var features = model.Features.Count == 0 ? Ns + "StateStoreFeatures.None" : string.Join(" | ", model.Features.Select(f => Ns + "StateStoreFeatures." + f));
        var returned = model.Transactional ? Ns + "IResilientTransactionalStateStore" : Ns + "IResilientStateStore";
        var engine = model.Transactional ? "ResilientTransactionalStateStoreBase" : "ResilientStateStoreBase";

        // The interface lets code that knows only the store's type (dependency injection) wrap it.
        writer.WriteLine($"partial class {store} : {Ns}IWrappableStateStore");
        writer.WriteLine("{");
        writer.Indent++;
        if (model.EmitFeaturesProperty)
        {
            writer.WriteLine("/// <summary>The features declared in this store's [StateStore] attribute.</summary>");
            writer.WriteLine($"public {Ns}StateStoreFeatures Features => {features};");
            writer.WriteLineNoTabs(string.Empty);
        }

        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Wraps this store with request validation, retries per request and status tracking.");
        writer.WriteLine("/// The wrapper owns the store: disposing the wrapper disposes the store.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("/// <param name=\"options\">Retry defaults, poll interval, clock and logging; null keeps the defaults.</param>");
        writer.WriteLine($"public {returned} {FactoryMethodName}({Ns}StateStoreResilienceOptions? options = null) => new {WrapperClassName}(this, options);");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"{Ns}IResilientStateStore {Ns}IWrappableStateStore.{FactoryMethodName}({Ns}StateStoreResilienceOptions? options) => {FactoryMethodName}(options);");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine("[global::System.CodeDom.Compiler.GeneratedCode(\"StoreKit.Generators\", \"1.0.0\")]");
        writer.WriteLine($"private sealed class {WrapperClassName} : {Ns}{engine}");
        writer.WriteLine("{");
        writer.Indent++;
        writer.WriteLine($"private readonly {store} _store;");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"public {WrapperClassName}({store} store, {Ns}StateStoreResilienceOptions? options)");
        writer.WriteLine($"    : base(\"{model.DisplayName}\", options)");
        writer.WriteLine("{");
        writer.WriteLine("    _store = store;");
        writer.WriteLine("}");
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"protected override {Ns}StateStoreFeatures StoreFeatures => {Target(model, "Features")}.Features;");

        Forward(writer, model, Task, "StoreInitAsync", "InitAsync", $"{Ns}StateStoreMetadata metadata, {Token}", "metadata, cancellationToken");
        Forward(writer, model, $"{Task}<{Ns}GetResponse>", "StoreGetAsync", "GetAsync", $"{Ns}GetRequest request, {Token}", "request, cancellationToken");
        Forward(writer, model, Task, "StoreSetAsync", "SetAsync", $"{Ns}SetRequest request, {Token}", "request, cancellationToken");
        Forward(writer, model, Task, "StoreDeleteAsync", "DeleteAsync", $"{Ns}DeleteRequest request, {Token}", "request, cancellationToken");
        Forward(writer, model, $"{Task}<bool>", "StorePingAsync", "PingAsync", Token, "cancellationToken");
        Forward(writer, model, $"{Task}<global::System.Collections.Generic.IReadOnlyList<{Ns}BulkGetResponse>>", "StoreBulkGetAsync", "BulkGetAsync",
            $"global::System.Collections.Generic.IReadOnlyList<{Ns}GetRequest> requests, {Token}", "requests, cancellationToken");
        Forward(writer, model, Task, "StoreBulkSetAsync", "BulkSetAsync", $"global::System.Collections.Generic.IReadOnlyList<{Ns}SetRequest> requests, {Token}", "requests, cancellationToken");
        Forward(writer, model, Task, "StoreBulkDeleteAsync", "BulkDeleteAsync", $"global::System.Collections.Generic.IReadOnlyList<{Ns}DeleteRequest> requests, {Token}", "requests, cancellationToken");
        if (model.Transactional)
        {
            Forward(writer, model, Task, "StoreMultiAsync", "MultiAsync", $"global::System.Collections.Generic.IReadOnlyList<{Ns}TransactionalOperation> operations, {Token}", "operations, cancellationToken");
        }

        Forward(writer, model, Task, "StoreDisposeAsync", "DisposeAsync", string.Empty, string.Empty);
        writer.Indent--;
        writer.WriteLine("}");
        writer.Indent--;
        writer.WriteLine("}");
    }

    private static void Forward(IndentedTextWriter writer, StateStoreModel model, string returnType, string overrideName, string storeMember, string parameters, string arguments)
    {
        writer.WriteLineNoTabs(string.Empty);
        writer.WriteLine($"protected override {returnType} {overrideName}({parameters}) =>");
        writer.WriteLine($"    {Target(model, storeMember)}.{storeMember}({arguments});");
    }

    private static string Target(StateStoreModel model, string member) =>
        member switch
        {
            "DisposeAsync" when model.MembersCalledThroughInterface.Contains(member) => "((global::System.IAsyncDisposable)_store)",
            "MultiAsync" when model.MembersCalledThroughInterface.Contains(member) => $"(({Ns}ITransactionalStateStore)_store)",
            "Features" => $"(({Ns}IStateStore)_store)",
            _ when model.MembersCalledThroughInterface.Contains(member) => $"(({Ns}IStateStore)_store)",
            _ => "_store",
        };
}

using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StoreKit.Generators.Tests.Support;

namespace StoreKit.Generators.Tests;

/// <summary>Every step stays cached on unrelated edits and reacts to relevant ones; models hold no Roslyn objects.</summary>
public class IncrementalTests
{
    private static readonly string[] TrackedSteps =
        [TrackingNames.PersistentStoreModels, TrackingNames.ValidPersistentStores, TrackingNames.StateStoreModels, TrackingNames.ValidStateStores];

    [Fact]
    public void A_rerun_on_a_cloned_compilation_leaves_every_step_cached()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var (rerun, _, _) = TestCompilation.Generate(compilation.Clone(), driver);

        AssertAllSteps(rerun, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void An_unrelated_new_file_leaves_every_step_cached()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int X; }", TestCompilation.ParseOptions));
        var (rerun, _, _) = TestCompilation.Generate(edited, driver);

        AssertAllSteps(rerun, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void An_unrelated_member_edit_in_the_store_file_leaves_the_output_unchanged()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var tree = compilation.SyntaxTrees.First();
        var editedText = tree.GetText().ToString().Replace("public int Gets;", "public int Gets;\n    public string Unrelated => \"edited\";", StringComparison.Ordinal);
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(editedText)));
        var (rerun, _, _) = TestCompilation.Generate(edited, driver);

        // The model is rebuilt from the edited class, compares equal, and nothing downstream runs.
        AssertAllSteps(rerun, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached);
    }

    [Fact]
    public void Changing_the_attribute_modifies_the_output()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var tree = compilation.SyntaxTrees.First();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(StoreSources.SimpleStore("[PersistentStore(CacheTtlSeconds = 60)]"), TestCompilation.ParseOptions));
        var (rerun, _, _) = TestCompilation.Generate(edited, driver);

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(rerun, TrackingNames.ValidPersistentStores));
    }

    [Fact]
    public void A_second_store_is_new()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(StoreSources.GlobalNamespaceStore, TestCompilation.ParseOptions));
        var (rerun, _, _) = TestCompilation.Generate(edited, driver);

        Assert.Contains(IncrementalStepRunReason.New, Reasons(rerun, TrackingNames.ValidPersistentStores));
        Assert.Equal(3, TestCompilation.Sources(rerun).Length);
    }

    [Fact]
    public void Changing_the_declared_features_modifies_the_state_store_output()
    {
        var compilation = TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.TransactionalStateStore);
        var (_, _, driver) = TestCompilation.Generate(compilation);

        var tree = compilation.SyntaxTrees.Last();
        var edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            StoreSources.TransactionalStateStore.Replace("StateStoreFeatures.ETag | StateStoreFeatures.Transactional", "StateStoreFeatures.Transactional", StringComparison.Ordinal), TestCompilation.ParseOptions));
        var (rerun, _, _) = TestCompilation.Generate(edited, driver);

        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(rerun, TrackingNames.ValidStateStores));
        Assert.All(Reasons(rerun, TrackingNames.ValidPersistentStores), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
    }

    [Fact]
    public void No_step_output_holds_a_symbol_syntax_node_location_or_compilation()
    {
        var (run, _, _) = TestCompilation.Generate(TestCompilation.Create(StoreSources.SimpleStore(), StoreSources.NestedExplicitStore, StoreSources.TransactionalStateStore, StoreSources.PlainStateStore));

        foreach (var name in TrackedSteps)
        {
            foreach (var step in TestCompilation.Steps(run, name))
            {
                foreach (var (value, _) in step.Outputs)
                {
                    AssertNoRoslynObjects(value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
                }
            }
        }
    }

    private static void AssertAllSteps(GeneratorDriverRunResult run, params IncrementalStepRunReason[] allowed)
    {
        foreach (var name in TrackedSteps)
        {
            var reasons = Reasons(run, name);
            Assert.NotEmpty(reasons);
            Assert.All(reasons, reason => Assert.Contains(reason, allowed));
        }
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorDriverRunResult run, string step) =>
        TestCompilation.Steps(run, step).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(
            value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel,
            $"{path} holds a {value.GetType().Name}: models must hold only names and numbers.");

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var element in sequence)
            {
                AssertNoRoslynObjects(element, $"{path}[{index++}]", seen);
            }
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}

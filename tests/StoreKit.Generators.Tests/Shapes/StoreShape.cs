using System.Text;

namespace StoreKit.Generators.Tests.Shapes;

/// <summary>One type a store class can be declared in, as the shape test writes it.</summary>
internal sealed record OuterShape(string Keyword, string Name, int Arity, bool Partial, string Constraint)
{
    public bool IsInterface => Keyword == "interface";
}

/// <summary>
/// One declaration of a marked store class: its namespace, outer types, name, modifiers, type
/// parameters and attribute. Renders itself as C# source and says how reflection finds it.
/// </summary>
internal sealed record StoreShape(
    string? Namespace,
    bool FileScopedNamespace,
    IReadOnlyList<OuterShape> Outers,
    string Name,
    string Accessibility,
    string Modifiers,
    bool Partial,
    bool Record,
    int Arity,
    string Constraint,
    bool Persistent)
{
    /// <summary>Type arguments that satisfy each constraint the shapes use.</summary>
    public static Type ArgumentFor(string constraint) => constraint switch
    {
        "struct" => typeof(int),
        "System.IDisposable, new()" => typeof(MemoryStream),
        _ => typeof(object),
    };

    public string Render(string persistentBody, string stateBody, string usings)
    {
        var text = new StringBuilder(usings);
        text.AppendLine(Persistent ? "" : "using StoreKit.State;");
        var depth = 0;
        if (Namespace is not null)
        {
            text.AppendLine(FileScopedNamespace ? $"namespace {Namespace};" : $"namespace {Namespace}\n{{");
            depth = FileScopedNamespace ? 0 : 1;
        }

        for (var level = 0; level < Outers.Count; level++)
        {
            var outer = Outers[level];
            var declared = outer.Partial ? outer.Keyword.Replace("static class", "static partial class", StringComparison.Ordinal) : outer.Keyword;
            declared = outer.Partial && !declared.Contains("partial", StringComparison.Ordinal) ? "partial " + declared : declared;
            text.AppendLine($"{declared} {outer.Name}{TypeParameters(level, outer.Arity)}{Where(level, outer.Arity, outer.Constraint)}\n{{");
        }

        var attribute = Persistent ? "[PersistentStore]" : "[StateStore(Features = StateStoreFeatures.None)]";
        var contract = Persistent ? "IPersistentDataStore" : "IStateStore";
        var keyword = Record ? "record" : "class";
        text.AppendLine(attribute);
        text.AppendLine($"{Accessibility} {Modifiers} {(Partial ? "partial " : "")}{keyword} {Name}{TypeParameters(Outers.Count, Arity)} : {contract}{Where(Outers.Count, Arity, Constraint)}\n{{");
        // A state store declares its Features itself here, so the declaration compiles without the
        // generator too, and "not C#" can be told apart from what the generator adds.
        text.AppendLine(Persistent ? persistentBody : stateBody + "\n    public StateStoreFeatures Features => StateStoreFeatures.None;");
        text.AppendLine("}");
        foreach (var _ in Outers)
        {
            text.AppendLine("}");
        }

        if (depth == 1)
        {
            text.AppendLine("}");
        }

        return text.ToString();
    }

    /// <summary>The runtime name: namespace, outer types joined by '+', arities after a backquote, no @.</summary>
    public string MetadataName()
    {
        var names = Outers.Select(o => Metadata(o.Name, o.Arity)).Append(Metadata(Name, Arity));
        var ns = Namespace is null ? "" : string.Join(".", Namespace.Split('.').Select(part => part.TrimStart('@'))) + ".";
        return ns + string.Join("+", names);
    }

    /// <summary>Every type parameter, outermost first, as a closed generic type needs them.</summary>
    public Type[] TypeArguments() =>
        Outers.SelectMany(o => Enumerable.Repeat(ArgumentFor(o.Constraint), o.Arity))
            .Concat(Enumerable.Repeat(ArgumentFor(Constraint), Arity))
            .ToArray();

    public override string ToString() =>
        $"{(Persistent ? "[PersistentStore]" : "[StateStore]")} {Accessibility} {Modifiers} {(Partial ? "partial " : "")}{(Record ? "record" : "class")} " +
        $"{Namespace}{(Namespace is null ? "" : ".")}{string.Join(".", Outers.Select(o => $"{o.Keyword}:{o.Name}`{o.Arity}{(o.Partial ? "" : "(not partial)")}"))}.{Name}`{Arity}";

    private static string Metadata(string name, int arity) => name.TrimStart('@') + (arity == 0 ? "" : $"`{arity}");

    private static string TypeParameters(int level, int arity) =>
        arity == 0 ? "" : "<" + string.Join(", ", Enumerable.Range(0, arity).Select(i => Parameter(level, i))) + ">";

    private static string Where(int level, int arity, string constraint) =>
        constraint.Length == 0 ? "" : string.Concat(Enumerable.Range(0, arity).Select(i => $" where {Parameter(level, i)} : {constraint}"));

    // Named by nesting level, so a nested type's parameters never shadow an outer type's.
    private static string Parameter(int level, int index) => $"T{level}{(char)('A' + index)}";
}

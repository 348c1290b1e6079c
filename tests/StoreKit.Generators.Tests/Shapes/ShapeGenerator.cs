namespace StoreKit.Generators.Tests.Shapes;

/// <summary>Seeded random store declarations: names, nesting, generics, modifiers, namespaces.</summary>
internal static class ShapeGenerator
{
    // Plain, reserved keyword, contextual keyword, non-ASCII and underscore names.
    private static readonly string[] Names = ["Store", "@event", "@class", "@record", "@var", "Ñandú", "Σύνολο", "_store", "Flag_Store2", "@partial"];
    private static readonly string[] OuterNames = ["Outer", "@namespace", "Äußere", "@static", "Container"];
    private static readonly string[] Namespaces = ["MyCompany.Stores", "@event.Stores", "A.@class.B", "Ünicode"];
    private static readonly string[] Constraints = ["", "class", "new()", "struct", "System.IDisposable, new()"];
    private static readonly string[] OuterKeywords = ["class", "struct", "record", "record struct", "static class", "interface"];
    private static readonly string[] TopAccessibility = ["public", "internal", "file"];
    private static readonly string[] NestedAccessibility = ["public", "internal", "private", "protected internal", "private protected"];
    private static readonly string[] ClassModifiers = ["sealed", "", "", "abstract", "static"];

    public static StoreShape Next(Random random, bool persistent)
    {
        var outers = new List<OuterShape>();
        for (var depth = random.Next(0, 3); depth > 0; depth--)
        {
            var keyword = Pick(random, OuterKeywords);
            var arity = keyword is "interface" or "static class" ? 0 : Weighted(random, 0, 0, 1, 2);
            var name = Pick(random, OuterNames);
            name = outers.Any(o => o.Name == name) ? name + "2" : name;
            outers.Add(new OuterShape(keyword, name, arity, random.Next(8) != 0, arity == 0 ? "" : Pick(random, Constraints)));
        }

        var classArity = Weighted(random, 0, 0, 1, 2);
        var ns = random.Next(4) == 0 ? null : Pick(random, Namespaces);
        var accessibility = outers.Count == 0 ? Pick(random, TopAccessibility) : Pick(random, NestedAccessibility);
        return new StoreShape(
            ns,
            ns is not null && random.Next(2) == 0,
            outers,
            Pick(random, Names),
            accessibility,
            Pick(random, ClassModifiers),
            random.Next(10) != 0,
            random.Next(10) == 0,
            classArity,
            classArity == 0 ? "" : Pick(random, Constraints),
            persistent);
    }

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];

    private static int Weighted(Random random, params int[] choices) => choices[random.Next(choices.Length)];
}

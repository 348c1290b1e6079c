using Microsoft.CodeAnalysis.Text;

namespace StoreKit.Analyzers.Tests.Support;

/// <summary>
/// Test sources with their expected diagnostics marked inline: <c>[|code|]</c> for the rule under
/// test, <c>{|SK1001:code|}</c> for a named one.
/// </summary>
internal static class Markup
{
    public static (string Source, IReadOnlyList<(string? Id, TextSpan Span)> Expected) Parse(string markup)
    {
        var source = new System.Text.StringBuilder();
        var expected = new List<(string? Id, TextSpan Span)>();
        var open = new Stack<(string? Id, int Start)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((null, source.Length));
                i++;
            }
            else if (Starts(markup, i, "{|") && markup.IndexOf(':', i) is var colon and > 0)
            {
                open.Push((markup[(i + 2)..colon], source.Length));
                i = colon;
            }
            else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        return (source.ToString(), expected);
    }

    private static bool Starts(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}

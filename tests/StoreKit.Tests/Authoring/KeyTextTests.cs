using System.Buffers;
using StoreKit.Authoring;

namespace StoreKit.Tests.Authoring;

public class KeyTextTests
{
    [Theory]
    [InlineData("plain", "/", "plain")]
    [InlineData("a/b%c", "/", "a%2Fb%25c")]
    [InlineData("{tag}:$inited", ":${}", "%7Btag%7D%3A%24inited")]
    [InlineData("%3A", ":$", "%253A")]
    [InlineData("", ":$", "")]
    public void P_PFX_1_reserved_characters_and_percent_are_escaped_as_upper_case_hex(string name, string reserved, string escaped) =>
        Assert.Equal(escaped, KeyText.Escape(name, SearchValues.Create(reserved)));

    [Fact]
    public void P_PFX_1_names_that_differ_escape_differently_and_hold_no_reserved_character()
    {
        var reserved = SearchValues.Create(":");
        var names = new[] { "a:b", "a%3Ab", "a%253Ab", "a", "a:", "a%" };

        var escaped = names.Select(name => KeyText.Escape(name, reserved)).ToArray();

        Assert.Equal(names.Length, escaped.Distinct(StringComparer.Ordinal).Count());
        Assert.All(escaped, e => Assert.DoesNotContain(':', e));
    }

    [Fact]
    public void P_ARG_1_strict_UTF8_refuses_a_lone_surrogate() =>
        Assert.ThrowsAny<ArgumentException>(() => KeyText.StrictUtf8.GetBytes("a\uD800"));

    [Theory]
    [InlineData("a/b%c\u0000\u009F:$", "/:$\u0000\u009F")]
    [InlineData("%41 stays %41", "")]
    [InlineData("", "/")]
    public void P_PFX_1_unescape_reads_back_what_escape_wrote(string name, string reserved)
    {
        name = System.Text.RegularExpressions.Regex.Unescape(name);
        reserved = System.Text.RegularExpressions.Regex.Unescape(reserved);

        Assert.Equal(name, KeyText.Unescape(KeyText.Escape(name, SearchValues.Create(reserved))));
    }

    [Theory]
    [InlineData("100%", "100%")]
    [InlineData("%4", "%4")]
    [InlineData("%zz%41", "%zzA")]
    public void Unescape_keeps_a_percent_sign_that_Escape_did_not_write(string text, string read) =>
        Assert.Equal(read, KeyText.Unescape(text));
}

// A polyfill lives in the namespace the compiler looks it up in, not in its folder's.
#pragma warning disable IDE0130
namespace System.Runtime.CompilerServices;
#pragma warning restore IDE0130

/// <summary>Lets records compile for netstandard2.0, which lacks this marker type.</summary>
internal static class IsExternalInit
{
}

using StoreKit.State;

namespace StoreKit.Authoring;

/// <summary>
/// One key's write after <see cref="WriteFolding.Fold"/>: its last operation (a Set, or a Delete when
/// <see cref="Set"/> is null), guarded by the check of its first.
/// </summary>
public sealed record FoldedWrite(string Key, SetRequest? Set, WriteCheck Check, string? ETag);

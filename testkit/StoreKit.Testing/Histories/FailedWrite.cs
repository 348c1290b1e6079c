namespace StoreKit.Testing.Histories;

/// <summary>
/// One Upsert that threw (a cut network, a timeout, a cancelled call): the store may have stored it at
/// any moment after <see cref="CalledAt"/>, or never, so a history explains later answers with it or without it.
/// </summary>
public readonly record struct FailedWrite(string Key, int Version, long CalledAt)
{
    public override string ToString() => $"Upsert({Key}, v{Version}) [{CalledAt}..] -> threw";
}

namespace StoreKit.Testing.Faults;

/// <summary>
/// Whether a test's server is down right now, and the writes a store said it made while it was: one
/// called and answered within an outage cannot have reached the server, so acknowledging it is a lie.
/// Lets a restart test fail at once on such a store instead of waiting out its bound for a write to fail.
/// </summary>
internal sealed class OutageWindow
{
    private volatile bool _down;
    private int _acknowledgedWhileDown;

    public bool IsDown => _down;

    public int AcknowledgedWhileDown => Volatile.Read(ref _acknowledgedWhileDown);

    public void Down() => _down = true;

    public void Up() => _down = false;

    /// <summary>Runs a write; one called and acknowledged while the server was down is counted.</summary>
    public async Task WriteAsync(Func<Task> write)
    {
        var calledWhileDown = _down;
        await write().ConfigureAwait(false);
        if (calledWhileDown && _down)
        {
            Interlocked.Increment(ref _acknowledgedWhileDown);
        }
    }

    /// <summary>
    /// What a restart's whileDown waits for: the store noticed the outage (a write failed), or it
    /// acknowledged writes it cannot have made, which <paramref name="clause"/> then fails on.
    /// </summary>
    public async Task WaitForFailureAsync(Func<int> failures, int failuresBefore, string clause)
    {
        Down();
        await FaultRounds.WaitUntilAsync(() => failures() > failuresBefore || AcknowledgedWhileDown > 0, clause, "a write failing while the server is down").ConfigureAwait(false);
        Expect.That(AcknowledgedWhileDown == 0, clause, "no write acknowledged while the server was down", $"{AcknowledgedWhileDown} acknowledged (they cannot have reached it)");
        Up();
    }
}
